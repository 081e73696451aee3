import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { EventEnvelope } from '@yp/contracts-events';
import { insertOnce, Projection } from '@yp/shared-persistence';

/** An event as delivered to webhooks, kept for retries and replays (`webhook_events`, `_id` = event id). */
export interface StoredEvent {
  _id: string;
  type: string;
  subject: string;
  /** The event's own time (when the change was committed): what a replay's `from` compares with. */
  time: Date;
  /** Where it was routed, decided once when first consumed (a redelivery reuses it). */
  regions: string[];
  receivedAt: Date;
  envelope: EventEnvelope;
}

/**
 * The webhook event store and the regions each aggregate was last seen in. Every consumed event
 * is kept (also those no subscription wants yet), for WEBHOOKS_RETENTION_DAYS: a paused or
 * disabled endpoint can replay what it missed.
 */
@Injectable()
export class WebhookEventRepository {
  readonly events: mongo.Collection<StoredEvent>;
  readonly subjects: Projection<{ regions: string[] }>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.events = connection.db.collection<StoredEvent>('webhook_events');
    this.subjects = new Projection<{ regions: string[] }>(connection.db, 'webhook_subject_regions');
  }

  /** Stores the event once; returns what is stored (the first routing decision wins). */
  async recordOnce(event: EventEnvelope, regions: readonly string[]): Promise<StoredEvent> {
    const doc: StoredEvent = {
      _id: event.id,
      type: event.type,
      subject: event.subject,
      time: new Date(event.time),
      regions: [...regions],
      receivedAt: new Date(),
      envelope: event,
    };
    if (await insertOnce(this.events, doc)) return doc;
    return (await this.events.findOne({ _id: event.id })) ?? doc;
  }

  get(eventId: string): Promise<StoredEvent | null> {
    return this.events.findOne({ _id: eventId });
  }

  /** Events of these types and regions from `from` on, oldest first (region-less events always match). */
  since(from: Date, types: readonly string[], regions: readonly string[], limit: number): Promise<StoredEvent[]> {
    return this.events
      .find(
        { type: { $in: [...types] }, time: { $gte: from }, $or: [{ regions: { $in: [...regions] } }, { regions: { $size: 0 } }] },
        { projection: { envelope: 0 } },
      )
      .sort({ time: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  async lastKnownRegions(subject: string): Promise<string[]> {
    return (await this.subjects.get(subject))?.data?.regions ?? [];
  }

  /** Remembers where an aggregate is now (only a newer aggregate version replaces it). */
  async rememberRegions(subject: string, version: number, regions: readonly string[]): Promise<void> {
    if (regions.length > 0) await this.subjects.apply(subject, version, { regions: [...regions] });
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.events.deleteMany({ receivedAt: { $lt: cutoff } })).deletedCount;
  }
}
