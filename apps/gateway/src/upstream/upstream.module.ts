import { Injectable, Module } from '@nestjs/common';
import { Readiness } from '@yp/shared-bootstrap';
import { NotificationsUpstream } from './notifications.upstream';
import { OrganisationsUpstream } from './organisations.upstream';

/** The gateway is ready while the services it relays to answer their liveness probe (one check each, 5 s at most). */
@Injectable()
class UpstreamReadiness {
  constructor(readiness: Readiness, organisations: OrganisationsUpstream, notifications: NotificationsUpstream) {
    for (const service of [organisations, notifications]) readiness.add({ name: service.name, check: () => service.live() });
  }
}

/** One client per service behind the gateway; a new service adds one small UpstreamService subclass here. */
@Module({
  providers: [OrganisationsUpstream, NotificationsUpstream, UpstreamReadiness],
  exports: [OrganisationsUpstream, NotificationsUpstream],
})
export class UpstreamModule {}
