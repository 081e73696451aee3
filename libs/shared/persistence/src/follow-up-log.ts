import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './versioned-store';

/**
 * Work on another aggregate that must follow a change, stored in the change document itself (a plain
 * document: `kind` names the handler, the rest is its data; ids, never personal data).
 */
export interface FollowUp {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** What a handler learns about the run. */
export interface FollowUpContext {
  /** The change log and change id the follow-up belongs to. */
  readonly collection: string;
  readonly changeId: string;
  /** False when the writer runs it right after its own commit; true when a sweep completes it later. */
  readonly recovering: boolean;
  /** When the writer marked the change, just before committing it (the writer's clock). */
  readonly markedAt: Date;
}

export type FollowUpHandler = (followUp: FollowUp, context: FollowUpContext) => Promise<void>;

/** "The follow-ups of this change may not have run": one small document per change, written before the change. */
export interface FollowUpMarker {
  /** `<change log>|<change id>`: a repeat is a no-op. */
  _id: string;
  collection: string;
  changeId: string;
  /** When the writer marked it (its clock). */
  at: Date;
}

/** What a writer holds between marking a change and running its follow-ups. */
export interface FollowUpTicket {
  readonly marker: FollowUpMarker;
  /** Monotonic time at which `marker.at` was taken. */
  readonly startedAt: number;
  readonly followUps: readonly FollowUp[];
}

export interface FollowUpLogOptions {
  /** Collection of markers; default `follow_ups_pending`. */
  readonly markers?: string;
  /** A marker whose change never appeared is dropped after this long (a writer that died before its commit). */
  readonly orphanGraceMs?: number;
  /** The sweep's clock (tests). */
  readonly now?: () => number;
}

export const FOLLOW_UP_MARKERS = 'follow_ups_pending';
export const DEFAULT_FOLLOW_UP_ORPHAN_GRACE_MS = 10 * 60 * 1000;

/**
 * Makes "commit this change, then write that other aggregate" recoverable without transactions
 * (FerretDB v1: single-document atomicity and unique inserts only). A `VersionedStore` built with
 * `{ followUps }` commits a change that carries `followUps` as:
 *
 * 1. insert a marker (`<change log>|<change id>`) in `follow_ups_pending`;
 * 2. insert the change with its follow-ups (the commit point: the instruction is part of it);
 * 3. after the aggregate's lock is released, run each follow-up's handler, then delete the marker.
 *
 * A writer that dies between 2 and 3 leaves a marker whose change exists: `completeDue` (a sweep)
 * runs the follow-ups from the change document and deletes the marker. A writer that dies between 1
 * and 2 leaves a marker without change: the write was never accepted, and the marker is dropped
 * after `orphanGraceMs` (deleted first, then the change looked up once more and the marker put back
 * if it landed meanwhile; a commit slower than half the grace marks again, as `ChangeLogOutbox` does).
 *
 * At least once: a follow-up may run twice (a sweep racing a slow writer, a crash after the handler
 * but before the marker's delete, a writer that lost a version conflict leaving its marker on the
 * winner's change), so handlers must be harmless to repeat. A handler that throws keeps the marker;
 * the sweep tries again. Follow-ups are not ordered with other writes: a handler reads what is
 * current when it runs.
 *
 * Use: inject one `FollowUpLog` per service, register a handler per kind (`handle`), build the
 * stores with `{ outbox, followUps }`, commit `{ state, records, followUps: [{ kind, ...ids }] }`,
 * and run `completeDue` from a `LeasedTask` (docs/adr/009-follow-ups-complete-a-second-write.md).
 */
export class FollowUpLog {
  readonly markers: mongo.Collection<FollowUpMarker>;
  private readonly handlers = new Map<string, FollowUpHandler>();
  private readonly logger = new Logger(FollowUpLog.name);
  private readonly orphanGraceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: mongo.Db,
    options: FollowUpLogOptions = {},
  ) {
    this.markers = db.collection<FollowUpMarker>(options.markers ?? FOLLOW_UP_MARKERS);
    this.orphanGraceMs = options.orphanGraceMs ?? DEFAULT_FOLLOW_UP_ORPHAN_GRACE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The handler of one kind of follow-up (one per kind). */
  handle(kind: string, handler: FollowUpHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A follow-up handler for ${kind} is registered already`);
    this.handlers.set(kind, handler);
  }

  /** Before the change insert: marks the change. Throws (and so aborts the commit) if it cannot. */
  async willCommit(collection: string, changeId: string, followUps: readonly FollowUp[]): Promise<FollowUpTicket> {
    const startedAt = performance.now();
    const marker: FollowUpMarker = { _id: `${collection}|${changeId}`, collection, changeId, at: new Date(this.now()) };
    await this.insertMarker(marker);
    return { marker, startedAt, followUps };
  }

  /**
   * After the change insert: runs its follow-ups and deletes the marker. A failure is logged, not
   * thrown: the change is committed, and the sweep completes what is left.
   */
  async committed(ticket: FollowUpTicket): Promise<void> {
    if (performance.now() - ticket.startedAt > this.orphanGraceMs / 2) await this.insertMarker(ticket.marker);
    await this.complete(ticket.marker, ticket.followUps, false);
  }

  /**
   * The sweep: completes the follow-ups of changes marked at least `olderThanMs` ago (younger ones
   * are still being run by their writer), oldest first, `limit` markers at most; stops early when
   * `holds` turns false. Returns how many changes it completed.
   */
  async completeDue(options: { olderThanMs: number; limit: number; holds?: () => Promise<boolean> }): Promise<number> {
    const cutoff = new Date(this.now() - options.olderThanMs);
    const due = await this.markers
      .find({ at: { $lte: cutoff } })
      .sort({ at: 1, _id: 1 })
      .limit(options.limit)
      .toArray();
    let completed = 0;
    for (const marker of due) {
      if (options.holds && !(await options.holds())) break;
      const change = await this.changeOf(marker);
      if (change) {
        if (await this.complete(marker, change.followUps ?? [], true)) completed++;
      } else if (this.now() - marker.at.getTime() > this.orphanGraceMs) {
        await this.markers.deleteOne({ _id: marker._id });
        if (await this.changeOf(marker)) await this.insertMarker(marker);
      }
    }
    return completed;
  }

  /** How many changes still wait for their follow-ups (the marker collection only). */
  async countPending(): Promise<number> {
    return this.markers.countDocuments({});
  }

  private async complete(marker: FollowUpMarker, followUps: readonly FollowUp[], recovering: boolean): Promise<boolean> {
    const context: FollowUpContext = { collection: marker.collection, changeId: marker.changeId, recovering, markedAt: marker.at };
    try {
      for (const followUp of followUps) {
        const handler = this.handlers.get(followUp.kind);
        if (!handler) throw new Error(`no handler for follow-up ${followUp.kind}`);
        await handler(followUp, context);
      }
    } catch (error) {
      this.logger.warn(`Follow-up of ${marker.changeId} in ${marker.collection} failed; the sweep retries it: ${String(error)}`);
      return false;
    }
    await this.markers.deleteOne({ _id: marker._id });
    return true;
  }

  private changeOf(marker: FollowUpMarker) {
    return this.db
      .collection<{ _id: string; followUps?: FollowUp[] }>(marker.collection)
      .findOne({ _id: marker.changeId }, { projection: { followUps: 1 } });
  }

  private async insertMarker(marker: FollowUpMarker): Promise<void> {
    try {
      await this.markers.insertOne(marker);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
