import { BulkSummaryRepository } from './bulk-summary.repository';
import { BulkSummaryScheduler } from './bulk-summary-scheduler';
import { BulkSummaryTracker } from './bulk-summary-tracker';

/** What the app module registers for bulk summaries (they use its DeliveryRepository). */
export const BULK_SUMMARY_PROVIDERS = [BulkSummaryRepository, BulkSummaryTracker, BulkSummaryScheduler];
