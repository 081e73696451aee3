import { Injectable } from '@nestjs/common';
import { InternalIdentitySigner } from '@yp/shared-bootstrap';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { UpstreamService } from './upstream-service';

/** The notifications service (delivery log, address holds, email links, webhooks) at NOTIFICATIONS_URL. */
@Injectable()
export class NotificationsUpstream extends UpstreamService {
  constructor(config: GatewayConfig, signer: InternalIdentitySigner) {
    super('notifications', config.NOTIFICATIONS_URL, signer, { maxSockets: config.UPSTREAM_MAX_SOCKETS });
  }
}
