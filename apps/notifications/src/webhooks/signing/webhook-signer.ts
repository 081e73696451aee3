import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The three Standard Webhooks headers of one delivery. */
export interface SignedHeaders {
  /** The event id: the same on every attempt and replay, so receivers deduplicate on it. */
  readonly 'webhook-id': string;
  /** Unix seconds when this attempt was signed; receivers refuse stale ones (replay protection). */
  readonly 'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret in use, space-separated. */
  readonly 'webhook-signature': string;
}

/** A new signing secret, `whsec_<base64 of 32 random bytes>` (the Standard Webhooks format). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Signs one attempt with the standardwebhooks library (the reference implementation receivers
 * verify with). During a secret rotation both secrets sign, newest first: a receiver holding
 * either one verifies.
 */
export function signDelivery(messageId: string, at: Date, body: string, secrets: readonly string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error('A delivery needs at least one signing secret');
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
