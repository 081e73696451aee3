import type { mongo } from 'mongoose';
import { validateEnvelope, type EventEnvelope } from '@yp/contracts-events';
import { eventually } from './eventually';

/** One record a change queued for Kafka, decoded: an event envelope (validated against its contract), a keyed value or a tombstone. */
export interface QueuedRecord {
  readonly topic: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The event, when the record is one (it validated against its contract on the way here). */
  readonly event?: EventEnvelope;
  /** Any other value (a keyed state record), parsed; null for a tombstone. */
  readonly value: unknown;
}

/** One committed version of an aggregate as its store's change log (the outbox) holds it. */
export interface LoggedChange<S = Record<string, unknown>> {
  readonly id: string;
  readonly version: number;
  readonly state: S | null;
  readonly records: readonly QueuedRecord[];
  readonly committedAt: Date;
  readonly publishedAt?: Date;
}

interface StoredRecord {
  topic: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

interface StoredChange {
  _id: string;
  aggregateId: string;
  version: number;
  state: unknown;
  records: StoredRecord[];
  committedAt: Date;
  publishedAt?: Date;
}

function decode(record: StoredRecord): QueuedRecord {
  const base = { topic: record.topic, key: record.key, headers: record.headers };
  if (record.value === null) return { ...base, value: null };
  const value: unknown = JSON.parse(record.value);
  if (typeof value === 'object' && value !== null && 'specversion' in value) return { ...base, event: validateEnvelope(value), value };
  return { ...base, value };
}

/**
 * Every version of one aggregate in a VersionedStore's change log (`<store>_changes`), oldest
 * first, with its queued records decoded. The change log is the outbox: these are the records the
 * relay publishes, in this order.
 */
export async function changeLog<S = Record<string, unknown>>(db: mongo.Db, store: string, aggregateId: string): Promise<LoggedChange<S>[]> {
  const docs = await db.collection<StoredChange>(`${store}_changes`).find({ aggregateId }).sort({ version: 1 }).toArray();
  return docs.map((d) => ({
    id: d._id,
    version: d.version,
    state: d.state as S | null,
    records: d.records.map(decode),
    committedAt: d.committedAt,
    ...(d.publishedAt ? { publishedAt: d.publishedAt } : {}),
  }));
}

/** The events (envelopes) queued by these changes, in order. */
export function eventsIn(changes: readonly LoggedChange<unknown>[]): EventEnvelope[] {
  return changes.flatMap((c) => c.records.flatMap((r) => (r.event ? [r.event] : [])));
}

/** The events queued by the aggregate's versions after `afterVersion`, in order. */
export async function eventsAfter(db: mongo.Db, store: string, aggregateId: string, afterVersion: number): Promise<EventEnvelope[]> {
  return eventsIn((await changeLog(db, store, aggregateId)).filter((c) => c.version > afterVersion));
}

interface AwaitEventOptions {
  /** Only versions after this one count (the version read before the change). */
  readonly after: number;
  /** Names what is awaited, for the timeout's message. */
  readonly what: string;
  readonly timeoutMs?: number;
}

/**
 * Waits until a version of the aggregate after `after` queued an event that `match`es (a change made
 * by a second commit, or by a background task), and returns it, typed by `match` when it is a type
 * guard (`(e) => isEventOf(TYPE, e)`).
 */
export function awaitEvent<E extends EventEnvelope>(
  db: mongo.Db,
  store: string,
  aggregateId: string,
  options: AwaitEventOptions & { readonly match: (event: EventEnvelope) => event is E },
): Promise<E>;
export function awaitEvent(
  db: mongo.Db,
  store: string,
  aggregateId: string,
  options: AwaitEventOptions & { readonly match: (event: EventEnvelope) => boolean },
): Promise<EventEnvelope>;
export function awaitEvent(
  db: mongo.Db,
  store: string,
  aggregateId: string,
  options: AwaitEventOptions & { readonly match: (event: EventEnvelope) => boolean },
): Promise<EventEnvelope> {
  return eventually(
    async () => (await eventsAfter(db, store, aggregateId, options.after)).find(options.match),
    options.what,
    options.timeoutMs ?? 10_000,
    50,
  );
}
