import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@yp/contracts-events';
import { WebhookDeliveryRepository, webhookDeliveryId } from '@notifications/webhooks/dispatch/webhook-delivery.repository';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { regionsMatch, regionsNamedIn, routingRegions } from './event-regions';
import { WebhookEventRepository } from './webhook-event.repository';

/**
 * Turns each consumed event into one queued delivery per matching active subscription. Every step
 * is a unique insert or a versioned apply, so a redelivered event (at-least-once Kafka, a crash
 * before the inbox mark) queues nothing twice: the delivery `_id` is sha256(eventId | subscriptionId).
 */
@Injectable()
export class WebhookFanOut {
  private readonly logger = new Logger(WebhookFanOut.name);

  constructor(
    private readonly events: WebhookEventRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async onEvent(event: EventEnvelope): Promise<void> {
    const named = regionsNamedIn(event.data);
    // Stored before the regions are remembered: a redelivery reuses this routing, not one that already knows the move.
    const stored = await this.events.recordOnce(event, routingRegions(named, await this.events.lastKnownRegions(event.subject)));
    await this.events.rememberRegions(event.subject, event.aggregateversion, named);
    let queued = 0;
    for (const subscription of await this.subscriptions.activeFor(event.type)) {
      if (!regionsMatch(subscription.state.regions, stored.regions)) continue;
      const fresh = await this.deliveries.enqueue({
        _id: webhookDeliveryId(event.id, subscription.id),
        subscriptionId: subscription.id,
        eventId: event.id,
        eventType: event.type,
        eventTime: stored.time,
      });
      if (fresh) queued++;
    }
    if (queued > 0) this.logger.log(`Queued ${queued} webhook deliver${queued === 1 ? 'y' : 'ies'} of ${event.type} ${event.id}`);
  }
}
