import { Module } from '@nestjs/common';
import { GatewayRetention } from './gateway-retention';

/** Keeps the gateway's own records (ended sessions, old audit events) from growing for ever. */
@Module({ providers: [GatewayRetention] })
export class RetentionModule {}
