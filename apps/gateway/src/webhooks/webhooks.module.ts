import { Module } from '@nestjs/common';
import { UpstreamModule } from '@gateway/upstream/upstream.module';
import { WebhooksController } from './webhooks.controller';

/** Webhook subscriptions for integrators, relayed to the notifications service (which owns and delivers them). */
@Module({ imports: [UpstreamModule], controllers: [WebhooksController] })
export class WebhooksModule {}
