import { Injectable, Logger } from '@nestjs/common';
import { WebhookEventRepository } from '@notifications/webhooks/fan-out/webhook-event.repository';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { WebhookClaims } from './webhook-claims';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookNotices } from './webhook-notices';

/**
 * What the dispatcher does once a minute: notices not sent yet (a crash between disabling and
 * telling), and the retention (FerretDB has no TTL indexes): events, finished deliveries and stale claims.
 */
@Injectable()
export class WebhookHousekeeping {
  private readonly logger = new Logger(WebhookHousekeeping.name);

  constructor(
    private readonly settings: WebhookSettings,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly notices: WebhookNotices,
    private readonly events: WebhookEventRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly claims: WebhookClaims,
  ) {}

  async run(now = new Date()): Promise<void> {
    for (const subscription of await this.subscriptions.disabled()) await this.notices.notify(subscription);
    await this.notices.sendPending();
    const cutoff = new Date(now.getTime() - this.settings.retentionMs);
    const events = await this.events.purgeBefore(cutoff);
    const deliveries = await this.deliveries.purgeBefore(cutoff);
    await this.claims.purgeBefore(new Date(now.getTime() - Math.max(3_600_000, 10 * this.settings.claimLeaseMs)));
    if (events + deliveries > 0)
      this.logger.log(
        `Webhook retention: removed ${events} event(s) and ${deliveries} finished deliveries from before ${cutoff.toISOString()}`,
      );
  }
}
