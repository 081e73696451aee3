/** A webhook subscription: who gets which events of which regions, where. */
export interface WebhookSubscriptionState {
  subscriptionId: string;
  /** `key:<id>` or `user:<id>` of who created it: a key sees and manages only its own. */
  owner: string;
  url: string;
  eventTypes: string[];
  regions: string[];
  contactEmail: string;
  description?: string;
  /** Deliveries are queued and sent only while active. */
  active: boolean;
  /** Set when the endpoint was disabled for failing continuously (not when its owner paused it). */
  disabledAt?: string;
  disabledReason?: string;
  /** The first failed attempt of the run that got it disabled (for the owner's notice). */
  failingSince?: string;
  /** The signing secret in `webhook_secrets` (never in this state or its change log). */
  secretId: string;
  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  previousSecretId?: string;
  previousSecretExpiresAt?: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export const SUBSCRIPTION_ID_PREFIX = 'whk';
