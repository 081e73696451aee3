/**
 * Writes of one kind, committed together: each `submit` waits for one write of a group of items.
 * A group goes out as soon as the items submitted in the same turn of the event loop are in, with
 * no timer: when the store is quick, an item waits for nothing but its own write; while a write is
 * in flight, the items submitted meanwhile gather (up to `maxItems`) and go out together when it
 * ends. So one write is in flight at a time, and a busy store is asked fewer, larger writes.
 *
 * `write` answers per item, in the order given; if it throws, every item of its group gets the
 * error (the caller knows nothing of which went in, as with a single write that failed).
 */
export class GroupCommit<Item, Result> {
  private waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;
  private scheduled = false;

  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxItems: number,
  ) {}

  /** Items waiting for a write (not counting the one in flight). */
  get pending(): number {
    return this.waiting.length;
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.writing || this.scheduled) return;
      // After the current turn: the items submitted in the same loop (a pump) share the write.
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.next();
      });
    });
  }

  private next(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const group = this.waiting.splice(0, this.maxItems);
    void this.write(group.map((g) => g.item))
      .then(
        (results) => group.forEach((g, i) => g.resolve(results[i])),
        (error: unknown) => group.forEach((g) => g.reject(error)),
      )
      .finally(() => {
        this.writing = false;
        this.next();
      });
  }
}
