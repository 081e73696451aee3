import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { WebhookDeliveryStatus } from '@yp/contracts-http';
import { insertOnce } from '@yp/shared-persistence';

/** One event for one subscription (`webhook_deliveries`): its state and the last attempt's outcome. The envelope is in `webhook_events`. */
export interface WebhookDelivery {
  /** sha256(eventId | subscriptionId), plus `| replayId` for a replay: queued once, whatever the redeliveries. */
  _id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  eventTime: Date;
  status: WebhookDeliveryStatus;
  /** Attempts made; the next one is `attempts + 1` (its claim id). */
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date | null;
  lastAttemptAt?: Date;
  deliveredAt?: Date;
  lastResponseStatus?: number;
  lastResponseBody?: string;
  lastDurationMs?: number;
  lastError?: string;
  replayId?: string;
}

/** How one attempt went, as the log shows it. */
export interface AttemptOutcome {
  readonly at: Date;
  readonly responseStatus?: number;
  readonly responseBody?: string;
  readonly durationMs?: number;
  readonly error?: string;
}

export function webhookDeliveryId(eventId: string, subscriptionId: string, replayId?: string): string {
  return createHash('sha256')
    .update(replayId ? `${eventId}|${subscriptionId}|${replayId}` : `${eventId}|${subscriptionId}`)
    .digest('hex');
}

const outcomeFields = (attempt: number, o: AttemptOutcome) => ({
  attempts: attempt,
  lastAttemptAt: o.at,
  ...(o.responseStatus !== undefined ? { lastResponseStatus: o.responseStatus } : {}),
  ...(o.responseBody !== undefined ? { lastResponseBody: o.responseBody } : {}),
  ...(o.durationMs !== undefined ? { lastDurationMs: o.durationMs } : {}),
});
/** What the last attempt did not have is removed, so the log never mixes two attempts. */
const cleared = (o: AttemptOutcome | undefined): Record<string, ''> =>
  o
    ? {
        ...(o.responseStatus === undefined ? { lastResponseStatus: '' } : {}),
        ...(o.responseBody === undefined ? { lastResponseBody: '' } : {}),
        ...(o.durationMs === undefined ? { lastDurationMs: '' } : {}),
      }
    : {};

/** $set plus $unset, leaving out an empty $unset (not every server accepts an empty operator). */
function change(set: Record<string, unknown>, unset: Record<string, ''>): mongo.UpdateFilter<WebhookDelivery> {
  return Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
}

@Injectable()
export class WebhookDeliveryRepository {
  readonly collection: mongo.Collection<WebhookDelivery>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<WebhookDelivery>('webhook_deliveries');
  }

  /** Queues a delivery once (unique `_id`: the atomic insert is the dedupe); false if it was already queued. */
  async enqueue(
    delivery: Pick<WebhookDelivery, '_id' | 'subscriptionId' | 'eventId' | 'eventType' | 'eventTime' | 'replayId'>,
    now = new Date(),
  ): Promise<boolean> {
    return insertOnce(this.collection, { ...delivery, status: 'pending', attempts: 0, createdAt: now, nextAttemptAt: now });
  }

  due(limit: number, now = new Date()): Promise<WebhookDelivery[]> {
    return this.collection
      .find({ status: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
  }

  // The writes below only apply to the attempt they report (`attempts` one below): if a holder whose
  // lease ran out reports late, after another instance recorded the same attempt, it changes nothing.

  get(id: string): Promise<WebhookDelivery | null> {
    return this.collection.findOne({ _id: id });
  }

  async markDelivered(id: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    await this.collection.updateOne(
      { _id: id, status: 'pending', attempts: attempt - 1 },
      change(
        { status: 'delivered', deliveredAt: outcome.at, nextAttemptAt: null, ...outcomeFields(attempt, outcome) },
        { lastError: '', ...cleared(outcome) },
      ),
    );
  }

  async markRetry(id: string, attempt: number, outcome: AttemptOutcome, next: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: id, status: 'pending', attempts: attempt - 1 },
      change(
        { nextAttemptAt: next, lastError: (outcome.error ?? 'failed').slice(0, 500), ...outcomeFields(attempt, outcome) },
        cleared(outcome),
      ),
    );
  }

  /** Gives up. Without an attempt outcome (nothing was sent) the attempt count stays. */
  async markFailed(id: string, attempt: number, reason: string, outcome?: AttemptOutcome): Promise<void> {
    await this.collection.updateOne(
      { _id: id, status: 'pending', attempts: attempt - 1 },
      change(
        { status: 'failed', nextAttemptAt: null, lastError: reason.slice(0, 500), ...(outcome ? outcomeFields(attempt, outcome) : {}) },
        cleared(outcome),
      ),
    );
  }

  /** A page of one subscription's log, newest first, after the (createdAt, id) of the previous page's last row. */
  page(
    subscriptionId: string,
    status: WebhookDeliveryStatus | undefined,
    after: { createdAt: Date; id: string } | undefined,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    const query: Record<string, unknown> = { subscriptionId };
    if (status) query.status = status;
    if (after) query.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }];
    return this.collection.find(query).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
  }

  /** Finished deliveries older than the retention; pending ones stay. */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ status: { $in: ['delivered', 'failed'] }, createdAt: { $lt: cutoff } })).deletedCount;
  }
}
