import { Module } from '@nestjs/common';
import { NotificationsUpstream } from './notifications.upstream';
import { OrganisationsUpstream } from './organisations.upstream';

/** One client per service behind the gateway; a new service adds one small UpstreamService subclass here. */
@Module({
  providers: [OrganisationsUpstream, NotificationsUpstream],
  exports: [OrganisationsUpstream, NotificationsUpstream],
})
export class UpstreamModule {}
