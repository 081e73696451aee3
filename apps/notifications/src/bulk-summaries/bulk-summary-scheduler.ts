import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { NotificationsConfig } from '@notifications/notifications-config';
import { bulkIdOf } from './bulk-summary';
import { BulkSummaryRepository } from './bulk-summary.repository';

/** Every pending digest item, whatever its due time. */
const ANY_TIME = new Date(8.64e15);

/**
 * Every BULK_SUMMARY_POLL_MS one instance (the `bulk-summaries` lease) looks at the bulk changes
 * that completed: once the planner has seen as many registrations of one as its completed event
 * counts, each recipient's pending `bulk` items of that bulk become one digest email (queued like
 * any digest, sent by the delivery worker). Exactly once per recipient and bulk: the digest's id
 * follows from its first item (DeliveryRepository.queueDigest), so a run repeated after a crash, or
 * by the next lease holder, finds the digest already queued. Items that arrive after the summary
 * (a redelivery cannot add one: the planner's delivery ids are per event) wait for their due time,
 * when the DigestScheduler sends them; so does a bulk that never completes.
 */
@Injectable()
export class BulkSummaryScheduler extends LeasedTask<number> {
  private readonly timeoutMs: number;

  constructor(
    private readonly bulks: BulkSummaryRepository,
    private readonly deliveries: DeliveryRepository,
    @InjectConnection() connection: Connection,
    config: NotificationsConfig,
  ) {
    super(connection.db, { name: 'bulk-summaries', everyMs: config.BULK_SUMMARY_POLL_MS });
    this.timeoutMs = config.BULK_SUMMARY_TIMEOUT_MS;
  }

  /** One run: returns how many summaries were queued. */
  protected async run(term: LeaseTerm): Promise<number> {
    let queued = 0;
    for (const bulk of await this.bulks.unsummarised()) {
      if (!(await term.holds())) break;
      const seen = await this.bulks.seenCount(bulk._id);
      if (seen < bulk.expected) {
        // Events still on their way (other partitions); past the timeout the DigestScheduler has sent them.
        if (term.now.getTime() - bulk.completedAt.getTime() > this.timeoutMs) await this.bulks.summarised(bulk._id, term.now);
        continue;
      }
      queued += await this.summarise(bulk._id);
      await this.bulks.summarised(bulk._id, term.now);
    }
    return queued;
  }

  private async summarise(bulkId: string): Promise<number> {
    let queued = 0;
    const people = (await this.deliveries.dueDigests(ANY_TIME)).filter((d) => d.period === 'bulk').map((d) => d.personId);
    for (const personId of people) {
      const items = (await this.deliveries.pendingDigestItems(personId, 'bulk')).filter((i) => bulkIdOf(i.event) === bulkId);
      if (items.length === 0) continue;
      const digest = await this.deliveries.queueDigest(personId, 'bulk', items);
      if (digest.created) {
        queued++;
        this.logger.log(`Queued the summary of bulk change ${bulkId} (${items.length} item(s)) for ${personId}`);
      }
    }
    return queued;
  }
}
