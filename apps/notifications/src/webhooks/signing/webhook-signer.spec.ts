import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { organisationRegisteredV1 } from '@yp/contracts-events';
import { newSigningSecret, signDelivery } from './webhook-signer';

describe('webhook signing (Standard Webhooks)', () => {
  const body = JSON.stringify(organisationRegisteredV1.fixture);
  const id = organisationRegisteredV1.fixture.id;

  it('makes secrets in the whsec_ format, each different', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(a);
  });

  it('signs HMAC-SHA256 of "id.timestamp.body" with the decoded secret, as the spec says', () => {
    const secret = newSigningSecret();
    const at = new Date('2026-11-23T10:00:00.900Z');
    const headers = signDelivery(id, at, body, [secret]);
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${id}.${headers['webhook-timestamp']}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('verifies with the library a receiver uses, and refuses a changed body, id or secret', () => {
    const secret = newSigningSecret();
    const headers = { ...signDelivery(id, new Date(), body, [secret]) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(organisationRegisteredV1.fixture);
    expect(() => new Webhook(secret).verify(body.replace('Pudasjärven', 'Pudasjarven'), headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'another' })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('a signature older than the receiver’s tolerance (5 min) is refused: an old capture cannot be replayed', () => {
    const secret = newSigningSecret();
    const headers = { ...signDelivery(id, new Date(Date.now() - 6 * 60_000), body, [secret]) };
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/too old/);
  });

  it('during a rotation signs with both secrets, so either verifies', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = { ...signDelivery(id, new Date(), body, [current, previous]) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('refuses to send unsigned', () => {
    expect(() => signDelivery(id, new Date(), body, [])).toThrow(/signing secret/);
  });
});
