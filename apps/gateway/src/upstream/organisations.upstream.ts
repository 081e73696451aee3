import { Injectable } from '@nestjs/common';
import { InternalIdentitySigner } from '@yp/shared-bootstrap';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { UpstreamService } from './upstream-service';

/** The organisations service (the partner register) at ORGANISATIONS_URL. */
@Injectable()
export class OrganisationsUpstream extends UpstreamService {
  constructor(config: GatewayConfig, signer: InternalIdentitySigner) {
    super('organisations', config.ORGANISATIONS_URL, signer, { maxSockets: config.UPSTREAM_MAX_SOCKETS });
  }
}
