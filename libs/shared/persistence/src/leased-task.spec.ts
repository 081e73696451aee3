import type { mongo } from 'mongoose';
import { LeasedTask, type LeaseTerm } from './leased-task';

/** A `leases` collection with a unique `_id`, shared by several "instances". */
function memoryDb(): mongo.Db {
  const docs = new Map<string, { _id: string; holder: string }>();
  const leases = {
    insertOne(doc: { _id: string; holder: string }) {
      if (docs.has(doc._id)) return Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
      docs.set(doc._id, doc);
      return Promise.resolve({});
    },
    findOne(filter: { _id: string }) {
      return Promise.resolve(docs.get(filter._id) ?? null);
    },
    deleteMany() {
      return Promise.resolve({ deletedCount: 0 });
    },
  };
  return { collection: () => leases } as unknown as mongo.Db;
}

/** A task whose runs the test drives: each run waits for `finish()` or fails when told to. */
class Sweep extends LeasedTask<string> {
  started = 0;
  seen: LeaseTerm[] = [];
  failNext = false;
  private finishRun: (() => void) | undefined;

  constructor(
    db: mongo.Db,
    holder: string,
    readonly warnings: string[] = [],
  ) {
    super(db, { name: 'sweep', everyMs: 100, termMs: 1000, holder });
    Object.assign(this.logger, { warn: (m: string) => warnings.push(m) });
  }

  finish(): void {
    this.finishRun?.();
  }

  protected run(term: LeaseTerm): Promise<string> {
    this.started++;
    this.seen.push(term);
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('db away'));
    }
    return new Promise((resolve) => (this.finishRun = () => resolve(`run ${this.started}`)));
  }
}

describe('LeasedTask', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-23T10:00:00.050Z') }));
  afterEach(() => jest.useRealTimers());

  it('runs on the instance holding the term only; runOnce answers undefined elsewhere', async () => {
    const db = memoryDb();
    const a = new Sweep(db, 'a');
    const b = new Sweep(db, 'b');
    const now = new Date();
    const first = a.runOnce(now);
    expect(await b.runOnce(now)).toBeUndefined();
    await jest.advanceTimersByTimeAsync(0);
    a.finish();
    expect(await first).toBe('run 1');
    expect(b.started).toBe(0);
    // The next term is free for anyone.
    const next = b.runOnce(new Date(now.getTime() + 1000));
    await jest.advanceTimersByTimeAsync(0);
    b.finish();
    expect(await next).toBe('run 1');
  });

  it('never overlaps runs, logs failures instead of throwing, and stop() waits for the run in progress', async () => {
    const task = new Sweep(memoryDb(), 'a');
    task.start();
    await jest.advanceTimersByTimeAsync(100);
    expect(task.started).toBe(1);
    await jest.advanceTimersByTimeAsync(300); // still running: ticks are skipped
    expect(task.started).toBe(1);
    task.failNext = true;
    task.finish();
    await jest.advanceTimersByTimeAsync(100);
    expect(task.started).toBe(2);
    expect(task.warnings).toEqual(['sweep failed: Error: db away']);

    await jest.advanceTimersByTimeAsync(100);
    expect(task.started).toBe(3);
    expect(await task.seen[2]?.holds()).toBe(true);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    // A run in progress learns that it should end.
    expect(await task.seen[2]?.holds()).toBe(false);
    task.finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(500);
    expect(task.started).toBe(3);
  });

  it('holds() turns false when the term has passed during a run', async () => {
    const task = new Sweep(memoryDb(), 'a');
    const run = task.runOnce(new Date());
    await jest.advanceTimersByTimeAsync(0);
    const term = task.seen[0];
    expect(await term.holds()).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await term.holds()).toBe(false);
    task.finish();
    await run;
  });

  it('refuses a connection without a database', () => {
    class NoDb extends LeasedTask {
      constructor() {
        super(undefined, { name: 'x', everyMs: 1000 });
      }
      protected run(): Promise<void> {
        return Promise.resolve();
      }
    }
    expect(() => new NoDb()).toThrow('MongoDB connection is not open');
  });
});
