import { LinkSigner } from './link-token';

describe('LinkSigner', () => {
  const signer = new LinkSigner('x'.repeat(32));

  it('round-trips the claims of a link it signed', () => {
    expect(signer.verify(signer.sign({ purpose: 'unsubscribe', personId: 'per_1', category: 'register' }))).toEqual({
      purpose: 'unsubscribe',
      personId: 'per_1',
      category: 'register',
    });
    expect(signer.verify(signer.sign({ purpose: 'preferences', personId: 'per_2' }))).toEqual({
      purpose: 'preferences',
      personId: 'per_2',
    });
  });

  it('refuses a tampered, truncated, foreign or malformed token', () => {
    const token = signer.sign({ purpose: 'preferences', personId: 'per_1' });
    const [v, body, mac] = token.split('.') as [string, string, string];
    const otherBody = Buffer.from(JSON.stringify({ u: 'preferences', p: 'per_2' })).toString('base64url');
    expect(signer.verify(`${v}.${otherBody}.${mac}`)).toBeUndefined();
    expect(signer.verify(`${v}.${body}.${mac.slice(0, -2)}`)).toBeUndefined();
    expect(signer.verify(new LinkSigner('y'.repeat(32)).sign({ purpose: 'preferences', personId: 'per_1' }))).toBeUndefined();
    for (const bad of ['', 'v1', 'v1..', `v2.${body}.${mac}`, `${token}.x`, 42, null, undefined, 'a'.repeat(700)])
      expect(signer.verify(bad)).toBeUndefined();
  });

  it('refuses a short secret', () => {
    expect(() => new LinkSigner('short')).toThrow(/at least 32/);
  });
});
