import { environmentValidator } from '@yp/shared-bootstrap';
import { OidcConfig } from './oidc-config';

const base = {
  PORT: '3000',
  INTERNAL_TOKEN_SECRET: 'test-internal-secret-0123456789abcdef',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/yp-gateway',
};
const validate = environmentValidator(OidcConfig);
const failure = (env: Record<string, string>) => {
  try {
    validate({ ...base, ...env });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('OidcConfig', () => {
  it('is off, with its defaults, when OIDC_ISSUER_URL is unset', () => {
    const config = validate(base);
    expect(config.OIDC_ISSUER_URL).toBeUndefined();
    expect(config.OIDC_SCOPES).toBe('openid email profile');
    expect(config.OIDC_USERNAME_CLAIM).toBe('email');
  });

  it('requires the client and the redirect URL once the issuer is set', () => {
    const message = failure({ OIDC_ISSUER_URL: 'https://login.example.fi/realms/lappi' });
    expect(message).toContain('OIDC_CLIENT_ID is required');
    expect(message).toContain('OIDC_CLIENT_SECRET is required');
    expect(message).toContain('OIDC_REDIRECT_URL must be');
  });

  it('accepts https, and http only on loopback', () => {
    const client = { OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URL: 'https://api.example.fi/api/v1/auth/oidc/callback' };
    expect(failure({ ...client, OIDC_ISSUER_URL: 'https://login.example.fi' })).toBe('');
    expect(failure({ ...client, OIDC_ISSUER_URL: 'http://127.0.0.1:4000' })).toBe('');
    expect(failure({ ...client, OIDC_ISSUER_URL: 'http://login.example.fi' })).toContain('OIDC_ISSUER_URL must use https');
    expect(failure({ ...client, OIDC_ISSUER_URL: 'http://localhost.evil.example' })).toContain('OIDC_ISSUER_URL must use https');
  });

  it('insists on the openid scope', () => {
    expect(failure({ OIDC_SCOPES: 'email profile' })).toContain('OIDC_SCOPES');
  });
});
