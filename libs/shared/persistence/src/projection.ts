import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './versioned-store';

export interface ProjectionDocument<T> {
  _id: string;
  version: number;
  data: T | null;
  deleted?: boolean;
  updatedAt: Date;
}

/** What one event leaves in a projection: the aggregate's data at a version, or null once it is gone. */
export interface ProjectionChange<T> {
  readonly id: string;
  readonly version: number;
  readonly data: T | null;
}

/**
 * The change a projection keeps of each aggregate: the newest version wins (the last state); of
 * equal versions the first, as applying them one by one keeps the first and skips the rest. In the
 * order the aggregates first appear.
 */
export function latestPerId<T>(changes: readonly ProjectionChange<T>[]): ProjectionChange<T>[] {
  const latest = new Map<string, ProjectionChange<T>>();
  for (const change of changes) {
    const held = latest.get(change.id);
    if (!held || change.version > held.version) latest.set(change.id, change);
  }
  return [...latest.values()];
}

/** The indexes of the writes a bulk insert refused as duplicates; throws for any other failure. */
export function duplicateKeyIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index?: unknown; code?: unknown }[];
  if (list.length === 0 || list.some((e) => !isDuplicateKeyError(e) || typeof e.index !== 'number')) throw error;
  return new Set(list.map((e) => e.index as number));
}

/** Point lookups applyMany keeps in flight at once (FerretDB serves them one by one anyway). */
const LOOKUPS_IN_FLIGHT = 8;

/**
 * A local copy of another service's aggregate, built from its events. Applies an event only if it
 * is newer than what is held, so duplicates and replays change nothing. Events of one aggregate
 * arrive in order on one partition and one consumer handles a partition at a time, so the
 * read-then-write here does not race with itself.
 */
export class Projection<T extends object> {
  readonly collection: mongo.Collection<ProjectionDocument<T>>;

  constructor(db: mongo.Db, name: string) {
    this.collection = db.collection<ProjectionDocument<T>>(name);
  }

  async apply(id: string, version: number, data: T | null): Promise<boolean> {
    const current = await this.collection.findOne({ _id: id });
    if (current && current.version >= version) return false;
    await this.collection.replaceOne({ _id: id }, { version, data, deleted: data === null, updatedAt: new Date() }, { upsert: true });
    return true;
  }

  /**
   * Applies many changes at once with what applying them one by one in order would leave: per
   * aggregate only its newest change, and only where it is newer than what is held. Returns how many
   * aggregates changed.
   *
   * Built for FerretDB v1 as much as for MongoDB: its SQLite backend indexes only a filter that is
   * exactly `{ _id: value }` (an `$in` or `{ _id, version: { $lt } }` reads the whole collection). So:
   * one insert of every aggregate (new ones go in at once: one command); for those already held
   * (refused as duplicates), their versions by `_id` point lookups and one bulk replace of the older.
   */
  async applyMany(changes: readonly ProjectionChange<T>[]): Promise<number> {
    const latest = latestPerId(changes);
    if (latest.length === 0) return 0;
    const updatedAt = new Date();
    const fields = (c: ProjectionChange<T>) => ({ version: c.version, data: c.data, deleted: c.data === null, updatedAt });
    let held: ProjectionChange<T>[];
    try {
      await this.collection.insertMany(
        latest.map((c) => ({ _id: c.id, ...fields(c) })),
        { ordered: false },
      );
      return latest.length;
    } catch (error) {
      const refused = duplicateKeyIndexes(error);
      held = latest.filter((_, i) => refused.has(i));
    }
    const versions: (number | undefined)[] = [];
    for (let from = 0; from < held.length; from += LOOKUPS_IN_FLIGHT) {
      const some = held.slice(from, from + LOOKUPS_IN_FLIGHT);
      versions.push(
        ...(await Promise.all(
          some.map(async (c) => (await this.collection.findOne({ _id: c.id }, { projection: { version: 1 } }))?.version),
        )),
      );
    }
    const newer = held.filter((c, i) => (versions[i] ?? Number.NEGATIVE_INFINITY) < c.version);
    if (newer.length > 0) {
      await this.collection.bulkWrite(
        newer.map((c) => ({ replaceOne: { filter: { _id: c.id }, replacement: fields(c), upsert: true } })),
        { ordered: false },
      );
    }
    return latest.length - held.length + newer.length;
  }

  async get(id: string): Promise<ProjectionDocument<T> | null> {
    return this.collection.findOne({ _id: id });
  }

  async count(): Promise<number> {
    return this.collection.countDocuments({ deleted: { $ne: true } });
  }
}
