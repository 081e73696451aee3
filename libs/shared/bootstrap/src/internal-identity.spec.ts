import { JwtService } from '@nestjs/jwt';
import { InternalIdentitySigner, type Identity } from './internal-identity';

const SECRET = 'unit-test-internal-secret-0123456789abcdef';
const CALLER: Identity = { actor: 'user:usr_1', roles: ['coordinator'], regions: ['19'] };
const CLAIMS = { audience: 'yhteispeli-services', issuer: 'yhteispeli-gateway' };

describe('InternalIdentitySigner', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once and remembers it until it expires', () => {
    const signer = new InternalIdentitySigner(SECRET);
    const token = signer.sign(CALLER);
    const verify = jest.spyOn(JwtService.prototype, 'verify');
    expect(signer.verify(token)).toEqual(CALLER);
    expect(signer.verify(token)).toEqual(CALLER);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses an expired token, another secret’s token and a tampered token, and remembers none of them', () => {
    const signer = new InternalIdentitySigner(SECRET);
    const claims = { sub: CALLER.actor, roles: CALLER.roles, regions: CALLER.regions };
    const expired = new JwtService({ secret: SECRET }).sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, CLAIMS);
    const foreign = new InternalIdentitySigner('another-secret-0123456789abcdef-0123').sign(CALLER);
    const good = signer.sign(CALLER);
    const [header, , signature] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`;
    for (const token of [expired, foreign, tampered]) {
      expect(() => signer.verify(token)).toThrow();
      expect(() => signer.verify(token)).toThrow();
    }
  });

  it('hands out identities nobody can change for the next request', () => {
    const signer = new InternalIdentitySigner(SECRET);
    const identity = signer.verify(signer.sign(CALLER));
    expect(Object.isFrozen(identity)).toBe(true);
  });
});
