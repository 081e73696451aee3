import { AppError } from '@yp/shared-bootstrap';
import { needsUserInfo, usernameFromClaims } from './oidc-claims';

const rejected = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? { status: error.status, code: error.code } : error;
  }
  throw new Error('expected a rejection');
};

describe('usernameFromClaims', () => {
  it('maps a verified email to the lower-cased username', () => {
    expect(usernameFromClaims({ sub: '1', email: ' Ella.E@Lappi.Example.FI ', email_verified: true }, 'email')).toBe(
      'ella.e@lappi.example.fi',
    );
  });

  it('accepts email_verified sent as the string "true" (some providers do)', () => {
    expect(usernameFromClaims({ email: 'a@b.fi', email_verified: 'true' }, 'email')).toBe('a@b.fi');
  });

  it.each([{ email_verified: false }, { email_verified: 'false' }, {}])('refuses an email that is not verified (%o)', (verified) => {
    expect(rejected(() => usernameFromClaims({ email: 'a@b.fi', ...verified }, 'email'))).toEqual({
      status: 403,
      code: 'AUTH.OIDC_CLAIM_REJECTED',
    });
  });

  it.each([undefined, '', '   ', 42, ['a@b.fi']])('refuses a missing or non-string claim (%p)', (value) => {
    expect(rejected(() => usernameFromClaims({ email: value, email_verified: true }, 'email'))).toEqual({
      status: 403,
      code: 'AUTH.OIDC_CLAIM_REJECTED',
    });
  });

  it('needs no verification for another configured claim', () => {
    expect(usernameFromClaims({ preferred_username: 'Kaisa.K', email_verified: false }, 'preferred_username')).toBe('kaisa.k');
  });
});

describe('needsUserInfo', () => {
  it('asks userinfo when the ID token lacks the claim or, for email, its verification', () => {
    expect(needsUserInfo({ sub: '1' }, 'email')).toBe(true);
    expect(needsUserInfo({ sub: '1', email: 'a@b.fi' }, 'email')).toBe(true);
    expect(needsUserInfo({ sub: '1', email: 'a@b.fi', email_verified: false }, 'email')).toBe(false);
    expect(needsUserInfo({ sub: '1', preferred_username: 'k' }, 'preferred_username')).toBe(false);
  });
});
