import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Counter } from 'prom-client';
import type { EventEnvelope } from '@yp/contracts-events';
import { metricsRegistry } from '@yp/shared-bootstrap';
import { RecipientRepository } from '../recipients/recipient.repository';
import { render } from '../templates/templates';
import { DeliveryRepository, RECIPIENT_ERASED, type Delivery } from './delivery.repository';
import { Mailer, SmtpError } from './mailer';

const emails = new Counter({ name: 'emails_total', help: 'Emails by outcome', labelNames: ['outcome'], registers: [metricsRegistry] });
const MAX_BACKOFF_MS = 5 * 60 * 1000;

/**
 * Sends queued deliveries. The recipient is resolved at send time, so contact data that arrives a
 * little after the event (another topic) is waited for, and an erased person is never mailed.
 * Temporary SMTP failures retry with exponential backoff; a 5xx or the last attempt marks it failed.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly maxAttempts: number;
  private readonly baseMs: number;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly recipients: RecipientRepository,
    private readonly mailer: Mailer,
    config: ConfigService,
  ) {
    this.maxAttempts = config.getOrThrow<number>('MAIL_MAX_ATTEMPTS');
    this.baseMs = config.getOrThrow<number>('MAIL_RETRY_BASE_MS');
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const due = await this.deliveries.due(20);
        for (const delivery of due) {
          if (!this.running) break;
          await this.deliver(delivery);
        }
      } catch (error) {
        this.logger.warn(`Delivery loop error: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  private backoff(attempts: number): Date {
    return new Date(Date.now() + Math.min(MAX_BACKOFF_MS, this.baseMs * 2 ** (attempts - 1)));
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    const recipient = await this.recipients.findContact(delivery.personId);
    if (!recipient) {
      if (await this.recipients.isErased(delivery.personId)) await this.deliveries.markFailed(delivery._id, attempts, RECIPIENT_ERASED);
      else if (attempts >= this.maxAttempts) await this.deliveries.markFailed(delivery._id, attempts, 'recipient unknown or erased');
      else await this.deliveries.markRetry(delivery._id, attempts, 'recipient contact data not yet received', this.backoff(attempts));
      return;
    }
    const email = render(delivery.template, recipient.language, delivery.event as EventEnvelope, recipient.name);
    const messageId = `<${delivery._id}@yhteispeli.local>`;
    try {
      const result = await this.mailer.send({ to: recipient.email, toName: recipient.name, ...email, messageId });
      await this.deliveries.markSent(delivery._id, result.response, messageId);
      emails.inc({ outcome: 'sent' });
    } catch (error) {
      const permanent = error instanceof SmtpError && error.permanent;
      if (permanent || attempts >= this.maxAttempts) {
        await this.deliveries.markFailed(delivery._id, attempts, String(error));
        emails.inc({ outcome: 'failed' });
        this.logger.error(`Delivery ${delivery._id} failed after ${attempts} attempts: ${String(error)}`);
      } else {
        await this.deliveries.markRetry(delivery._id, attempts, String(error), this.backoff(attempts));
        emails.inc({ outcome: 'retry' });
        this.logger.warn(`Delivery ${delivery._id} attempt ${attempts} failed, will retry: ${String(error)}`);
      }
    }
  }
}
