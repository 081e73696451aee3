import { Injectable } from '@nestjs/common';
import { IMPORT_COMPLETED_V1, ORGANISATION_REGISTERED_V1, isEventOf, type EventEnvelope } from '@yp/contracts-events';
import { BulkSummaryRepository } from './bulk-summary.repository';

/**
 * Follows bulk changes on the organisations topic, after the planner has planned each event: counts
 * the registrations of each bulk (by event id, once) and records its completion with the number it
 * made. BulkSummaryScheduler summarises a bulk when both agree.
 */
@Injectable()
export class BulkSummaryTracker {
  constructor(private readonly bulks: BulkSummaryRepository) {}

  async observe(event: EventEnvelope): Promise<void> {
    if (isEventOf(IMPORT_COMPLETED_V1, event)) {
      await this.bulks.completed(event.data.importId, event.data.created, new Date(event.data.completedAt));
    } else if (event.bulkid && isEventOf(ORGANISATION_REGISTERED_V1, event)) {
      await this.bulks.seen(event.bulkid, event.id);
    }
  }
}
