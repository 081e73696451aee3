import type { WebhookSubscriptionResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { WebhookSubscriptionState } from './subscription.state';

/** The public view: never a secret or a secret id. */
export function presentSubscription({ id, version, state: s }: Loaded<WebhookSubscriptionState>): WebhookSubscriptionResponseDto {
  return {
    id,
    version,
    owner: s.owner,
    url: s.url,
    eventTypes: s.eventTypes,
    regions: s.regions,
    contactEmail: s.contactEmail,
    ...(s.description ? { description: s.description } : {}),
    active: s.active,
    disabledAt: s.disabledAt ?? null,
    disabledReason: s.disabledReason ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
