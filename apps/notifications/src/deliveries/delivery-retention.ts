import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { DatabaseLease, type LeaseDocument } from '@yp/shared-persistence';
import { PeriodicTask } from '@yp/shared-bootstrap';
import type { Delivery } from './delivery.repository';

const HOUR = 60 * 60 * 1000;
const FINAL = ['sent', 'failed', 'held', 'skipped', 'digested'];
/** Claims only matter while their attempt may still be running or retried. */
const CLAIM_DAYS = 7;

/**
 * Keeps the email delivery log and its claims from growing for ever: once an hour, on the instance
 * holding the `delivery-retention` lease, final deliveries older than DELIVERY_RETENTION_DAYS and
 * claims older than a week are deleted. Queued and digest-pending rows are never touched.
 */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryRetention.name);
  private readonly lease: DatabaseLease;
  private readonly deliveries: mongo.Collection<Delivery>;
  private readonly claims: mongo.Collection<{ _id: string; claimedAt: Date }>;
  private readonly retentionDays: number;
  private readonly task: PeriodicTask;

  constructor(@InjectConnection() connection: Connection, config: ConfigService) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.deliveries = connection.db.collection<Delivery>('deliveries');
    this.claims = connection.db.collection('delivery_claims');
    this.lease = new DatabaseLease(connection.db.collection<LeaseDocument>('leases'), 'delivery-retention', randomUUID(), HOUR);
    this.retentionDays = config.getOrThrow<number>('DELIVERY_RETENTION_DAYS');
    this.task = new PeriodicTask('Delivery retention', 5 * 60 * 1000, () => this.runOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Deletes what is past retention if this instance holds this hour's lease; returns the counts. */
  async runOnce(now = new Date()): Promise<{ deliveries: number; claims: number } | undefined> {
    if (!(await this.lease.acquire(now.getTime()))) return undefined;
    const before = new Date(now.getTime() - this.retentionDays * 24 * HOUR);
    const deliveries = (await this.deliveries.deleteMany({ status: { $in: FINAL as Delivery['status'][] }, createdAt: { $lt: before } }))
      .deletedCount;
    const claims = (await this.claims.deleteMany({ claimedAt: { $lt: new Date(now.getTime() - CLAIM_DAYS * 24 * HOUR) } })).deletedCount;
    if (deliveries + claims > 0) this.logger.log(`Retention: deleted ${deliveries} deliveries and ${claims} claims`);
    return { deliveries, claims };
  }
}
