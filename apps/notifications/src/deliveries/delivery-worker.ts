import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { EventEnvelope } from '@yp/contracts-events';
import { metricsRegistry, PeriodicTask } from '@yp/shared-bootstrap';
import { AddressHoldRepository, maskAddresses, type AddressHold } from '@notifications/holds/address-hold.repository';
import { NotificationsConfig } from '@notifications/notifications-config';
import { EmailLinkBuilder } from '@notifications/preferences/email-links';
import { RecipientRepository, type Recipient } from '@notifications/recipients/recipient.repository';
import { categoriesReceivedBy } from '@notifications/rules/notification-rules';
import { isTemplateName, render, renderDigest, type RenderedEmail, type TemplateName } from '@notifications/templates/templates';
import { DeliveryRepository, toQueued, type Delivery } from './delivery.repository';
import { DueQueue, type QueuedDelivery } from './due-queue';
import { InFlightReads } from './in-flight-reads';
import { Mailer, SmtpError } from './mailer';

/** What an attempt hands back: the delivery to look at again (and when), or nothing. */
type Next = QueuedDelivery | undefined;

const fromDelivery = (delivery: Delivery): QueuedDelivery => ({
  id: delivery._id,
  personId: delivery.personId,
  attempts: delivery.attempts,
  dueAt: delivery.nextAttemptAt.getTime(),
});

const emails = new Counter({ name: 'emails_total', help: 'Emails by outcome', labelNames: ['outcome'], registers: [metricsRegistry] });
const MAX_BACKOFF_MS = 15 * 60 * 1000;
/**
 * A new email whose recipient's contact record has not arrived yet is looked at again every
 * CONTACT_WAIT_MS for CONTACT_GRACE_MS before that counts as a failed attempt (with backoff).
 */
