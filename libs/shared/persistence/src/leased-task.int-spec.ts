// LeasedTask on the real FerretDB, with several instances running at once as several service
// instances would: in every lease term exactly one of them runs, none overlaps itself, and when the
// holder stops another one takes over in a later term.
import { randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import { connectTestDatabase, eventually } from '@yp/shared-testing';
import { LeasedTask, type LeaseTerm } from './leased-task';

const TERM_MS = 600;

interface RunRecord {
  readonly term: number;
  readonly holder: string;
}

/** Records each run (its term and who ran it) and how many of its own runs were in progress at once. */
class RecordingTask extends LeasedTask<void> {
  private inProgress = 0;
  maxInProgress = 0;

  constructor(
    db: mongo.Db | undefined,
    readonly holder: string,
    private readonly runs: RunRecord[],
  ) {
    super(db, { name: 'recording', everyMs: 40, termMs: TERM_MS, holder });
  }

  protected async run(term: LeaseTerm): Promise<void> {
    this.inProgress++;
    this.maxInProgress = Math.max(this.maxInProgress, this.inProgress);
    this.runs.push({ term: Math.floor(term.now.getTime() / TERM_MS), holder: this.holder });
    // Longer than a tick: without the overlap guard the next tick would start a second run.
    await new Promise((r) => setTimeout(r, 90));
    this.inProgress--;
  }
}

function holdersByTerm(runs: readonly RunRecord[]): Map<number, Set<string>> {
  const byTerm = new Map<number, Set<string>>();
  for (const run of runs) byTerm.set(run.term, (byTerm.get(run.term) ?? new Set()).add(run.holder));
  return byTerm;
}

describe('LeasedTask on FerretDB', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-leased-task-test-${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('of five instances exactly one runs in each term, never overlapping itself; a stopped holder is replaced', async () => {
    const runs: RunRecord[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) => new RecordingTask(connection.db, `instance-${i}`, runs));
    for (const task of tasks) task.start();
    try {
      await eventually(() => Promise.resolve(holdersByTerm(runs).size >= 3), 'runs in three terms', 20000, 50);
      // The holder of the latest term stops; a later term is run by another instance.
      const stoppedHolder = runs.at(-1)!.holder;
      const stopped = tasks.find((t) => t.holder === stoppedHolder)!;
      await stopped.stop();
      const runsAtStop = runs.length;
      await eventually(
        () => Promise.resolve(runs.slice(runsAtStop).some((r) => r.holder !== stoppedHolder)),
        'another instance to take over',
        20000,
        50,
      );
      expect(runs.slice(runsAtStop).filter((r) => r.holder === stoppedHolder)).toEqual([]);
    } finally {
      await Promise.all(tasks.map((t) => t.stop()));
    }
    for (const [term, holders] of holdersByTerm(runs))
      expect({ term, holders: [...holders] }).toEqual({ term, holders: [expect.any(String)] });
    // Each holder ran more than once in its term (every tick), but never two runs at once.
    expect(Math.max(...[...holdersByTerm(runs).keys()].map((term) => runs.filter((r) => r.term === term).length))).toBeGreaterThan(1);
    expect(tasks.map((t) => t.maxInProgress).filter((n) => n > 1)).toEqual([]);
  });
});
