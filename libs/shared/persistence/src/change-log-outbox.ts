import { performance } from 'node:perf_hooks';
import type { mongo } from 'mongoose';
import { isDuplicateKeyError, type ChangeDocument, type OutboxRecord } from './versioned-store';

export interface PendingOutboxEntry {
  /** The change document's `_id` (`<aggregateId>:<version>`). */
  readonly id: string;
  /** The change log holding it (`<name>_changes`). */
  readonly collection: string;
  readonly records: readonly OutboxRecord[];
}

/** One read of the pending markers: what to publish now, and what the read saw. */
export interface PendingBatch {
  readonly entries: PendingOutboxEntry[];
  /** Markers read (at most the limit asked for). Fewer than the limit: that is every marker there is. */
  readonly markersRead: number;
  /** Markers whose change is not (yet) in its change log: a commit in flight, or one that never happened. */
  readonly unresolved: number;
}

/**
 * "This change may be unpublished": one small document per change not yet published, written
 * before the change itself. `_id` is `<change log>|<change id>`, so writing it twice is harmless.
 */
export interface PendingMarker {
  _id: string;
  collection: string;
  changeId: string;
  /** When the writer marked it (its clock): the relay's order, oldest first. */
  at: Date;
}

interface BackfillDocument {
  _id: string;
  at: Date;
}

/** Told of each commit: the change committed, when its writer names it. */
export type CommitListener = (committed?: PendingOutboxEntry) => void;

export interface ChangeLogOutboxOptions {
  /** Collection of pending markers. */
  readonly markers?: string;
  /** Collection recording which change logs had their unpublished changes marked once (see `backfill`). */
  readonly backfills?: string;
  /**
   * A marker whose change never appeared is dropped after this long (a writer that died between
   * marker and change). A writer whose commit took more than half of it marks again afterwards.
   */
  readonly orphanGraceMs?: number;
  /** The relay's clock (tests). */
  readonly now?: () => number;
}

/** Marker collection used when none is named. */
export const OUTBOX_MARKERS = 'outbox_pending';
export const OUTBOX_BACKFILLS = 'outbox_backfills';
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60 * 1000;

/** What a writer holds between marking a change and committing it. */
export interface OutboxTicket {
  readonly marker: PendingMarker;
  /** Monotonic time at which `marker.at` was taken. */
  readonly startedAt: number;
}

/**
 * The service's outbox over its change logs. A change and its records are one document in the
 * change log (the commit). Finding the unpublished ones must not scan the change logs (FerretDB v1
 * indexes only `_id` point lookups, so a filter on any other field reads every change ever made,
 * every poll). So each commit first writes a pending marker, and the relay reads the markers (a
 * collection as small as the backlog) and looks each change up by `_id`. Once the broker has the
 * records the relay sets `publishedAt` on the change and then deletes the marker (see
 * `markPublished` for why the marker alone cannot say "published").
 *
 * Why no event is lost without transactions (single-document atomicity only):
 * - the marker is written **before** the change: a change that exists has (or had) its marker;
 * - a marker is deleted only after its change was sent (acknowledged by the broker), or when its
 *   change is missing after `orphanGraceMs`; in that case the relay deletes first and then looks
 *   for the change once more, putting the marker back if it is there now; and a writer whose
 *   commit took longer than half the grace writes its marker again after the insert (see
 *   docs/architecture.md).
 *
 * Stores register their change logs (`VersionedStore` with `{ outbox }`), and the outbox tells
 * its listeners after each commit (the relay publishes at once instead of at its next poll).
 */
