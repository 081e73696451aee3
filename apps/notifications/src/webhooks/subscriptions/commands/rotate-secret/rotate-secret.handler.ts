import { Injectable } from '@nestjs/common';
import type { WebhookSecretResponseDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { WebhookSecretRepository } from '@notifications/webhooks/subscriptions/secret.repository';
import { assertMayUseWebhooks, canSee } from '@notifications/webhooks/subscriptions/subscription-access';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

/**
 * A new signing secret. The one it replaces keeps signing beside it for WEBHOOKS_SECRET_GRACE_HOURS
 * (two signatures per delivery), so the receiver can switch without refusing a delivery; the one
 * before that is destroyed.
 */
@Injectable()
export class RotateSecretHandler {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly secrets: WebhookSecretRepository,
    private readonly settings: WebhookSettings,
  ) {}

  async execute(id: string, identity: Identity): Promise<WebhookSecretResponseDto> {
    assertMayUseWebhooks(identity);
    const found = await this.subscriptions.load(id);
    if (!found || !canSee(identity, found.state)) throw subscriptionNotFound(id);
    const secret = await this.secrets.create(id);
    const expiresAt = new Date(Date.now() + this.settings.secretGraceMs).toISOString();
    let dropped: string | undefined;
    const updated = await this.subscriptions
      .update(id, (current) => {
        if (!canSee(identity, current.state)) throw subscriptionNotFound(id);
        dropped = current.state.previousSecretId;
        return {
          state: {
            ...current.state,
            secretId: secret.id,
            previousSecretId: current.state.secretId,
            previousSecretExpiresAt: expiresAt,
            updatedAt: new Date().toISOString(),
          },
          records: [],
        };
      })
      .catch(async (error: unknown) => {
        await this.secrets.delete(secret.id);
        throw error;
      });
    if (!updated) {
      await this.secrets.delete(secret.id);
      throw subscriptionNotFound(id);
    }
    if (dropped) await this.secrets.delete(dropped);
    return { subscriptionId: id, secret: secret.secret, previousSecretExpiresAt: expiresAt };
  }
}
