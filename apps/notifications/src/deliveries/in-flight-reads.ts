/**
 * Reads by key in which a read that starts while another of the same key is in flight shares that
 * read's answer instead of asking the store again; nothing is kept once a read has ended (no cache:
 * the next read asks the store). The answer is at most one read older than a read of one's own
 * would have been. The sender reads each email's recipient and address hold at send time: the
 * emails that go out together are mostly to the same few people (a municipality's officers).
 */
export class InFlightReads<T> {
  private readonly reads = new Map<string, Promise<T>>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    let reading = this.reads.get(key);
    if (!reading) {
      reading = this.read(key).finally(() => this.reads.delete(key));
      this.reads.set(key, reading);
    }
    return reading;
  }
}
