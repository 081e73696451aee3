import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** The one SMTP connection pool, for email deliveries and the webhooks' disabled-endpoint notice. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailerModule {}
