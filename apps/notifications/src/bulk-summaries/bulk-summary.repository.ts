import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { insertOnce } from '@yp/shared-persistence';

/** A bulk change that said it completed: how many registrations it made, and whether it was summarised. */
export interface BulkDocument {
  /** The bulk id (an import id). */
  _id: string;
  /** Registrations (organisations.organisation.registered.v1 events) the bulk made, by its completed event. */
  expected: number;
  completedAt: Date;
  summarisedAt?: Date;
}

/** One registration of a bulk seen by the planner: `_id` is `<bulk id>|<event id>`, so a redelivery counts once. */
interface BulkEventDocument {
  _id: string;
  bulkId: string;
  seenAt: Date;
}

/**
 * What the bulk summaries know of each bulk change: its completion (`bulk_summaries`) and the
 * registrations of it already planned (`bulk_summary_events`, emptied once it is summarised). Both
 * written with unique inserts only, safe on FerretDB with several instances.
 */
@Injectable()
export class BulkSummaryRepository {
  readonly bulks: mongo.Collection<BulkDocument>;
  readonly events: mongo.Collection<BulkEventDocument>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.bulks = connection.db.collection<BulkDocument>('bulk_summaries');
    this.events = connection.db.collection<BulkEventDocument>('bulk_summary_events');
  }

  async completed(bulkId: string, expected: number, completedAt: Date): Promise<void> {
    await insertOnce(this.bulks, { _id: bulkId, expected, completedAt });
  }

  async seen(bulkId: string, eventId: string): Promise<void> {
    await insertOnce(this.events, { _id: `${bulkId}|${eventId}`, bulkId, seenAt: new Date() });
  }

  seenCount(bulkId: string): Promise<number> {
    return this.events.countDocuments({ bulkId });
  }

  /** Bulks that completed and are not summarised yet (a handful at a time: imports are rare). */
  unsummarised(): Promise<BulkDocument[]> {
    return this.bulks
      .find({ summarisedAt: { $exists: false } })
      .sort({ completedAt: 1 })
      .limit(100)
      .toArray();
  }

  async summarised(bulkId: string, at: Date): Promise<void> {
    await this.bulks.updateOne({ _id: bulkId }, { $set: { summarisedAt: at } });
    await this.events.deleteMany({ bulkId });
  }
}
