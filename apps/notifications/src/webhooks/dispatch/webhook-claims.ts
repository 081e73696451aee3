import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { DeliveryClaims, type ClaimDocument } from './delivery-claims';

/** This instance's claims (`webhook_delivery_claims`), named after host, process and a random tag. */
@Injectable()
export class WebhookClaims extends DeliveryClaims {
  private readonly collection: mongo.Collection<ClaimDocument>;

  constructor(@InjectConnection() connection: Connection, settings: WebhookSettings) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    const collection = connection.db.collection<ClaimDocument>('webhook_delivery_claims');
    super(collection, `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, settings.claimLeaseMs);
    this.collection = collection;
  }

  /** Claims long past their lease are of no use: a recorded attempt is never claimed again, a dead one is taken over either way. */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ leaseUntil: { $lt: cutoff } })).deletedCount;
  }
}
