import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { NotificationsConfig } from '@notifications/notifications-config';

/**
 * Every DIGEST_POLL_MS each instance tries the `digests` lease (terms of `max(2 × DIGEST_POLL_MS,
 * 10 s)`); the holder gathers, per person and period, the pending items whose earliest due time
 * has come into one digest email, which the delivery worker then sends like any other. Repeating a
 * run (after a crash, or a lease term that ended mid-run) queues no second digest: see
 * DeliveryRepository.queueDigest.
 */
@Injectable()
export class DigestScheduler extends LeasedTask<number> {
  constructor(
    private readonly deliveries: DeliveryRepository,
    @InjectConnection() connection: Connection,
    config: NotificationsConfig,
  ) {
    super(connection.db, { name: 'digests', everyMs: config.DIGEST_POLL_MS });
  }

  /** One run: returns how many digests were queued. */
  protected async run(term: LeaseTerm): Promise<number> {
    let queued = 0;
    for (const { personId, period } of await this.deliveries.dueDigests(term.now)) {
      if (!(await term.holds())) break;
      const items = await this.deliveries.pendingDigestItems(personId, period);
      if (items.length === 0) continue;
      const digest = await this.deliveries.queueDigest(personId, period, items);
      if (digest.created) {
        queued++;
        this.logger.log(`Queued a ${period} digest of ${items.length} item(s) for ${personId}`);
      }
    }
    return queued;
  }
}
