import { Injectable } from '@nestjs/common';
import type { Identity } from '@yp/shared-bootstrap';
import { EndpointMonitor } from '@notifications/webhooks/dispatch/endpoint-monitor';
import { WebhookSecretRepository } from '@notifications/webhooks/subscriptions/secret.repository';
import { assertMayUseWebhooks, canSee } from '@notifications/webhooks/subscriptions/subscription-access';
import { subscriptionNotFound, subscriptionStale } from '@notifications/webhooks/subscriptions/subscription.errors';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

/** Ends a subscription: nothing more is sent (queued deliveries fail as "subscription deleted") and its secrets are destroyed. */
@Injectable()
export class DeleteSubscriptionHandler {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly secrets: WebhookSecretRepository,
    private readonly monitor: EndpointMonitor,
  ) {}

  async execute(id: string, identity: Identity, expected?: number): Promise<void> {
    assertMayUseWebhooks(identity);
    const removed = await this.subscriptions.remove(id, (current) => {
      if (!canSee(identity, current.state)) throw subscriptionNotFound(id);
      if (expected !== undefined && expected !== current.version) throw subscriptionStale(current.version);
    });
    if (!removed) throw subscriptionNotFound(id);
    await this.secrets.deleteOf(id);
    await this.monitor.reset(id);
  }
}
