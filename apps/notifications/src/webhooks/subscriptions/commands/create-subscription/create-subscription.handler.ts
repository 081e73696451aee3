import { Injectable } from '@nestjs/common';
import type { CreateWebhookSubscriptionRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { WebhookSecretRepository } from '@notifications/webhooks/subscriptions/secret.repository';
import { assertMayUseWebhooks, subscribableRegions } from '@notifications/webhooks/subscriptions/subscription-access';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { assertSubscribableUrl } from '@notifications/webhooks/subscriptions/subscription.rules';
import { SUBSCRIPTION_ID_PREFIX, type WebhookSubscriptionState } from '@notifications/webhooks/subscriptions/subscription.state';

/** Subscribes the caller (an API key, or an admin) to event types of its regions; answers the signing secret once. */
@Injectable()
export class CreateSubscriptionHandler {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly secrets: WebhookSecretRepository,
    private readonly settings: WebhookSettings,
  ) {}

  async execute(
    request: CreateWebhookSubscriptionRequestDto,
    identity: Identity,
  ): Promise<{ subscription: Loaded<WebhookSubscriptionState>; secret: string }> {
    assertMayUseWebhooks(identity);
    const regions = subscribableRegions(identity, request.regions);
    await assertSubscribableUrl(request.url, this.settings.urlPolicy);
    const id = VersionedStore.newId(SUBSCRIPTION_ID_PREFIX);
    const secret = await this.secrets.create(id);
    const now = new Date().toISOString();
    const state: WebhookSubscriptionState = {
      subscriptionId: id,
      owner: identity.actor,
      url: request.url,
      eventTypes: [...request.eventTypes].sort(),
      regions,
      contactEmail: request.contactEmail.trim(),
      ...(request.description ? { description: request.description } : {}),
      active: true,
      secretId: secret.id,
      createdAt: now,
      updatedAt: now,
    };
    try {
      return { subscription: await this.subscriptions.create(id, { state, records: [] }), secret: secret.secret };
    } catch (error) {
      await this.secrets.delete(secret.id);
      throw error;
    }
  }
}
