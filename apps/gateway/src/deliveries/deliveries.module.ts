import { Module } from '@nestjs/common';
import { UpstreamModule } from '@gateway/upstream/upstream.module';
import { AddressHoldsController } from './address-holds.controller';
import { DeliveriesController } from './deliveries.controller';

/** The email delivery log and the address holds, relayed to the notifications service. */
@Module({ imports: [UpstreamModule], controllers: [DeliveriesController, AddressHoldsController] })
export class DeliveriesModule {}
