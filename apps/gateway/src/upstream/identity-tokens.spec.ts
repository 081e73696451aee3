import { InternalIdentitySigner, type Identity } from '@yp/shared-bootstrap';
import { IDENTITY_TOKEN_REUSE_MS, IdentityTokens } from './identity-tokens';

const SECRET = 'unit-test-internal-secret-0123456789abcdef';
const ADMIN: Identity = { actor: 'user:usr_1', roles: ['admin'], regions: [] };

describe('IdentityTokens', () => {
  let now = 1_000_000;
  let signed = 0;
  const signer = new InternalIdentitySigner(SECRET);
  const counting = { sign: (identity: Identity) => (signed++, signer.sign(identity)) } as InternalIdentitySigner;
  const tokens = new IdentityTokens(counting, () => now);

  beforeEach(() => {
    signed = 0;
  });

  it('signs once per caller and reuses the token for half its life, then signs anew', () => {
    const first = tokens.tokenFor(ADMIN);
    expect(signer.verify(first)).toEqual(ADMIN);
    now += IDENTITY_TOKEN_REUSE_MS - 1;
    expect(tokens.tokenFor({ ...ADMIN })).toBe(first);
    expect(signed).toBe(1);
    now += 1;
    const second = tokens.tokenFor(ADMIN);
    expect(signed).toBe(2);
    expect(signer.verify(second)).toEqual(ADMIN);
  });

  it('never hands one caller’s token to another, nor the token of other roles or regions', () => {
    const variants: Identity[] = [
      ADMIN,
      { ...ADMIN, actor: 'user:usr_2' },
      { ...ADMIN, roles: ['coordinator'] },
      { ...ADMIN, roles: ['coordinator'], regions: ['19'] },
      { ...ADMIN, roles: ['coordinator'], regions: ['17'] },
    ];
    for (const identity of variants) expect(signer.verify(tokens.tokenFor(identity))).toEqual(identity);
  });
});
