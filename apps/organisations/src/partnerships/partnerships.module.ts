import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { CreatePartnershipController } from './commands/create-partnership/create-partnership.controller';
import { CreatePartnershipHandler } from './commands/create-partnership/create-partnership.handler';
import { UpdatePartnershipController } from './commands/update-partnership/update-partnership.controller';
import { UpdatePartnershipHandler } from './commands/update-partnership/update-partnership.handler';
import { PartnershipRepository } from './partnership.repository';
import { GetPartnershipController } from './queries/get-partnership/get-partnership.controller';
import { ListPartnershipsController } from './queries/list-partnerships/list-partnerships.controller';

/** Partnership agreements (kumppanuussopimukset). No events yet: nothing consumes them. */
@Module({
  imports: [OrganisationsModule],
  controllers: [CreatePartnershipController, UpdatePartnershipController, ListPartnershipsController, GetPartnershipController],
  providers: [PartnershipRepository, CreatePartnershipHandler, UpdatePartnershipHandler],
})
export class PartnershipsModule {}
