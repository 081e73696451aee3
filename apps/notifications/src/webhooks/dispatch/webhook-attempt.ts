import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { metricsRegistry } from '@yp/shared-bootstrap';
import { WebhookEventRepository } from '@notifications/webhooks/fan-out/webhook-event.repository';
import { signDelivery } from '@notifications/webhooks/signing/webhook-signer';
import { WebhookSecretRepository } from '@notifications/webhooks/subscriptions/secret.repository';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { retryDelayMs } from './backoff';
import { EndpointMonitor } from './endpoint-monitor';
import { WebhookDeliveryRepository, type AttemptOutcome, type WebhookDelivery } from './webhook-delivery.repository';
import { WebhookSender } from './webhook-sender';

const attempts = new Counter({
  name: 'webhook_attempts_total',
  help: 'Webhook delivery attempts by outcome',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export type AttemptResult = 'delivered' | 'retry' | 'failed' | 'disabled' | 'skipped' | 'aborted';

/**
 * One attempt of one delivery. The, its secrets and its URL are read again now: a paused, disabled, deleted or
 * re-pointed subscription is respected at once, and the address is checked again when the socket
 * connects (DNS rebinding).
 *
 * 2xx: delivered. Anything else retries with exponential backoff and jitter until
 * WEBHOOKS_GIVE_UP_AFTER_HOURS after the delivery was queued, unless the endpoint's failing streak
 * got it disabled.
 */
@Injectable()
export class WebhookAttempt {
  constructor(
    private readonly settings: WebhookSettings,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly secrets: WebhookSecretRepository,
    private readonly events: WebhookEventRepository,
    private readonly sender: WebhookSender,
    private readonly monitor: EndpointMonitor,
  ) {}

  /** Makes attempt `delivery.attempts + 1`, which the caller has claimed. */
  async run(delivery: WebhookDelivery, shutdown: AbortSignal): Promise<AttemptResult> {
    const attempt = delivery.attempts + 1;
    const subscription = await this.subscriptions.load(delivery.subscriptionId);
    const stored = subscription?.state.active ? await this.events.get(delivery.eventId) : null;
    if (!subscription || !subscription.state.active || !stored) {
      const why = !subscription
        ? 'subscription deleted'
        : !subscription.state.active
          ? subscription.state.disabledAt
            ? 'subscription disabled'
            : 'subscription paused'
          : 'event no longer retained';
      await this.deliveries.markFailed(delivery._id, attempt, why);
      return 'skipped';
    }
    const startedAt = new Date();
    const body = JSON.stringify(stored.envelope);
    const signed = signDelivery(stored.envelope.id, startedAt, body, await this.secrets.signingSecrets(subscription.state, startedAt));
    const result = await this.sender.post(subscription.state.url, body, signed, shutdown);
    if (result.aborted) return 'aborted';
    const outcome: AttemptOutcome = {
      at: startedAt,
      durationMs: result.durationMs,
      ...(result.status !== undefined ? { responseStatus: result.status } : {}),
      ...(result.body !== undefined ? { responseBody: result.body } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
    };
    if (result.ok) {
      await this.deliveries.markDelivered(delivery._id, attempt, outcome);
      await this.monitor.succeeded(subscription.id);
      return count('delivered');
    }
    const error = result.error ?? 'failed';
    const disabledSince = await this.monitor.failed(subscription.id, startedAt, error);
    if (disabledSince) {
      await this.deliveries.markFailed(
        delivery._id,
        attempt,
        `${error}; endpoint disabled after failing since ${disabledSince.toISOString()}`,
        outcome,
      );
      return count('disabled');
    }
    const next = new Date(Date.now() + retryDelayMs(attempt, this.settings.backoff));
    if (next.getTime() - delivery.createdAt.getTime() > this.settings.giveUpAfterMs) {
      await this.deliveries.markFailed(delivery._id, attempt, `${error}; gave up after ${attempt} attempts`, outcome);
      return count('failed');
    }
    await this.deliveries.markRetry(delivery._id, attempt, outcome, next);
    return count('retry');
  }
}

function count<T extends AttemptResult>(outcome: T): T {
  attempts.inc({ outcome });
  return outcome;
}
