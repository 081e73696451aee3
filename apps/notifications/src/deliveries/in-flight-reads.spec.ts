import { InFlightReads } from './in-flight-reads';

describe('InFlightReads', () => {
  it('shares a read in flight between callers of the same key, and asks again once it has ended', async () => {
    const asked: string[] = [];
    const answers: ((value: string) => void)[] = [];
    const reads = new InFlightReads(
      (key) =>
        new Promise<string>((resolve) => {
          asked.push(key);
          answers.push((value) => resolve(`${key}=${value}`));
        }),
    );
    const first = [reads.get('a'), reads.get('a'), reads.get('b')];
    expect(asked).toEqual(['a', 'b']);
    answers[0]('1');
    answers[1]('2');
    await expect(Promise.all(first)).resolves.toEqual(['a=1', 'a=1', 'b=2']);
    // Not kept: a read after the first one ended asks the store again.
    const again = reads.get('a');
    expect(asked).toEqual(['a', 'b', 'a']);
    answers[2]('3');
    await expect(again).resolves.toBe('a=3');
  });

  it('gives a failed read’s error to each caller that shared it, and asks again next time', async () => {
    let calls = 0;
    const reads = new InFlightReads((key) => (++calls === 1 ? Promise.reject(new Error('store gone')) : Promise.resolve(key)));
    const shared = [reads.get('a'), reads.get('a')];
    await expect(shared[0]).rejects.toThrow('store gone');
    await expect(shared[1]).rejects.toThrow('store gone');
    await expect(reads.get('a')).resolves.toBe('a');
    expect(calls).toBe(2);
  });
});
