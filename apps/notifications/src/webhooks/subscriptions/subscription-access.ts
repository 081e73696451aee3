import type { Identity } from '@yp/shared-bootstrap';
import { REGION_CODES } from '@yp/contracts-http';
import { webhookRegionForbidden, webhooksForbidden } from './subscription.errors';
import type { WebhookSubscriptionState } from './subscription.state';

const isAdmin = (identity: Identity) => identity.roles.includes('admin');

/**
 * Object-level rules (the gateway checks roles first): integrations, i.e. API keys with read or
 * read-write access, manage their own subscriptions; admins manage all. Coordinators and liaison
 * officers have no webhooks: they get email.
 */
export function assertMayUseWebhooks(identity: Identity): void {
  if (isAdmin(identity) || identity.roles.includes('integration') || identity.roles.includes('integration-reader')) return;
  throw webhooksForbidden();
}

/** A subscription exists for a caller only if it is theirs (or they are an admin); others get a 404, not a 403. */
export function canSee(identity: Identity, state: WebhookSubscriptionState): boolean {
  return !state.deletedAt && (isAdmin(identity) || state.owner === identity.actor);
}

/** The owner filter of a list: none for admins. */
export function ownerFilter(identity: Identity): string | undefined {
  return isAdmin(identity) ? undefined : identity.actor;
}

/** The regions to subscribe to: those asked for, which must be the caller's; by default all of the caller's. */
export function subscribableRegions(identity: Identity, requested: readonly string[] | undefined): string[] {
  const own = isAdmin(identity) && identity.regions.length === 0 ? [...REGION_CODES] : [...identity.regions];
  const regions = [...new Set(requested ?? own)].sort();
  if (!isAdmin(identity) && !regions.every((r) => own.includes(r))) throw webhookRegionForbidden(own);
  return regions;
}
