import type { mongo } from 'mongoose';
import { duplicateKeyIndexes } from './projection';
import { isDuplicateKeyError } from './versioned-store';

interface InboxDocument {
  _id: string;
  processedAt: Date;
}

/**
 * Remembers which messages a consumer group has fully processed (`_id` = `<group>:<messageId>`,
 * a point lookup FerretDB indexes). Marked after the handler succeeded, so a crash in between means
 * a redelivery, never a loss: handlers must themselves be safe to run twice on the same input.
 */
export class Inbox {
  private readonly collection: mongo.Collection<InboxDocument>;

  constructor(db: mongo.Db, collectionName = 'inbox') {
    this.collection = db.collection<InboxDocument>(collectionName);
  }

  async seen(group: string, messageId: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${group}:${messageId}` })) !== null;
  }

  async markProcessed(group: string, messageId: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${group}:${messageId}`, processedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * Marks many messages processed in one write; returns how many were not marked before (the others
   * were already processed: redeliveries).
   */
  async markAllProcessed(group: string, messageIds: readonly string[]): Promise<number> {
    if (messageIds.length === 0) return 0;
    const processedAt = new Date();
    try {
      await this.collection.insertMany(
        messageIds.map((id) => ({ _id: `${group}:${id}`, processedAt })),
        { ordered: false },
      );
      return messageIds.length;
    } catch (error) {
      return messageIds.length - duplicateKeyIndexes(error).size;
    }
  }
}
