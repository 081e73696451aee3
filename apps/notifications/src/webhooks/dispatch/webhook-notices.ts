import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { insertOnce, type Loaded } from '@yp/shared-persistence';
import { Mailer } from '@notifications/deliveries/mailer';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';
import type { WebhookSubscriptionState } from '@notifications/webhooks/subscriptions/subscription.state';
import { renderDisabledNotice } from './disabled-notice';
import { WebhookClaims } from './webhook-claims';

/** That an endpoint's owner is to be (or was) told it was disabled (`webhook_notices`). */
interface NoticeDocument {
  /** sha256(subscriptionId | disabledAt): one notice per disabling. */
  _id: string;
  subscriptionId: string;
  to: string;
  url: string;
  reason: string;
  failingSince: string;
  disabledAt: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
}

const MAX_ATTEMPTS = 10;

/**
 * Records and sends the "your endpoint was disabled" email, once per disabling: the notice is a
 * unique insert, and each send attempt is claimed like a delivery, so two instances never both
 * mail it. A notice whose first send failed is retried by the housekeeping (`catchUp`).
 */
@Injectable()
export class WebhookNotices {
  private readonly logger = new Logger(WebhookNotices.name);
  private readonly notices: mongo.Collection<NoticeDocument>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly mailer: Mailer,
    private readonly claims: WebhookClaims,
    private readonly subscriptions: WebhookSubscriptionRepository,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.notices = connection.db.collection<NoticeDocument>('webhook_notices');
  }

  /** Records the notice for a disabled subscription (a no-op if it exists) and tries to send it. */
  async notify(subscription: Loaded<WebhookSubscriptionState>): Promise<void> {
    const s = subscription.state;
    if (!s.disabledAt) return;
    const failingSince = s.failingSince ?? s.disabledAt;
    const id = createHash('sha256').update(`${subscription.id}|${s.disabledAt}`).digest('hex');
    await insertOnce(this.notices, {
      _id: id,
      subscriptionId: subscription.id,
      to: s.contactEmail,
      url: s.url,
      reason: s.disabledReason ?? 'deliveries kept failing',
      failingSince,
      disabledAt: s.disabledAt,
      status: 'pending',
      attempts: 0,
      createdAt: new Date(),
    });
    const notice = await this.notices.findOne({ _id: id });
    if (notice?.status === 'pending') await this.send(notice);
  }

  /** Records the notices of disabled subscriptions that have none yet (a crash between disabling and telling) and sends what is still pending (after a failed send or a crash). */
  async catchUp(): Promise<void> {
    for (const subscription of await this.subscriptions.disabled()) await this.notify(subscription);
    for (const notice of await this.notices.find({ status: 'pending' }).limit(50).toArray()) await this.send(notice);
  }

  private async send(notice: NoticeDocument): Promise<void> {
    const attempt = notice.attempts + 1;
    if (!(await this.claims.claim(`notice:${notice._id}`, attempt))) return;
    try {
      await this.mailer.send(
        renderDisabledNotice({
          noticeId: notice._id,
          subscriptionId: notice.subscriptionId,
          to: notice.to,
          url: notice.url,
          reason: notice.reason,
          failingSince: notice.failingSince,
        }),
      );
      await this.notices.updateOne(
        { _id: notice._id, attempts: notice.attempts },
        { $set: { status: 'sent', sentAt: new Date(), attempts: attempt } },
      );
      this.logger.log(`Told the owner of webhook subscription ${notice.subscriptionId} it was disabled`);
    } catch (error) {
      const status = attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
      await this.notices.updateOne(
        { _id: notice._id, attempts: notice.attempts },
        { $set: { status, attempts: attempt, lastError: String(error).slice(0, 500) } },
      );
      this.logger.warn(`Disabled-webhook notice for ${notice.subscriptionId} not sent (attempt ${attempt}): ${String(error)}`);
    }
  }
}