export class ChangeLogOutbox {
  readonly markers: mongo.Collection<PendingMarker>;
  private readonly backfills: mongo.Collection<BackfillDocument>;
  private readonly changeLogs = new Set<string>();
  private readonly listeners = new Set<CommitListener>();
  private readonly orphanGraceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: mongo.Db,
    options: ChangeLogOutboxOptions = {},
  ) {
    this.markers = db.collection<PendingMarker>(options.markers ?? OUTBOX_MARKERS);
    this.backfills = db.collection<BackfillDocument>(options.backfills ?? OUTBOX_BACKFILLS);
    this.orphanGraceMs = options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    this.now = options.now ?? Date.now;
  }

  /** A change log whose changes this outbox publishes (VersionedStore registers its own). */
  register(changeCollection: string): void {
    this.changeLogs.add(changeCollection);
  }

  get registered(): readonly string[] {
    return [...this.changeLogs];
  }

  /**
   * Called after every commit, with the committed change when the writer names it (the relay
   * publishes it without reading it back); returns the unsubscribe function.
   */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Before the change insert: marks the change pending. Throws (and so aborts the commit) if it cannot. */
  async willCommit(changeCollection: string, changeId: string): Promise<OutboxTicket> {
    const startedAt = performance.now();
    const marker: PendingMarker = { _id: markerId(changeCollection, changeId), collection: changeCollection, changeId, at: new Date() };
    await this.insertMarker(marker);
    return { marker, startedAt };
  }

  /**
   * After the change insert succeeded: re-marks a slow commit, then tells the listeners (the relay),
   * handing them the change committed (`entry`) when given.
   */
  async committed(ticket: OutboxTicket, entry?: PendingOutboxEntry): Promise<void> {
    if (performance.now() - ticket.startedAt > this.orphanGraceMs / 2) await this.insertMarker(ticket.marker);
    for (const listener of this.listeners) listener(entry);
  }

  /**
   * The oldest pending changes, by their markers (`limit` markers at most). Tidies on the way:
   * markers of changes already published are deleted; markers whose change is missing are kept
   * (a commit in flight) until `orphanGraceMs`, then deleted (see the class comment). `known`
   * names the changes the caller holds already (committed in this process and handed over, not yet
   * published): those are not read again. Entries come oldest first by marker either way.
   */
  async pending(limit: number, known?: (marker: PendingMarker) => PendingOutboxEntry | undefined): Promise<PendingBatch> {
    const markers = await this.markers.find({}).sort({ at: 1, _id: 1 }).limit(limit).toArray();
    const found = await inParallel(markers, async (marker) => {
      const entry = known?.(marker);
      return entry ? { marker, entry } : { marker, change: await this.changeOf(marker) };
    });
    const entries: PendingOutboxEntry[] = [];
    let unresolved = 0;
    for (const { marker, entry, change } of found) {
      if (entry) {
        entries.push(entry);
      } else if (change && !change.publishedAt) {
        // The marker is there, so the change was not sent yet (or a relay died between sending it
        // and deleting the marker: sent again, at least once).
        entries.push({ id: change._id, collection: marker.collection, records: change.records });
      } else if (change) {
        await this.markers.deleteOne({ _id: marker._id });
      } else if (this.now() - marker.at.getTime() > this.orphanGraceMs) {
        await this.dropOrphan(marker);
      } else {
        unresolved++;
      }
    }
    return { entries, markersRead: markers.length, unresolved };
  }

  /**
   * Whether a change may still be sent by a relay (its marker is there): until then the relay may
   * also write its document (`markFailed`). Changes from before the markers: see `publishedAt`.
   */
  async isPending(changeCollection: string, changeId: string): Promise<boolean> {
    return (await this.markers.countDocuments({ _id: markerId(changeCollection, changeId) }, { limit: 1 })) > 0;
  }

  /** How many markers there are: the backlog (reads the marker collection only, never a change log). */
  async countMarkers(): Promise<number> {
    return this.markers.countDocuments({});
  }

  /**
   * After the broker acknowledged their records: sets `publishedAt` on each change, then deletes
   * their markers (one delete, a filter on the small marker collection, not one per change). The
   * marker alone cannot say "published": a writer that lost a race for the same change id (two
   * first PUTs of one source id) writes the marker again after the winner's was deleted, and its
   * change insert then fails as a duplicate; the relay finds that marker, reads the change, sees
   * `publishedAt` and deletes the marker instead of sending the change twice.
   */
  async markPublished(entries: readonly PendingOutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = new Date();
    await inParallel(entries, (entry) => this.changes(entry.collection).updateOne({ _id: entry.id }, { $set: { publishedAt: now } }));
    const ids = entries.map((entry) => markerId(entry.collection, entry.id));
    if (ids.length === 1) await this.markers.deleteOne({ _id: ids[0] });
    else await this.markers.deleteMany({ _id: { $in: ids } });
  }

  async markFailed(entries: readonly PendingOutboxEntry[], error: string): Promise<void> {
    await inParallel(entries, (entry) =>
      this.changes(entry.collection).updateOne(
        { _id: entry.id },
        { $inc: { publishAttempts: 1 }, $set: { lastPublishError: error.slice(0, 500) } },
      ),
    );
  }

  /**
   * Once per change log and database: marks the changes committed before markers existed (a
   * database written by an earlier version): those without `publishedAt` and without `marked`. The one scan of a change log left, recorded in
   * `outbox_backfills` so that it never runs again; repeating it is harmless (markers are keyed).
   * Returns how many markers it wrote.
   */
  async backfill(): Promise<number> {
    let marked = 0;
    for (const name of this.changeLogs) {
      if (await this.backfills.findOne({ _id: name })) continue;
      const unpublished = await this.changes(name)
        .find({ publishedAt: { $exists: false }, marked: { $exists: false } }, { projection: { _id: 1, committedAt: 1 } })
        .toArray();
      for (const change of unpublished) {
        if (await this.insertMarker({ _id: markerId(name, change._id), collection: name, changeId: change._id, at: change.committedAt }))
          marked++;
      }
      await this.backfills.replaceOne({ _id: name }, { at: new Date() }, { upsert: true });
    }
    return marked;
  }

  /** Indexes MongoDB would use for the relay's read (FerretDB v1 reads the small collection whole). */
  async ensureIndexes(): Promise<void> {
    await this.markers.createIndex({ at: 1, _id: 1 }, { name: 'relay_order' });
  }

  private changes(name: string): mongo.Collection<ChangeDocument<unknown>> {
    return this.db.collection<ChangeDocument<unknown>>(name);
  }

  private changeOf(marker: PendingMarker) {
    return this.changes(marker.collection).findOne<Pick<ChangeDocument<unknown>, '_id' | 'records' | 'publishedAt'>>(
      { _id: marker.changeId },
      { projection: { records: 1, publishedAt: 1 } },
    );
  }

  /** Delete first, then look again: a change that landed meanwhile gets its marker back. */
  private async dropOrphan(marker: PendingMarker): Promise<void> {
    await this.markers.deleteOne({ _id: marker._id });
    const change = await this.changeOf(marker);
    if (change && !change.publishedAt) await this.insertMarker(marker);
  }

  /** True if written, false if the marker was there already. */
  private async insertMarker(marker: PendingMarker): Promise<boolean> {
    try {
      await this.markers.insertOne(marker);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  }
}

/** Point operations a few at a time: a batch of 100 must not take every connection of the pool. */
const PARALLEL = 16;

async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) results.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(work))));
  return results;
}

export function markerId(changeCollection: string, changeId: string): string {
  return `${changeCollection}|${changeId}`;
}
