import { GroupCommit } from './group-commit';

/** A write the test ends by hand, recording the groups it was given. */
function manualWrite() {
  const groups: number[][] = [];
  const ends: ((error?: Error) => void)[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      groups.push(items);
      ends.push((error) => (error ? reject(error) : resolve(items.map((i) => `done ${i}`))));
    });
  return { groups, ends, write };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes the items submitted in one turn together, at once (no timer), and answers each in order', async () => {
    const { groups, ends, write } = manualWrite();
    const commit = new GroupCommit(write, 10);
    const answers = [1, 2, 3].map((i) => commit.submit(i));
    await settle();
    expect(groups).toEqual([[1, 2, 3]]);
    ends[0]();
    await expect(Promise.all(answers)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('gathers what is submitted while a write is in flight into the next write, at most maxItems at a time', async () => {
    const { groups, ends, write } = manualWrite();
    const commit = new GroupCommit(write, 2);
    const first = commit.submit(1);
    await settle();
    const later = [2, 3, 4].map((i) => commit.submit(i));
    await settle();
    // One write in flight at a time: the others wait for it.
    expect(groups).toEqual([[1]]);
    expect(commit.pending).toBe(3);
    ends[0]();
    await expect(first).resolves.toBe('done 1');
    await settle();
    expect(groups).toEqual([[1], [2, 3]]);
    ends[1]();
    await settle();
    expect(groups).toEqual([[1], [2, 3], [4]]);
    ends[2]();
    await expect(Promise.all(later)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('gives a failed write’s error to every item of its group, and goes on with the next group', async () => {
    const { groups, ends, write } = manualWrite();
    const commit = new GroupCommit(write, 10);
    const failing = [commit.submit(1), commit.submit(2)];
    await settle();
    const next = commit.submit(3);
    ends[0](new Error('store gone'));
    await expect(failing[0]).rejects.toThrow('store gone');
    await expect(failing[1]).rejects.toThrow('store gone');
    await settle();
    expect(groups).toEqual([[1, 2], [3]]);
    ends[1]();
    await expect(next).resolves.toBe('done 3');
  });
});
