import { Injectable, Logger } from '@nestjs/common';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { WebhookNotices } from './webhook-notices';

/**
 * Disables an endpoint that has failed continuously for WEBHOOKS_DISABLE_AFTER_HOURS and tells its
 * owner. The change is a versioned update (a concurrent edit by the owner retries it, never loses
 * it); disabling twice is a no-op, and the notice is sent once per disabling.
 */
@Injectable()
export class EndpointDisabler {
  private readonly logger = new Logger(EndpointDisabler.name);

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly notices: WebhookNotices,
  ) {}

  async disable(subscriptionId: string, failingSince: Date, lastError: string, now: Date): Promise<void> {
    const reason =
      `Deliveries failed continuously for ${duration(now.getTime() - failingSince.getTime())} since ${failingSince.toISOString()}; last error: ${lastError}`.slice(
        0,
        500,
      );
    const updated = await this.subscriptions.update(subscriptionId, (current) =>
      current.state.active
        ? {
            state: {
              ...current.state,
              active: false,
              disabledAt: now.toISOString(),
              disabledReason: reason,
              failingSince: failingSince.toISOString(),
              updatedAt: now.toISOString(),
            },
            records: [],
          }
        : null,
    );
    if (!updated?.state.disabledAt) return;
    if (updated.state.disabledAt === now.toISOString()) this.logger.warn(`Disabled webhook subscription ${subscriptionId}: ${reason}`);
    await this.notices.notify(updated);
  }
}

/** `72 h`, `45 min` or `4 s`: readable at any WEBHOOKS_DISABLE_AFTER_HOURS. */
function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
