import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { splitList } from '@yp/shared-bootstrap';
import { OidcConfig } from './oidc-config';

const internalUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The gateway's environment (the optional OpenID Connect settings come from OidcConfig). */
export class GatewayConfig extends OidcConfig {
  override SERVICE_NAME: string = 'gateway';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'JWT_KEY_ID must be a short token such as k1' })
  JWT_KEY_ID: string = 'k1';

  /** Audit events older than this many days are deleted (hourly). */
  @IsInt()
  @Min(30)
  AUDIT_RETENTION_DAYS: number = 400;

  /** How often expired API keys' webhook subscriptions are paused (as revoking a key does). */
  @IsInt()
  @Min(100)
  API_KEY_EXPIRY_SWEEP_MS: number = 3600000;

  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(600)
  @Max(90 * 86400)
  SESSION_TTL_SECONDS: number = 30 * 86400;

  /**
   * How long a request may rely on a session or API key as read by an earlier request (0: read the
   * store every time). A logout or revocation on this instance takes effect at once; on another
   * instance within this time.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  CREDENTIAL_CHECK_MAX_AGE_MS: number = 1000;

  /** Consecutive failed logins of one username before it is locked out for LOGIN_LOCKOUT_SECONDS. */
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES: number = 5;

  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_LOCKOUT_SECONDS: number = 900;

  /** Requests per minute per caller (credential, or address when anonymous). */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** Login and refresh attempts per minute per client address. */
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE: number = 30;

  /** Browser origins allowed by CORS, comma-separated (for example the admin UI's); empty allows none. */
  @Transform(splitList)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { each: true, message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://admin.example.fi' },
  )
  CORS_ORIGINS: string[] = [];

  /** Reverse-proxy hops in front of the gateway whose X-Forwarded-For is trusted (0: none). */
  @IsInt()
  @Min(0)
  @Max(5)
  TRUST_PROXY_HOPS: number = 0;

  @IsString()
  @MinLength(3)
  BOOTSTRAP_ADMIN_USERNAME!: string;

  @IsString()
  @MinLength(12, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD!: string;

  @IsUrl(internalUrl, { message: 'ORGANISATIONS_URL must be an http(s) URL such as http://127.0.0.1:3101' })
  ORGANISATIONS_URL!: string;

  @IsUrl(internalUrl, { message: 'NOTIFICATIONS_URL must be an http(s) URL such as http://127.0.0.1:3104' })
  NOTIFICATIONS_URL!: string;

  /**
   * Connections the gateway keeps open to each service behind it, at most (kept alive and reused;
   * requests beyond it wait for a free one).
   */
  @IsInt()
  @Min(1)
  @Max(1024)
  UPSTREAM_MAX_SOCKETS: number = 64;
}
