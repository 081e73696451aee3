import { Injectable } from '@nestjs/common';
import type { UpdateWebhookSubscriptionRequestDto } from '@yp/contracts-http';
import { RequestValidationError, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { EndpointMonitor } from '@notifications/webhooks/dispatch/endpoint-monitor';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { assertMayUseWebhooks, canSee, subscribableRegions } from '@notifications/webhooks/subscriptions/subscription-access';
import { subscriptionNotFound, subscriptionStale } from '@notifications/webhooks/subscriptions/subscription.errors';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import { assertSubscribableUrl } from '@notifications/webhooks/subscriptions/subscription.rules';
import type { WebhookSubscriptionState } from '@notifications/webhooks/subscriptions/subscription.state';

/** Fields a PATCH may not clear with null (description may: null removes it). */
const REQUIRED = ['url', 'eventTypes', 'regions', 'contactEmail', 'active'] as const;

/**
 * A partial update. `active: true` also re-enables an endpoint disabled for failing (and starts its
 * failing streak afresh); `active: false` pauses it. Repeating the current values is a no-op.
 */
@Injectable()
export class UpdateSubscriptionHandler {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly monitor: EndpointMonitor,
    private readonly settings: WebhookSettings,
  ) {}

  async execute(
    id: string,
    patch: UpdateWebhookSubscriptionRequestDto,
    identity: Identity,
    expected?: number,
  ): Promise<Loaded<WebhookSubscriptionState>> {
    assertMayUseWebhooks(identity);
    const nulls = REQUIRED.filter((f) => (patch as Record<string, unknown>)[f] === null).map((field) => ({
      field,
      message: `${field} cannot be null`,
    }));
    if (nulls.length > 0) throw new RequestValidationError(nulls);
    const regions = patch.regions ? subscribableRegions(identity, patch.regions) : undefined;
    // Checked before the compare-and-set (it asks DNS); the same URL is checked again at every delivery.
    if (patch.url !== undefined) await assertSubscribableUrl(patch.url, this.settings.urlPolicy);
    let reenabled = false;
    const updated = await this.subscriptions.update(id, (current) => {
      if (!canSee(identity, current.state)) throw subscriptionNotFound(id);
      if (expected !== undefined && expected !== current.version) throw subscriptionStale(current.version);
      const s = current.state;
      const next: WebhookSubscriptionState = {
        ...s,
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.eventTypes ? { eventTypes: [...patch.eventTypes].sort() } : {}),
        ...(regions ? { regions } : {}),
        ...(patch.contactEmail !== undefined ? { contactEmail: patch.contactEmail.trim() } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      };
      if (patch.description === null) delete next.description;
      else if (patch.description !== undefined) next.description = patch.description;
      if (patch.active !== undefined) {
        // The owner decides now: whatever the dispatcher did before is history.
        delete next.disabledAt;
        delete next.disabledReason;
        delete next.failingSince;
      }
      if (JSON.stringify(next) === JSON.stringify(s)) return null;
      reenabled = next.active && !s.active;
      next.updatedAt = new Date().toISOString();
      return { state: next, records: [] };
    });
    if (!updated) throw subscriptionNotFound(id);
    if (reenabled) await this.monitor.reset(id);
    return updated;
  }
}
