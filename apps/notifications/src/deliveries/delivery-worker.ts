import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { EventEnvelope } from '@yp/contracts-events';
import { metricsRegistry, PeriodicTask } from '@yp/shared-bootstrap';
import { AddressHoldRepository, maskAddresses } from '@notifications/holds/address-hold.repository';
import { NotificationsConfig } from '@notifications/notifications-config';
import { EmailLinkBuilder } from '@notifications/preferences/email-links';
import { RecipientRepository, type Recipient } from '@notifications/recipients/recipient.repository';
import { categoriesReceivedBy } from '@notifications/rules/notification-rules';
import { isTemplateName, render, renderDigest, type RenderedEmail, type TemplateName } from '@notifications/templates/templates';
import { DeliveryRepository, type Delivery } from './delivery.repository';
import { Mailer, SmtpError } from './mailer';

const emails = new Counter({ name: 'emails_total', help: 'Emails by outcome', labelNames: ['outcome'], registers: [metricsRegistry] });
const MAX_BACKOFF_MS = 15 * 60 * 1000;
const POLL_MS = 300;
const BATCH = 20;

/**
 * Sends queued deliveries (single emails and digests). The recipient is resolved at send time, so
 * contact data that arrives a little after the event (another topic) is waited for, and an erased
 * person is never mailed.
 *
 * With several instances, each attempt is claimed first (a unique insert, see
 * DeliveryRepository.claim), so one instance sends it. An instance that stops between claiming and
 * recording the outcome leaves the claim behind; after MAIL_CLAIM_TIMEOUT_MS the attempt counts as
 * interrupted and the next one may go out. Only in that window (the SMTP server took the email, the
 * instance died before writing "sent") can an email go out twice; the same Message-ID lets mail
 * clients fold the copies.
 *
 * Temporary SMTP failures retry with exponential backoff; a 5xx fails the email with the server's
 * reply and puts the address on hold, so later emails to it are not attempted.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly maxAttempts: number;
  private readonly baseMs: number;
  private readonly claimTimeoutMs: number;
  /** Every instance polls the queue; the claims decide who sends what. */
  private readonly poll = new PeriodicTask('Delivery worker', POLL_MS, () => this.sendDue(), this.logger);
  private stopping = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly recipients: RecipientRepository,
    private readonly holds: AddressHoldRepository,
    private readonly links: EmailLinkBuilder,
    private readonly mailer: Mailer,
    config: NotificationsConfig,
  ) {
    this.maxAttempts = config.MAIL_MAX_ATTEMPTS;
    this.baseMs = config.MAIL_RETRY_BASE_MS;
    this.claimTimeoutMs = config.MAIL_CLAIM_TIMEOUT_MS;
  }

  onApplicationBootstrap(): void {
    this.stopping = false;
    this.poll.start();
  }

  /** Finishes the email in hand (the rest of the batch stays queued), then stops polling. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.poll.stop();
  }

  private async sendDue(): Promise<void> {
    for (const delivery of await this.deliveries.due(BATCH)) {
      if (this.stopping) break;
      if (await this.deliveries.claim(delivery)) await this.deliver(delivery);
      else await this.recoverInterrupted(delivery);
    }
  }

  /** Another instance holds this attempt; if it has held it too long, it stopped mid-send. */
  private async recoverInterrupted(delivery: Delivery): Promise<void> {
    const claimedAt = await this.deliveries.claimedAt(delivery);
    if (!claimedAt || Date.now() - claimedAt.getTime() < this.claimTimeoutMs) return;
    const current = await this.deliveries.get(delivery._id);
    if (current?.status !== 'queued' || current.attempts !== delivery.attempts) return;
    await this.deliveries.markRetry(delivery._id, delivery.attempts + 1, 'attempt interrupted: the sending instance stopped', new Date());
    this.logger.warn(`Delivery ${delivery._id}: attempt ${delivery.attempts + 1} was interrupted; trying again`);
  }

  private backoff(attempts: number): Date {
    return new Date(Date.now() + Math.min(MAX_BACKOFF_MS, this.baseMs * 2 ** (attempts - 1)));
  }

  private async deliver(listed: Delivery): Promise<void> {
    // Re-read after the claim: another instance may have finished the attempt the list showed.
    const delivery = await this.deliveries.get(listed._id);
    if (delivery?.status !== 'queued' || delivery.attempts !== listed.attempts) return;
    const attempts = delivery.attempts + 1;
    const recipient = await this.recipients.findContact(delivery.personId);
    if (!recipient) {
      // Erased (perhaps after this was queued): cancel and pseudonymise like the erasure itself does.
      if (await this.recipients.isErased(delivery.personId)) await this.deliveries.cancelForErasedPerson(delivery.personId);
      else if (attempts >= this.maxAttempts) await this.deliveries.markFailed(delivery._id, attempts, 'recipient unknown or erased');
      else await this.deliveries.markRetry(delivery._id, attempts, 'recipient contact data not yet received', this.backoff(attempts));
      return;
    }
    const hold = await this.holds.isHeld(recipient.email);
    if (hold) {
      await this.deliveries.markHeld(delivery._id, `address on hold since ${hold.createdAt.toISOString()}: ${hold.reason}`);
      emails.inc({ outcome: 'held' });
      return;
    }
    let email: RenderedEmail | undefined;
    try {
      email = await this.compose(delivery, recipient);
    } catch (error) {
      // A template bug or an event it cannot show: retrying would not help.
      await this.deliveries.markFailed(delivery._id, attempts, `render failed: ${String(error)}`);
      this.logger.error(`Delivery ${delivery._id} could not be rendered: ${String(error)}`);
      return;
    }
    if (!email) {
      await this.deliveries.markFailed(delivery._id, attempts, `nothing to send (template ${delivery.template})`);
      return;
    }
    const messageId = `<${delivery._id}@yhteispeli.local>`;
    let response: string;
    try {
      response = (
        await this.mailer.send({
          to: recipient.email,
          toName: recipient.name,
          ...email,
          messageId,
          ...(delivery.category !== 'service' ? { unsubscribeUrl: this.links.unsubscribe(delivery.personId, delivery.category) } : {}),
        })
      ).response;
    } catch (error) {
      await this.recordFailure(delivery, attempts, recipient.email, error);
      return;
    }
    emails.inc({ outcome: 'sent' });
    // The server took it: from here on, never try again. If recording fails, the claim stays and the
    // attempt counts as interrupted after MAIL_CLAIM_TIMEOUT_MS; retry the write meanwhile.
    for (let tries = 1; ; tries++) {
      try {
        await this.deliveries.markSent(delivery._id, attempts, maskAddresses(response), messageId);
        return;
      } catch (error) {
        if (tries >= 5) {
          this.logger.error(`Delivery ${delivery._id} was sent but could not be recorded: ${String(error)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * tries));
      }
    }
  }

  private async recordFailure(delivery: Delivery, attempts: number, address: string, error: unknown): Promise<void> {
    const permanent = error instanceof SmtpError && error.permanent;
    const reply = error instanceof SmtpError && error.response ? maskAddresses(error.response) : undefined;
    const reason = maskAddresses(String(error));
    if (permanent) {
      await this.deliveries.markFailed(delivery._id, attempts, reason, reply);
      await this.holds.hold(address, delivery.personId, reply ?? reason, delivery._id);
      emails.inc({ outcome: 'failed' });
      this.logger.error(`Delivery ${delivery._id} refused permanently; address put on hold: ${reason}`);
    } else if (attempts >= this.maxAttempts) {
      await this.deliveries.markFailed(delivery._id, attempts, reason, reply);
      emails.inc({ outcome: 'failed' });
      this.logger.error(`Delivery ${delivery._id} failed after ${attempts} attempts: ${reason}`);
    } else {
      await this.deliveries.markRetry(delivery._id, attempts, reason, this.backoff(attempts));
      emails.inc({ outcome: 'retry' });
      this.logger.warn(`Delivery ${delivery._id} attempt ${attempts} failed, will retry: ${reason}`);
    }
  }

  private async compose(delivery: Delivery, recipient: Recipient): Promise<RenderedEmail | undefined> {
    const context = {
      name: recipient.name,
      language: recipient.language,
      links: this.links.forEmail(delivery.personId, delivery.category),
      receives: categoriesReceivedBy('liaison-officers-of-municipalities'),
    };
    if (delivery.template === 'digest') {
      const items = (await this.deliveries.itemsOf(delivery)).filter((i): i is Delivery & { template: TemplateName } =>
        isTemplateName(i.template),
      );
      if (items.length === 0) return undefined;
      return renderDigest(
        delivery.digest?.period ?? 'daily',
        items.map((i) => ({ template: i.template, event: i.event as EventEnvelope })),
        context,
      );
    }
    if (!isTemplateName(delivery.template)) return undefined;
    return render(delivery.template, delivery.event as EventEnvelope, context);
  }
}
