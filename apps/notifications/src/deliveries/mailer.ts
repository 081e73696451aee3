import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationsConfig } from '@notifications/notifications-config';

export interface OutgoingEmail {
  readonly to: string;
  readonly toName: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  /** One-click unsubscribe (RFC 8058): List-Unsubscribe with this URL and List-Unsubscribe-Post. */
  readonly unsubscribeUrl?: string;
  /** A calendar invitation part (text/calendar; method=…), see ../calendar. */
  readonly icalEvent?: { readonly method: string; readonly filename?: string; readonly content: string };
}

export interface SendResult {
  readonly response: string;
}

/** SMTP failure with the server's code: 5xx is permanent, anything else worth retrying. */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
    /** The server's reply, when it answered (e.g. `550 5.1.1 mailbox unavailable`). */
    readonly response?: string,
  ) {
    super(message);
    this.name = 'SmtpError';
  }

  get permanent(): boolean {
    return this.responseCode !== undefined && this.responseCode >= 500 && this.responseCode < 600;
  }
}

/** The SMTP port: nodemailer with pooled connections (SMTP_MAX_CONNECTIONS) and short timeouts. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(config: NotificationsConfig) {
    this.from = config.MAIL_FROM;
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      maxMessages: 100,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15000,
    });
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const info = (await this.transport.sendMail({
        from: { name: 'Yhteispeli', address: this.from },
        to: { name: email.toName, address: email.to },
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        date: new Date(),
        ...(email.unsubscribeUrl
          ? { list: { unsubscribe: email.unsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
          : {}),
        ...(email.icalEvent ? { icalEvent: { ...email.icalEvent } } : {}),
      })) as { response?: string };
      return { response: info.response ?? '' };
    } catch (error) {
      const e = error as { message?: string; responseCode?: number; response?: string };
      throw new SmtpError(e.message ?? String(error), e.responseCode, e.response);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
