import { Injectable, Logger } from '@nestjs/common';
import { NotificationsConfig } from '@notifications/notifications-config';
import type { BackoffPolicy } from './dispatch/backoff';
import type { UrlPolicy } from './url-safety/webhook-url';

const HOUR_MS = 3_600_000;

/** The WEBHOOKS_* configuration, read once and checked together (a lease shorter than a request would let two instances send the same attempt). */
@Injectable()
export class WebhookSettings {
  private readonly logger = new Logger(WebhookSettings.name);
  readonly allowPrivateUrls: boolean;
  readonly timeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly giveUpAfterMs: number;
  readonly disableAfterMs: number;
  readonly claimLeaseMs: number;
  readonly secretGraceMs: number;
  readonly retentionMs: number;
  readonly concurrency: number;

  constructor(config: NotificationsConfig) {
    this.allowPrivateUrls = config.WEBHOOKS_ALLOW_PRIVATE_URLS;
    this.timeoutMs = config.WEBHOOKS_TIMEOUT_MS;
    this.backoff = { baseMs: config.WEBHOOKS_RETRY_BASE_MS, maxMs: config.WEBHOOKS_RETRY_MAX_MS };
    this.giveUpAfterMs = config.WEBHOOKS_GIVE_UP_AFTER_HOURS * HOUR_MS;
    this.disableAfterMs = config.WEBHOOKS_DISABLE_AFTER_HOURS * HOUR_MS;
    this.claimLeaseMs = config.WEBHOOKS_CLAIM_LEASE_MS;
    this.secretGraceMs = config.WEBHOOKS_SECRET_GRACE_HOURS * HOUR_MS;
    this.retentionMs = config.WEBHOOKS_RETENTION_DAYS * 24 * HOUR_MS;
    this.concurrency = config.WEBHOOKS_CONCURRENCY;
    if (this.claimLeaseMs < this.timeoutMs + 5000) {
      throw new Error(
        'Invalid configuration: WEBHOOKS_CLAIM_LEASE_MS must be at least WEBHOOKS_TIMEOUT_MS + 5000 (a lease must outlive the request it covers)',
      );
    }
    if (this.backoff.maxMs < this.backoff.baseMs)
      throw new Error('Invalid configuration: WEBHOOKS_RETRY_MAX_MS must not be below WEBHOOKS_RETRY_BASE_MS');
    if (this.allowPrivateUrls)
      this.logger.warn('WEBHOOKS_ALLOW_PRIVATE_URLS is on: webhooks may call http and private addresses (development and tests only)');
  }

  get urlPolicy(): UrlPolicy {
    return { allowPrivate: this.allowPrivateUrls };
  }
}
