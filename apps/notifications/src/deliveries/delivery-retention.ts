import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { NotificationsConfig } from '@notifications/notifications-config';
import { DeliveryRepository } from './delivery.repository';

const HOUR = 60 * 60 * 1000;
/** Claims only matter while their attempt may still be running or retried. */
const CLAIM_DAYS = 7;

/**
 * Keeps the email delivery log and its claims from growing for ever: once an hour, on the instance
 * holding the `delivery-retention` lease, final deliveries older than DELIVERY_RETENTION_DAYS and
 * claims older than a week are deleted. Queued and digest-pending rows are never touched.
 */
@Injectable()
export class DeliveryRetention extends LeasedTask<{ deliveries: number; claims: number }> {
  private readonly retentionDays: number;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly deliveries: DeliveryRepository,
    config: NotificationsConfig,
  ) {
    super(connection.db, { name: 'delivery-retention', everyMs: 5 * 60 * 1000, termMs: HOUR });
    this.retentionDays = config.DELIVERY_RETENTION_DAYS;
  }

  /** Deletes what is past retention (this instance holds this hour's lease); returns the counts. */
  protected async run({ now }: LeaseTerm): Promise<{ deliveries: number; claims: number }> {
    const deliveries = await this.deliveries.purgeFinishedBefore(new Date(now.getTime() - this.retentionDays * 24 * HOUR));
    const claims = await this.deliveries.claims.purgeClaimedBefore(new Date(now.getTime() - CLAIM_DAYS * 24 * HOUR));
    if (deliveries + claims > 0) this.logger.log(`Retention: deleted ${deliveries} deliveries and ${claims} claims`);
    return { deliveries, claims };
  }
}
