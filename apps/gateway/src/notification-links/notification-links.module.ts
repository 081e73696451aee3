import { Module } from '@nestjs/common';
import { UpstreamModule } from '@gateway/upstream/upstream.module';
import { NotificationLinksController } from './notification-links.controller';

/** The pages behind the signed links in emails, relayed to the notifications service. */
@Module({ imports: [UpstreamModule], controllers: [NotificationLinksController] })
export class NotificationLinksModule {}
