import type { EventEnvelope } from '@yp/contracts-events';
import type { RuleCategory } from '@notifications/vocabulary';

/**
 * Where an email a recipient takes "immediately" goes when its event is part of a bulk change (the
 * envelope's `bulkid`, set by an import): into the recipient's `bulk` digest, due at the latest
 * `timeoutMs` from now. BulkSummaryScheduler sends it as soon as the import completed and all its
 * events are in; the DigestScheduler sends it at the due time if that never happens (an import
 * that crashed, or events that never came). Service messages (a welcome) are never collected.
 * Undefined: an ordinary single change, emailed as before.
 */
export function bulkDigest(
  event: Pick<EventEnvelope, 'bulkid'>,
  category: RuleCategory,
  now: Date,
  timeoutMs: number,
): { period: 'bulk'; dueAt: Date } | undefined {
  if (!event.bulkid || category === 'service') return undefined;
  return { period: 'bulk', dueAt: new Date(now.getTime() + timeoutMs) };
}

/** The bulk change a stored event (a delivery's `event`) is part of, if any. */
export function bulkIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || !('bulkid' in event)) return undefined;
  return typeof event.bulkid === 'string' ? event.bulkid : undefined;
}
