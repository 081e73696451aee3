import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@organisations/activities/activities.module';
import { OrganisationsModule } from '@organisations/organisations/organisations.module';
import { CreatePartnershipController } from './commands/create-partnership/create-partnership.controller';
import { CreatePartnershipHandler } from './commands/create-partnership/create-partnership.handler';
import { DeletePartnershipController } from './commands/delete-partnership/delete-partnership.controller';
import { DeletePartnershipHandler } from './commands/delete-partnership/delete-partnership.handler';
import { UpdatePartnershipController } from './commands/update-partnership/update-partnership.controller';
import { UpdatePartnershipHandler } from './commands/update-partnership/update-partnership.handler';
import { PartnershipRepository } from './partnership.repository';
import { GetPartnershipController } from './queries/get-partnership/get-partnership.controller';
import { ListPartnershipsController } from './queries/list-partnerships/list-partnerships.controller';

/** Partnership agreements (kumppanuussopimukset); every version publishes organisations.partnership.changed.v1. */
@Module({
  // ActivitiesModule runs the partner organisations' touch (OrganisationTouch).
  imports: [OrganisationsModule, ActivitiesModule],
  controllers: [
    CreatePartnershipController,
    UpdatePartnershipController,
    DeletePartnershipController,
    ListPartnershipsController,
    GetPartnershipController,
  ],
  providers: [PartnershipRepository, CreatePartnershipHandler, UpdatePartnershipHandler, DeletePartnershipHandler],
})
export class PartnershipsModule {}
