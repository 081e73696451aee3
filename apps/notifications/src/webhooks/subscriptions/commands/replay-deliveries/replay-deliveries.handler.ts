import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ReplayWebhookDeliveriesResponseDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { WebhookDeliveryRepository, webhookDeliveryId } from '@notifications/webhooks/dispatch/webhook-delivery.repository';
import { WebhookEventRepository } from '@notifications/webhooks/fan-out/webhook-event.repository';
import { assertMayUseWebhooks, canSee } from '@notifications/webhooks/subscriptions/subscription-access';
import { invalidWebhookField, subscriptionInactive, subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

/** Events resent per call; `nextFrom` continues from there. */
export const REPLAY_LIMIT = 1000;

/**
 * Resends the subscription's events from a moment on, from the webhook event store, whether they
 * were delivered, failed or never queued (the endpoint was paused or disabled). Each replay is a
 * new generation of deliveries (`_id` with the replay id), so asking twice sends twice: a
 * deliberate resend. Every delivery keeps its event's webhook-id.
 */
@Injectable()
export class ReplayDeliveriesHandler {
  private readonly logger = new Logger(ReplayDeliveriesHandler.name);

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly events: WebhookEventRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  async execute(id: string, fromText: string, identity: Identity): Promise<ReplayWebhookDeliveriesResponseDto> {
    assertMayUseWebhooks(identity);
    const subscription = await this.subscriptions.load(id);
    if (!subscription || !canSee(identity, subscription.state)) throw subscriptionNotFound(id);
    if (!subscription.state.active) throw subscriptionInactive();
    const from = new Date(fromText);
    if (from.getTime() > Date.now()) throw invalidWebhookField('from', 'from must not be in the future');
    const replayId = `rpl_${randomBytes(16).toString('hex')}`;
    const found = await this.events.since(from, subscription.state.eventTypes, subscription.state.regions, REPLAY_LIMIT + 1);
    const batch = found.slice(0, REPLAY_LIMIT);
    let enqueued = 0;
    for (const event of batch) {
      const queued = await this.deliveries.enqueue({
        _id: webhookDeliveryId(event._id, id, replayId),
        subscriptionId: id,
        eventId: event._id,
        eventType: event.type,
        eventTime: event.time,
        replayId,
      });
      if (queued) enqueued++;
    }
    const rest = found[REPLAY_LIMIT];
    this.logger.log(`Replay ${replayId} of webhook subscription ${id} from ${from.toISOString()}: ${enqueued} deliveries queued`);
    return { replayId, from: from.toISOString(), enqueued, nextFrom: rest ? rest.time.toISOString() : null };
  }
}
