import { DueQueue, type QueuedDelivery } from './due-queue';

const at = (id: string, dueAt: number, attempts = 0): QueuedDelivery => ({ id, personId: `p-${id}`, attempts, dueAt });
const ids = (entries: readonly QueuedDelivery[]) => entries.map((e) => e.id);

describe('DueQueue', () => {
  it('hands out what is due in arrival order, at most the limit at a time', () => {
    const queue = new DueQueue();
    for (const id of ['a', 'b', 'c']) queue.add(at(id, 100), 100);
    expect(ids(queue.take(2, 100))).toEqual(['a', 'b']);
    expect(ids(queue.take(2, 100))).toEqual(['c']);
    expect(queue.take(2, 100)).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('keeps later entries until their time, then by due time, and says when the next one is due', () => {
    const queue = new DueQueue();
    queue.add(at('late', 500), 100);
    queue.add(at('soon', 200), 100);
    queue.add(at('now', 100), 100);
    expect(queue.nextDueAt(100)).toBe(100);
    expect(ids(queue.take(10, 100))).toEqual(['now']);
    expect(queue.nextDueAt(100)).toBe(200);
    expect(queue.take(10, 199)).toEqual([]);
    expect(ids(queue.take(10, 600))).toEqual(['soon', 'late']);
    expect(queue.nextDueAt(600)).toBeUndefined();
  });

  it('holds one entry per delivery: adding it again moves it (a retry after a backoff)', () => {
    const queue = new DueQueue();
    queue.add(at('a', 100), 100);
    queue.add(at('a', 300, 1), 100);
    expect(queue.size).toBe(1);
    expect(queue.take(10, 100)).toEqual([]);
    expect(queue.nextDueAt(100)).toBe(300);
    expect(queue.take(10, 300)).toEqual([at('a', 300, 1)]);
    // Moved earlier: the stale later entry is not handed out a second time.
    queue.add(at('b', 500), 100);
    queue.add(at('b', 100, 2), 100);
    expect(queue.take(10, 100)).toEqual([at('b', 100, 2)]);
    expect(queue.take(10, 1000)).toEqual([]);
    expect(queue.nextDueAt(1000)).toBeUndefined();
  });

  it('forgets removed entries', () => {
    const queue = new DueQueue();
    queue.add(at('a', 100), 100);
    queue.add(at('b', 200), 100);
    queue.remove('a');
    queue.remove('b');
    expect(queue.has('a')).toBe(false);
    expect(queue.take(10, 1000)).toEqual([]);
    expect(queue.nextDueAt(1000)).toBeUndefined();
  });

  it('stays in order through many entries (the ready list is compacted as it is consumed)', () => {
    const queue = new DueQueue();
    const taken: string[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.add(at(`n${i}`, 0), 0);
      if (i % 3 === 2) taken.push(...ids(queue.take(2, 0)));
    }
    taken.push(...ids(queue.take(10000, 0)));
    expect(taken).toEqual(Array.from({ length: 5000 }, (_, i) => `n${i}`));
  });
});