const CONTACT_GRACE_MS = 5000;
const CONTACT_WAIT_MS = 250;
/** A marker whose delivery is missing this long is an enqueue that stopped between the two writes. */
const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/**
 * Sends queued deliveries (single emails and digests). The recipient is resolved at send time, so
 * contact data that arrives a little after the event (another topic) is waited for, and an erased
 * person is never mailed.
 *
 * Finding work never scans `deliveries` (ADR 011): the deliveries this instance queues come to it
 * in memory (DeliveryRepository.onQueued) and go out at once, MAIL_CONCURRENCY at a time through
 * the pooled SMTP transport; retries wait in memory for their backoff. The store is the journal:
 * each queued delivery has a marker in `delivery_queue`, from which the queue is rebuilt at start,
 * and which every MAIL_QUEUE_SWEEP_MS is read (it is as small as the backlog) to take over what
 * another instance left due for longer than MAIL_QUEUE_TAKEOVER_MS (it stopped, or is behind).
 *
 * Each attempt is claimed first (a unique insert, see DeliveryRepository.claim), so one instance
 * sends it whoever holds it in memory. An instance that stops between claiming and recording the
 * outcome leaves the claim behind; after MAIL_CLAIM_TIMEOUT_MS the attempt counts as interrupted
 * and the next one may go out. Only in that window (the SMTP server took the email, the instance
 * died before writing "sent") can an email go out twice; the same Message-ID lets mail clients
 * fold the copies.
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
  private readonly concurrency: number;
  private readonly takeoverMs: number;
  private readonly queue = new DueQueue();
  /** Deliveries being sent by this instance now. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /**
   * The deliveries this instance recorded and has not attempted yet, as recorded: their first
   * attempt need not read them back (see `attempt`). Emptied as they are attempted.
   */
  private readonly recorded = new Map<string, Delivery>();
  /** The recipient and the address hold, read at send time: a read in flight is shared (see InFlightReads). */
  private readonly contacts: InFlightReads<Recipient | null>;
  private readonly addressHolds: InFlightReads<AddressHold | null>;
  private readonly sweep: PeriodicTask;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private unsubscribe: (() => void) | undefined;
  private stopping = true;

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
    this.concurrency = config.MAIL_CONCURRENCY;
    this.takeoverMs = config.MAIL_QUEUE_TAKEOVER_MS;
    this.contacts = new InFlightReads((personId) => this.recipients.findContact(personId));
    this.addressHolds = new InFlightReads((address) => this.holds.isHeld(address));
    this.sweep = new PeriodicTask('Email queue sweep', config.MAIL_QUEUE_SWEEP_MS, () => this.adopt(false), this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopping = false;
    this.unsubscribe = this.deliveries.onQueued((queued, recorded) => this.schedule(queued, recorded));
    const backfilled = await this.deliveries.backfillQueue();
    if (backfilled > 0) this.logger.log(`Marked ${backfilled} delivery(ies) queued by an earlier version`);
    // The rebuild: every marker, whoever wrote it (claims keep a second instance from sending it too).
    await this.adopt(true);
    this.sweep.start();
  }

  /** Finishes the emails in hand (the rest stays queued in the store), then stops. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.sweep.stop();
    await Promise.all(this.inFlight.values());
    this.recorded.clear();
  }

  /** How many deliveries this instance holds in memory and sends now (tests, metrics). */
  get backlog(): { queued: number; sending: number } {
    return { queued: this.queue.size, sending: this.inFlight.size };
  }

  /** Takes a delivery into the in-memory queue (or moves it, if held) and sends what is due. */
  private schedule(queued: QueuedDelivery, recorded?: Delivery): void {
    if (this.stopping || this.inFlight.has(queued.id)) return;
    if (recorded) this.recorded.set(queued.id, recorded);
    this.queue.add(queued, Date.now());
    this.pump();
  }

  /** Starts one attempt; what it hands back (a retry, a later look) is queued once it has ended. */
  private start(queued: QueuedDelivery): void {
    const sending = this.attempt(queued)
      .catch((error: unknown): QueuedDelivery => {
        // The store failed us mid-way: keep the delivery, try again after a pause.
        this.logger.warn(`Delivery ${queued.id}: ${String(error)}; trying again`);
        return { ...queued, dueAt: Date.now() + this.baseMs };
      })
      .then((next) => {
        this.inFlight.delete(queued.id);
        if (next && !this.stopping) this.queue.add(next, Date.now());
        this.pump();
      });
    this.inFlight.set(queued.id, sending);
  }

  /** Starts sends up to MAIL_CONCURRENCY; sets the timer for the next delivery not yet due. */
  private pump(): void {
    if (this.stopping) return;
    const now = Date.now();
    const free = this.concurrency - this.inFlight.size;
    if (free > 0) {
      for (const queued of this.queue.take(free, now)) this.start(queued);
    }
    const next = this.inFlight.size < this.concurrency ? this.queue.nextDueAt(now) : undefined;
    if (next === undefined || next <= now) return;
    if (this.timer && this.timerAt <= next) return;
    clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, next - now);
  }

  /**
   * Reads the markers and takes into memory those it does not hold: all of them at start (the
   * rebuild), later only those left due for longer than MAIL_QUEUE_TAKEOVER_MS (by another
   * instance, stopped or behind).
   * Markers without a delivery past the grace are dropped (an enqueue that stopped half-way).
   */
  private async adopt(all: boolean): Promise<number> {
    const now = Date.now();
    let adopted = 0;
    for (const marker of await this.deliveries.markers()) {
      if (this.stopping) break;
      if (this.queue.has(marker._id) || this.inFlight.has(marker._id)) continue;
      // This instance's own deliveries reach it in memory; a marker of its own not in memory is a
      // delivery in the middle of being queued, or one whose send hit a store error (kept in memory too).
      if (!all && now - marker.dueAt.getTime() < this.takeoverMs) continue;
      if (now - marker.at.getTime() > ORPHAN_GRACE_MS && !(await this.deliveries.get(marker._id))) {
        await this.deliveries.unmark(marker._id);
        continue;
      }
      this.queue.add(toQueued(marker), now);
      adopted++;
    }
    if (adopted > 0) this.pump();
    return adopted;
  }

  /**
   * One attempt of one delivery: claim it, then send (or learn that another instance has it).
   * Returns when to look at the delivery again (a retry), if ever.
   */
  private async attempt(queued: QueuedDelivery): Promise<Next> {
    const recorded = this.recorded.get(queued.id);
    this.recorded.delete(queued.id);
    if (!(await this.deliveries.claim({ _id: queued.id, attempts: queued.attempts }))) return this.claimedElsewhere(queued);
    // Recorded by this instance, and the claim on its first attempt is ours: nobody else has
    // attempted it, so it is as recorded (an erasure that cancelled it meanwhile deleted the
    // recipient first: the read below finds none, as it would have with the delivery read back).
    const fresh = recorded?.attempts === queued.attempts && queued.attempts === 0 ? recorded : undefined;
    const [delivery, recipient] = await Promise.all([
      fresh ?? this.deliveries.get(queued.id),
      this.recipients.findContact(queued.personId),
    ]);
    // Read after the claim: the attempt numbers must agree (a marker may lag its delivery).
    // Not (yet) there: an enqueue in flight or stopped half-way. Give the attempt back (nothing was
    // sent); the sweep looks again, and drops the marker after the grace.
    if (!delivery) return this.deliveries.releaseClaim(queued);
    if (delivery.status !== 'queued') return this.deliveries.unmark(delivery._id);
    if (delivery.attempts !== queued.attempts) return fromDelivery(delivery);
    if (!recipient && delivery.attempts === 0 && Date.now() - delivery.createdAt.getTime() < CONTACT_GRACE_MS) {
      // Sent at once, the email may be ahead of the person's contact record (another topic): give
      // the attempt back and look again shortly, recording nothing (no attempt was made).
      await this.deliveries.releaseClaim(queued);
      return { ...queued, dueAt: Date.now() + CONTACT_WAIT_MS };
    }
    return this.deliver(delivery, recipient);
  }

  /**
   * The claim on this attempt is taken: another instance sends it (or sent it, or stopped while
   * sending it). Follow the delivery: final, moved on to a later attempt, or interrupted.
   */
  private async claimedElsewhere(queued: QueuedDelivery): Promise<Next> {
    const delivery = await this.deliveries.get(queued.id);
    if (!delivery) return undefined;
    if (delivery.status !== 'queued') return this.deliveries.unmark(delivery._id);
    if (delivery.attempts !== queued.attempts) return fromDelivery(delivery);
    const claimedAt = (await this.deliveries.claimedAt(delivery))?.getTime();
    // Given back meanwhile (its holder found no delivery yet): claim it again.
    if (claimedAt === undefined) return { ...queued, dueAt: Date.now() };
    // Look again when the attempt would count as interrupted (it is normally sent long before).
    if (Date.now() - claimedAt < this.claimTimeoutMs) return { ...queued, dueAt: claimedAt + this.claimTimeoutMs };
    const attempts = delivery.attempts + 1;
    this.logger.warn(`Delivery ${delivery._id}: attempt ${attempts} was interrupted; trying again`);
    return this.retry(delivery, attempts, 'attempt interrupted: the sending instance stopped', new Date());
  }

  /** Records a retry; the delivery stays in memory until it is due. */
  private async retry(delivery: Delivery, attempts: number, reason: string, next: Date): Promise<Next> {
    await this.deliveries.markRetry(delivery, attempts, reason, next);
    return { id: delivery._id, personId: delivery.personId, attempts, dueAt: next.getTime() };
  }

  private backoff(attempts: number): Date {
    return new Date(Date.now() + Math.min(MAX_BACKOFF_MS, this.baseMs * 2 ** (attempts - 1)));
  }

  private async deliver(delivery: Delivery, recipient: Recipient | null): Promise<Next> {
    const attempts = delivery.attempts + 1;
    if (!recipient) {
      // Erased (perhaps after this was queued): cancel and pseudonymise like the erasure itself does.
      if (await this.recipients.isErased(delivery.personId)) await this.deliveries.cancelForErasedPerson(delivery.personId);
      else if (attempts >= this.maxAttempts) await this.deliveries.markFailed(delivery._id, attempts, 'recipient unknown or erased');
      else return this.retry(delivery, attempts, 'recipient contact data not yet received', this.backoff(attempts));
      return undefined;
    }
    const hold = await this.addressHolds.get(recipient.email);
    if (hold) {
      await this.deliveries.markHeld(delivery._id, `address on hold since ${hold.createdAt.toISOString()}: ${hold.reason}`);
      emails.inc({ outcome: 'held' });
      return undefined;
    }
    let email: RenderedEmail | undefined;
    try {
      email = await this.compose(delivery, recipient);
    } catch (error) {
      // A template bug or an event it cannot show: retrying would not help.
      await this.deliveries.markFailed(delivery._id, attempts, `render failed: ${String(error)}`);
      this.logger.error(`Delivery ${delivery._id} could not be rendered: ${String(error)}`);
      return undefined;
    }
    if (!email) {
      await this.deliveries.markFailed(delivery._id, attempts, `nothing to send (template ${delivery.template})`);
      return undefined;
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
      return this.recordFailure(delivery, attempts, recipient.email, error);
    }
    emails.inc({ outcome: 'sent' });
    // The server took it: from here on, never try again. If recording fails, the claim stays and the
    // attempt counts as interrupted after MAIL_CLAIM_TIMEOUT_MS; retry the write meanwhile.
    for (let tries = 1; ; tries++) {
      try {
        await this.deliveries.markSent(delivery._id, attempts, maskAddresses(response), messageId);
        return undefined;
      } catch (error) {
        if (tries >= 5) {
          // The claim stays: another instance (or this one, at its next start) finds the marker and
          // follows the claim (claimedElsewhere).
          this.logger.error(`Delivery ${delivery._id} was sent but could not be recorded: ${String(error)}`);
          return undefined;
        }
        await new Promise((r) => setTimeout(r, 500 * tries));
      }
    }
  }

  private async recordFailure(delivery: Delivery, attempts: number, address: string, error: unknown): Promise<Next> {
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
      emails.inc({ outcome: 'retry' });
      this.logger.warn(`Delivery ${delivery._id} attempt ${attempts} failed, will retry: ${reason}`);
      return this.retry(delivery, attempts, reason, this.backoff(attempts));
    }
    return undefined;
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
