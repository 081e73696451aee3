import type { mongo } from 'mongoose';
import type { ChangeDocument, OutboxRecord } from './versioned-store';

export interface PendingOutboxEntry {
  readonly id: string;
  readonly collection: string;
  readonly records: readonly OutboxRecord[];
}

/**
 * Reads the unpublished changes of one or more change logs, oldest first, and marks them
 * published. The change log is the outbox: a change and its events are one document.
 */
export class ChangeLogOutbox {
  private readonly collections: Map<string, mongo.Collection<ChangeDocument<unknown>>>;

  constructor(db: mongo.Db, changeCollections: readonly string[]) {
    this.collections = new Map(changeCollections.map((name) => [name, db.collection<ChangeDocument<unknown>>(name)]));
  }

  async pending(limit: number): Promise<PendingOutboxEntry[]> {
    const entries: { entry: PendingOutboxEntry; committedAt: Date; version: number }[] = [];
    for (const [name, collection] of this.collections) {
      const docs = await collection
        .find({ publishedAt: { $exists: false } }, { projection: { records: 1, committedAt: 1, version: 1 } })
        .sort({ committedAt: 1, version: 1 })
        .limit(limit)
        .toArray();
      for (const d of docs)
        entries.push({ entry: { id: d._id, collection: name, records: d.records }, committedAt: d.committedAt, version: d.version });
    }
    entries.sort((a, b) => a.committedAt.getTime() - b.committedAt.getTime() || a.version - b.version);
    return entries.slice(0, limit).map((e) => e.entry);
  }

  async backlog(): Promise<number> {
    let total = 0;
    for (const collection of this.collections.values()) total += await collection.countDocuments({ publishedAt: { $exists: false } });
    return total;
  }

  async markPublished(entries: readonly PendingOutboxEntry[]): Promise<void> {
    const now = new Date();
    for (const entry of entries) {
      await this.collections.get(entry.collection)?.updateOne({ _id: entry.id }, { $set: { publishedAt: now } });
    }
  }

  async markFailed(entries: readonly PendingOutboxEntry[], error: string): Promise<void> {
    for (const entry of entries) {
      await this.collections
        .get(entry.collection)
        ?.updateOne({ _id: entry.id }, { $inc: { publishAttempts: 1 }, $set: { lastPublishError: error.slice(0, 500) } });
    }
  }
}
