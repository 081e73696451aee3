import type { mongo } from 'mongoose';

export interface ProjectionDocument<T> {
  _id: string;
  version: number;
  data: T | null;
  deleted?: boolean;
  updatedAt: Date;
}

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

  async get(id: string): Promise<ProjectionDocument<T> | null> {
    return this.collection.findOne({ _id: id });
  }

  async count(): Promise<number> {
    return this.collection.countDocuments({ deleted: { $ne: true } });
  }
}
