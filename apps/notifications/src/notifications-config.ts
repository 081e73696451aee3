import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class NotificationsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'notifications';

  @IsString()
  SMTP_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 1025;

  @IsEmail()
  MAIL_FROM: string = 'yhteispeli@yhteispeli.local';

  /** Attempts per email before it is marked failed. */
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS: number = 30;

  /** First retry delay; doubles per attempt up to 15 minutes (30 attempts span about 5 hours). */
  @IsInt()
  @Min(10)
  MAIL_RETRY_BASE_MS: number = 1000;
  /** HMAC key of the preferences and unsubscribe links in emails; changing it invalidates old links. */
  @IsString()
  @MinLength(32, { message: 'NOTIFICATIONS_LINK_SECRET must be at least 32 characters' })
  NOTIFICATIONS_LINK_SECRET!: string;

  /** The gateway's public address, for links in emails (preferences, unsubscribe, the register). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  /**
   * Where the register's user interface shows a record (`<url>/organisations/<id>`), for links in
   * emails. Empty (the default, while there is no UI): emails link no records.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  REGISTER_UI_URL?: string;

  /** Hour (Europe/Helsinki) at which daily digests, and on Mondays weekly digests, go out. */
  @IsInt()
  @Min(0)
  @Max(23)
  DIGEST_HOUR: number = 7;

  /** For tests and demos only: collect digest items for this long instead of until DIGEST_HOUR (0 = off). */
  @IsInt()
  @Min(0)
  DIGEST_COLLECT_MS: number = 0;

  /** How often an instance tries the digest lease and sends what is due. */
  @IsInt()
  @Min(100)
  DIGEST_POLL_MS: number = 30000;

  /**
   * Bulk changes (imports): how long after an item was planned its recipient's summary goes out at
   * the latest, when the import never says it completed (it crashed) or is still running.
   */
  @IsInt()
  @Min(1000)
  BULK_SUMMARY_TIMEOUT_MS: number = 600000;

  /** How often an instance tries the bulk-summaries lease and summarises the imports that completed. */
  @IsInt()
  @Min(100)
  BULK_SUMMARY_POLL_MS: number = 2000;

  /** Final email deliveries (sent, failed, held, skipped, digested) are deleted after this many days. */
  @IsInt()
  @Min(1)
  DELIVERY_RETENTION_DAYS: number = 180;

  /** A claimed send that has not finished after this long (its instance stopped) is tried again. */
  @IsInt()
  @Min(1000)
  MAIL_CLAIM_TIMEOUT_MS: number = 120000;

  /** Emails one instance sends at a time (each waits on the SMTP server and the store). */
  @IsInt()
  @Min(1)
  @Max(200)
  MAIL_CONCURRENCY: number = 32;

  /** SMTP connections in the pool (each sends up to 100 emails before it is renewed). */
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_MAX_CONNECTIONS: number = 16;

  /** How often an instance reads the email queue's markers for work another instance left (ADR 011). */
  @IsInt()
  @Min(100)
  MAIL_QUEUE_SWEEP_MS: number = 5000;

  /** An email another instance queued and left due this long is taken over (it stopped, or is behind). */
  @IsInt()
  @Min(0)
  MAIL_QUEUE_TAKEOVER_MS: number = 30000;

  // --- Webhooks (apps/notifications/src/webhooks) -------------------------------------------

  /** Development and tests only: webhook URLs may be plain http and resolve to loopback or private addresses. */
  @Transform(({ obj }: { obj: Record<string, unknown> }) => parseFlag(obj.WEBHOOKS_ALLOW_PRIVATE_URLS))
  @IsBoolean({ message: 'WEBHOOKS_ALLOW_PRIVATE_URLS must be true or false' })
  WEBHOOKS_ALLOW_PRIVATE_URLS: boolean = false;

  /** A webhook request (connect, send, answer) that takes longer has failed. */
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOKS_TIMEOUT_MS: number = 10000;

  /** Delay after a failed webhook attempt; doubles per attempt (±20 % jitter) up to WEBHOOKS_RETRY_MAX_MS. */
  @IsInt()
  @Min(10)
  WEBHOOKS_RETRY_BASE_MS: number = 30000;

  @IsInt()
  @Min(10)
  WEBHOOKS_RETRY_MAX_MS: number = 3600000;

  /** A webhook delivery not accepted this long after it was queued is given up (failed). */
  @IsNumber()
  @Min(0.0001)
  WEBHOOKS_GIVE_UP_AFTER_HOURS: number = 24;

  /** An endpoint whose deliveries have failed without a success for this long is disabled and its owner emailed. */
  @IsNumber()
  @Min(0.0001)
  WEBHOOKS_DISABLE_AFTER_HOURS: number = 72;

  /** How long a claimed webhook attempt belongs to its instance; after that (the instance died) another takes over. At least WEBHOOKS_TIMEOUT_MS + 5000. */
  @IsInt()
  @Min(1000)
  WEBHOOKS_CLAIM_LEASE_MS: number = 60000;

  /** After a secret rotation the old secret keeps signing beside the new one this long. */
  @IsNumber()
  @Min(0)
  WEBHOOKS_SECRET_GRACE_HOURS: number = 24;

  /** Webhook events (for replay) and finished deliveries (the log) are kept this long. */
  @IsNumber()
  @Min(1)
  WEBHOOKS_RETENTION_DAYS: number = 30;

  /** Webhook requests in flight per instance. */
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOKS_CONCURRENCY: number = 8;
}

/** `true`/`false` (any case) from the environment; anything else stays a string and fails validation. */
function parseFlag(value: unknown): unknown {
  if (value === undefined || value === '') return false;
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : value;
}
