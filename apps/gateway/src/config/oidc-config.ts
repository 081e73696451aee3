import { IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { DatabaseServiceConfig } from '@yp/shared-bootstrap';

const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const enabled = (config: OidcConfig) => Boolean(config.OIDC_ISSUER_URL);
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/**
 * Optional OpenID Connect login through a welfare area's own identity provider. Off unless
 * OIDC_ISSUER_URL is set; then the client id, secret and redirect URL are required. The gateway's
 * configuration extends this class (`GatewayConfig extends OidcConfig`).
 */
export class OidcConfig extends DatabaseServiceConfig {
  /** The provider's issuer identifier; its `/.well-known/openid-configuration` is read at start. https, or http on loopback for tests. */
  @IsOptional()
  @IsUrl(url, { message: 'OIDC_ISSUER_URL must be the https URL of the identity provider, such as https://login.example.fi/realms/lappi' })
  @Matches(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$))/, {
    message: 'OIDC_ISSUER_URL must use https (plain http only for a provider on this machine, for tests)',
  })
  OIDC_ISSUER_URL?: string;

  @ValidateIf(enabled)
  @IsString({ message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER_URL is set' })
  @MinLength(1, { message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER_URL is set' })
  OIDC_CLIENT_ID?: string;

  @ValidateIf(enabled)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER_URL is set' })
  @MinLength(1, { message: 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER_URL is set' })
  OIDC_CLIENT_SECRET?: string;

  /** The gateway's own callback as the browser reaches it: `https://<public host>/api/v1/auth/oidc/callback`, registered at the provider. */
  @ValidateIf(enabled)
  @IsUrl(url, {
    message:
      'OIDC_REDIRECT_URL must be the public URL of GET /api/v1/auth/oidc/callback, such as https://api.example.fi/api/v1/auth/oidc/callback',
  })
  OIDC_REDIRECT_URL?: string;

  @IsString()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'OIDC_SCOPES must be space-separated and include openid' })
  OIDC_SCOPES: string = 'openid email profile';

  /** The claim that holds the username of an existing user (usernames are lower-cased logins, usually email addresses). */
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'OIDC_USERNAME_CLAIM must be a claim name such as email or preferred_username' })
  OIDC_USERNAME_CLAIM: string = 'email';
}

/** Plain http is allowed only towards a provider on this machine (the test provider). */
export const isLoopbackHttp = (issuer: string) => LOOPBACK.test(issuer);

export interface OidcSettings {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUrl: string;
  readonly scopes: string;
  readonly usernameClaim: string;
}

/** The settings of an enabled login; validation has required each of them once OIDC_ISSUER_URL is set. */
export function oidcSettings(config: OidcConfig): OidcSettings {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL } = config;
  if (!OIDC_ISSUER_URL || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URL) {
    throw new Error('OpenID Connect login is not configured (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL)');
  }
  return {
    issuerUrl: OIDC_ISSUER_URL,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUrl: OIDC_REDIRECT_URL,
    scopes: config.OIDC_SCOPES,
    usernameClaim: config.OIDC_USERNAME_CLAIM,
  };
}
