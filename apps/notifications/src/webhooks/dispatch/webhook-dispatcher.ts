import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@yp/shared-bootstrap';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { WebhookAttempt } from './webhook-attempt';
import { WebhookClaims } from './webhook-claims';
import { WebhookDeliveryRepository, type WebhookDelivery } from './webhook-delivery.repository';

const POLL_MS = 250;
const BATCH = 50;

/**
 * The webhook worker, like the email DeliveryWorker but safe with several notifications instances:
 * each attempt is claimed before it is made (WebhookClaims), so no two instances send the same
 * attempt. Attempts run WEBHOOKS_CONCURRENCY at a time, so one slow endpoint does not hold up the others.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly shutdown = new AbortController();
  /** Every instance polls the queue; the claims decide who makes which attempt. */
  private readonly poll = new PeriodicTask('Webhook dispatch', POLL_MS, () => this.dispatchDue(), this.logger);
  private stopping = false;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly claims: WebhookClaims,
    private readonly attempt: WebhookAttempt,
  ) {}

  onApplicationBootstrap(): void {
    this.poll.start();
  }

  /**
   * Stops polling and cuts the requests in flight. Nothing is recorded for them: their claims
   * expire (WEBHOOKS_CLAIM_LEASE_MS) and the attempt is made again, by another instance or after a restart.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.shutdown.abort();
    await this.poll.stop();
  }

  private async dispatchDue(): Promise<void> {
    const due = await this.deliveries.due(BATCH);
    await inPool(due, this.settings.concurrency, (d) => this.attemptSafely(d));
  }

  private async attemptSafely(delivery: WebhookDelivery): Promise<void> {
    if (this.stopping) return;
    try {
      if (!(await this.claims.claim(delivery._id, delivery.attempts + 1))) {
        // Interrupted over and over (shutdowns mid-request, errors): fail it rather than block the queue.
        if (await this.claims.exhausted(delivery._id, delivery.attempts + 1)) {
          await this.deliveries.markFailed(delivery._id, delivery.attempts + 1, 'attempt interrupted too many times');
        }
        return;
      }
      // Re-read after the claim: the listed row may be stale (another instance made this attempt,
      // and its claim's lease expired before this instance reached the row).
      const current = await this.deliveries.get(delivery._id);
      if (current?.status !== 'pending' || current.attempts !== delivery.attempts) return;
      await this.attempt.run(current, this.shutdown.signal);
    } catch (error) {
      // A database hiccup mid-attempt: the claim expires and the attempt is made again later.
      this.logger.warn(`Webhook delivery ${delivery._id}: attempt not completed: ${String(error)}`);
    }
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
