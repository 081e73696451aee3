import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { DatabaseLease, type LeaseDocument } from './database-lease';

/** What one run gets: the instant it started, and whether it may go on. */
export interface LeaseTerm {
  /** When the run started (the instant a test passes to `runOnce`). */
  readonly now: Date;
  /**
   * Whether this instance still holds the lease (its term has not passed) and is not stopping.
   * A long run checks it before each step and ends when it is false; the next holder repeats what
   * was left, so every step must be safe to repeat.
   */
  holds(): Promise<boolean>;
}

export interface LeasedTaskOptions {
  /** Names the lease: its documents are `<name>:<term number>` in the `leases` collection. */
  readonly name: string;
  /** Every instance tries this often; the instance holding the current term runs the work. */
  readonly everyMs: number;
  /**
   * Length of a lease term; the holder keeps it (and runs every `everyMs`) until the term ends, and
   * the next term is free for any instance. Default `max(2 × everyMs, 10 s)`.
   */
  readonly termMs?: number;
  /** This instance in the lease documents; default a random UUID. */
  readonly holder?: string;
}

/**
 * Runs work every `everyMs` on exactly one instance per lease term, however many instances run:
 * the schedule of a retention, a digest run, a sweep. It is a Nest provider's base class: extend it,
 * call `super(connection.db, { name, everyMs })` and implement `run`; Nest starts it after bootstrap
 * and stops it on shutdown (the `onApplicationBootstrap`/`onModuleDestroy` hooks below). Tests call
 * `runOnce(now)` directly.
 *
 * - Exactly one instance per term: the lease is a unique insert in the database (`DatabaseLease`).
 * - Never overlapping: a tick while the previous run is still going is skipped.
 * - Failures are logged (warn), not thrown: the next tick tries again.
 * - Graceful stop: no new runs; `term.holds()` turns false, and `stop()` waits for the run in progress.
 */
export abstract class LeasedTask<R = unknown> {
  readonly lease: DatabaseLease;
  /** The database the lease is in (checked open), for the subclass's own collections. */
  protected readonly db: mongo.Db;
  protected readonly logger = new Logger(this.constructor.name);
  private readonly everyMs: number;
  private readonly name: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  protected constructor(db: mongo.Db | undefined, options: LeasedTaskOptions) {
    if (!db) throw new Error('MongoDB connection is not open');
    this.db = db;
    this.name = options.name;
    this.everyMs = options.everyMs;
    const termMs = options.termMs ?? Math.max(options.everyMs * 2, 10_000);
    this.lease = new DatabaseLease(db.collection<LeaseDocument>('leases'), options.name, options.holder ?? randomUUID(), termMs);
  }

  /** The work of one tick, on the instance holding the term. */
  protected abstract run(term: LeaseTerm): Promise<R>;

  /** One tick: takes the term if it is free and runs; undefined when another instance holds the term. */
  async runOnce(now = new Date()): Promise<R | undefined> {
    if (!(await this.lease.acquire(now.getTime()))) return undefined;
    const started = Date.now();
    return this.run({
      now,
      // The term is judged on the run's own clock: `now` plus the time the run has taken so far.
      holds: async () => !this.stopping && (await this.lease.holds(now.getTime() + (Date.now() - started))),
    });
  }

  start(): void {
    this.stopping = false;
    this.timer ??= setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
  }

  /** Stops the schedule and waits for a run in progress (which sees `holds()` false from now on). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}
