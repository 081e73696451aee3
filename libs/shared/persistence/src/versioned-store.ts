import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { ChangeLogOutbox } from './change-log-outbox';
import type { FollowUp, FollowUpLog, FollowUpTicket } from './follow-up-log';
import { KeyedMutex } from './keyed-mutex';

type Collection<T extends mongo.Document> = mongo.Collection<T>;
type Db = mongo.Db;
type Document = mongo.Document;

/** An outgoing Kafka record queued in the outbox together with the change that caused it. */
export interface OutboxRecord {
  readonly topic: string;
  readonly key: string;
  /** JSON text; null is a tombstone (compacted topics). */
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/**
 * One committed change of an aggregate: the commit point, the audit trail and the outbox entry in
 * one document. Its `_id` is `<aggregateId>:<version>` so that the insert is a compare-and-set:
 * two writers of the same version cannot both succeed (unique `_id`, atomic on MongoDB and on
 * FerretDB alike, which has no transactions and read-then-write updates).
 */
export interface ChangeDocument<S> {
  _id: string;
  aggregateId: string;
  version: number;
  state: S | null;
  records: OutboxRecord[];
  /** Work on other aggregates that follows this change (see FollowUpLog); absent when none. */
  followUps?: FollowUp[];
  committedAt: Date;
  /**
   * Written after its outbox marker, by a version that keeps the marker until the change is sent
   * and never sets `publishedAt`: published is "no marker left" (see ChangeLogOutbox). Absent on
   * changes from before, which the one-time backfill looks at.
   */
  marked?: true;
  /** Set by relays before issue 11 once the change was sent; newer relays delete the marker instead. */
  publishedAt?: Date;
  publishAttempts?: number;
  lastPublishError?: string;
}

export interface StateDocument<S> {
  _id: string;
  version: number;
  state: S;
  updatedAt: Date;
}

export interface Loaded<S> {
  readonly id: string;
  readonly version: number;
  readonly state: S;
}

export interface Change<S> {
  readonly state: S | null;
  readonly records: readonly OutboxRecord[];
  /**
   * Writes of other aggregates that must follow this one (say, its organisation moves): committed
   * in the change document, run after the commit, completed by a sweep if the writer dies first.
   * Needs a store built with `{ followUps }`.
   */
  readonly followUps?: readonly FollowUp[];
}

/** Told of a version of an aggregate (`state` null: the aggregate is gone); see `VersionedStore.onVersion`. */
export type VersionListener<S> = (id: string, version: number, state: S | null) => void;

export class VersionConflictError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
  ) {
    super(`Aggregate ${aggregateId} moved past version ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}

export interface VersionedStoreOptions {
  /**
   * The service's outbox: the store registers its change log there, marks each change pending
   * before committing it and tells the outbox after (so the relay publishes at once). Required for
   * a store whose changes carry records; without it a commit with records is refused.
   */
  readonly outbox?: ChangeLogOutbox;
  /**
   * The service's follow-up log: a change carrying `followUps` is marked there before it is
   * committed, and its follow-ups run after the commit, outside the aggregate's lock (see
   * FollowUpLog). Required for a store whose changes carry follow-ups.
   */
  readonly followUps?: FollowUpLog;
  /** Attempts of `update` against concurrent writers before giving up. */
  readonly maxRetries?: number;
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export function changeId(aggregateId: string, version: number): string {
  return `${aggregateId}:${String(version).padStart(10, '0')}`;
}

/**
 * Event-sourcing-lite store for one aggregate type, safe on FerretDB v1:
 * - `<name>_changes` is the change log and the transactional outbox (see ChangeDocument);
 * - `<name>` holds the latest state, a materialised view that readers heal by probing for newer
 *   changes with `_id` point lookups (the only lookups FerretDB's SQLite backend indexes).
 * Writes are serialised per aggregate in-process (KeyedMutex) and across processes by the unique
 * change insert; a conflict reloads and retries. With `{ outbox }`, every commit is marked pending
 * first and nudges the relay after (see ChangeLogOutbox): handlers never call the relay.
 */
export class VersionedStore<S extends Document> {
  readonly states: Collection<StateDocument<S>>;
  readonly changes: Collection<ChangeDocument<S>>;
  private readonly mutex = new KeyedMutex();
  private readonly outbox: ChangeLogOutbox | undefined;
  private readonly followUps: FollowUpLog | undefined;
  private readonly maxRetries: number;
  private readonly versionListeners = new Set<VersionListener<S>>();

  constructor(
    db: Db,
    readonly name: string,
    options: VersionedStoreOptions = {},
  ) {
    this.states = db.collection<StateDocument<S>>(name);
    this.changes = db.collection<ChangeDocument<S>>(`${name}_changes`);
    this.outbox = options.outbox;
    this.followUps = options.followUps;
    this.maxRetries = options.maxRetries ?? 20;
    this.outbox?.register(this.changes.collectionName);
  }

  /**
   * Calls `listener` (synchronously) with each version this store commits, and with the latest
   * version each `load` finds (which may be another process's commit): how an in-memory read model
   * of this process stays current. Returns the unsubscribe function.
   */
  onVersion(listener: VersionListener<S>): () => void {
    this.versionListeners.add(listener);
    return () => this.versionListeners.delete(listener);
  }

  /**
   * Whether a committed version may still be sent by the outbox relay (its pending marker is
   * there). False for a store without outbox, and for changes from before the markers that carry
   * `publishedAt`.
   */
  async isUnpublished(change: Pick<ChangeDocument<S>, '_id' | 'publishedAt'>): Promise<boolean> {
    if (!this.outbox || change.publishedAt) return false;
    return this.outbox.isPending(this.changes.collectionName, change._id);
  }

  static newId(prefix: string): string {
    return `${prefix}_${randomUUID().replace(/-/g, '')}`;
  }

  /** The latest committed state, or undefined. Heals a stale state document on the way. */
  async load(id: string): Promise<Loaded<S> | undefined> {
    const doc = await this.states.findOne({ _id: id } as never);
    let version = doc?.version ?? 0;
    let state: S | null = doc ? doc.state : null;
    for (;;) {
      const next = await this.changes.findOne({ _id: changeId(id, version + 1) } as never);
      if (!next) break;
      version = next.version;
      state = next.state;
    }
    if (version > 0) for (const listener of this.versionListeners) listener(id, version, state);
    if (!state || version === 0) return undefined;
    if (!doc || doc.version < version) await this.writeState(id, version, state);
    return { id, version, state };
  }

  /**
   * A page of latest states in id order after `after` (cursor pagination), optionally filtered on
   * state fields. Reads the materialised states (FerretDB: a scan beyond `_id`).
   */
  async page(after: string | undefined, limit: number, filter: Record<string, unknown> = {}): Promise<Loaded<S>[]> {
    const query = after ? { ...filter, _id: { $gt: after } } : filter;
    const docs = await this.states
      .find(query as never)
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ id: d._id, version: d.version, state: d.state }));
  }

  /**
   * Creates an aggregate at version 1. Throws VersionConflictError if the id exists.
   */
  async create(id: string, change: Change<S>): Promise<Loaded<S>> {
    const followUps = await this.mutex.run(id, () => this.commit(id, 1, change));
    if (followUps) await this.followUps?.committed(followUps);
    return { id, version: 1, state: change.state as S };
  }

  /**
   * Applies `decide` to the latest state and commits its change as the next version; retries on a
   * concurrent writer. `decide` may throw a domain error, which aborts without writing, or return
   * null when nothing changes (no version, no event).
   */
  async update(id: string, decide: (current: Loaded<S>) => Change<S> | null | Promise<Change<S> | null>): Promise<Loaded<S> | undefined> {
    let followUps: FollowUpTicket | undefined;
    const result = await this.mutex.run(id, async () => {
      for (let attempt = 0; attempt < this.maxRetries; attempt++) {
        const current = await this.load(id);
        if (!current) return undefined;
        const change = await decide(current);
        if (change === null) return current;
        const version = current.version + 1;
        try {
          followUps = await this.commit(id, version, change);
          return { id, version, state: change.state as S };
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          await new Promise((r) => setTimeout(r, Math.min(50, 2 ** attempt) * Math.random()));
        }
      }
      throw new VersionConflictError(id, -1);
    });
    // Outside the lock: a follow-up writes other aggregates (and may be slow or fail on its own).
    if (followUps) await this.followUps?.committed(followUps);
    return result;
  }

  /** Commits one version; returns the follow-ups to run once the aggregate's lock is released. */
  private async commit(id: string, version: number, change: Change<S>): Promise<FollowUpTicket | undefined> {
    if (!this.outbox && change.records.length > 0) {
      throw new Error(`VersionedStore ${this.name} has no outbox: the records of this change would never be published`);
    }
    const followUps = change.followUps ?? [];
    if (!this.followUps && followUps.length > 0) {
      throw new Error(`VersionedStore ${this.name} has no follow-up log: the follow-ups of this change could be lost`);
    }
    const commitId = changeId(id, version);
    const ticket = await this.outbox?.willCommit(this.changes.collectionName, commitId);
    const followUpTicket =
      followUps.length > 0 ? await this.followUps?.willCommit(this.changes.collectionName, commitId, followUps) : undefined;
    try {
      await this.changes.insertOne({
        _id: commitId,
        aggregateId: id,
        version,
        state: change.state,
        records: [...change.records],
        ...(followUps.length > 0 ? { followUps: [...followUps] } : {}),
        committedAt: new Date(),
        ...(ticket ? { marked: true as const } : {}),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new VersionConflictError(id, version - 1);
      throw error;
    }
    if (ticket) await this.outbox?.committed(ticket, { id: commitId, collection: this.changes.collectionName, records: change.records });
    for (const listener of this.versionListeners) listener(id, version, change.state);
    if (change.state) await this.writeState(id, version, change.state, version === 1);
    return followUpTicket;
  }

  /**
   * Best effort: the change log is the truth; a lost race here is healed by `load`. A new
   * aggregate's state is inserted (one write; an upsert is a read and a write on FerretDB), falling
   * back to the replace when a document is there after all (a retried create, a healing reader).
   */
  private async writeState(id: string, version: number, state: S, fresh = false): Promise<void> {
    const doc = { version, state, updatedAt: new Date() };
    try {
      if (fresh) await this.states.insertOne({ _id: id, ...doc });
      else await this.states.replaceOne({ _id: id }, doc, { upsert: true });
    } catch (error) {
      // Two upserts of a new id at once (FerretDB's upsert is read-then-insert), or a reader healed
      // a new aggregate's view first: the document is there. Replace it unless it holds a newer version.
      if (!isDuplicateKeyError(error)) throw error;
      await this.states.replaceOne({ _id: id, version: { $lt: version } }, doc);
    }
  }
}
