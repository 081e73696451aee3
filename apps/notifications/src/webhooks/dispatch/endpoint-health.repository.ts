import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from '@yp/shared-persistence';

/**
 * Whether an endpoint is failing, and since when (`webhook_endpoint_health`, `_id` = subscription
 * id). Kept apart from the subscription so that attempts do not bump its version (an integrator's
 * If-Match must not fail because a delivery failed).
 */
interface HealthDocument {
  _id: string;
  /** The first failed attempt after the last success; absent while the endpoint works. */
  failingSince?: Date;
  lastFailureAt?: Date;
  lastSuccessAt?: Date;
}

@Injectable()
export class EndpointHealthRepository {
  private readonly collection: mongo.Collection<HealthDocument>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<HealthDocument>('webhook_endpoint_health');
  }

  async recordSuccess(subscriptionId: string, at: Date): Promise<void> {
    await this.upsert(subscriptionId, { $set: { lastSuccessAt: at }, $unset: { failingSince: '' } });
  }

  /**
   * Records a failed attempt that started at `at` and answers since when the endpoint has failed
   * without a success in between. Concurrent attempts (FerretDB: read-then-write) can only shift
   * that moment by the length of an attempt, and a success recorded after `at` wins.
   */
  async recordFailure(subscriptionId: string, at: Date): Promise<Date | undefined> {
    const current = await this.collection.findOne({ _id: subscriptionId });
    if (current?.lastSuccessAt && current.lastSuccessAt.getTime() > at.getTime()) return undefined;
    const since =
      current?.failingSince && !(current.lastSuccessAt && current.lastSuccessAt >= current.failingSince) ? current.failingSince : at;
    await this.upsert(subscriptionId, { $set: { failingSince: since, lastFailureAt: at } });
    return since;
  }

  async reset(subscriptionId: string): Promise<void> {
    await this.collection.deleteOne({ _id: subscriptionId });
  }

  /** An upsert that survives two first writes at once (FerretDB upserts are read-then-insert). */
  private async upsert(id: string, update: mongo.UpdateFilter<HealthDocument>): Promise<void> {
    try {
      await this.collection.updateOne({ _id: id }, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.collection.updateOne({ _id: id }, update);
    }
  }
}
