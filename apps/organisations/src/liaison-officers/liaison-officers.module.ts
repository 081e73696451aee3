import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@organisations/activities/activities.module';
import { OrganisationsModule } from '@organisations/organisations/organisations.module';
import { AssignLiaisonOfficerController } from './commands/assign-liaison-officer/assign-liaison-officer.controller';
import { AssignLiaisonOfficerHandler } from './commands/assign-liaison-officer/assign-liaison-officer.handler';
import { RemoveLiaisonOfficerController } from './commands/remove-liaison-officer/remove-liaison-officer.controller';
import { RemoveLiaisonOfficerHandler } from './commands/remove-liaison-officer/remove-liaison-officer.handler';
import { LiaisonOfficerRepository } from './liaison-officer.repository';
import { GetLiaisonOfficerController } from './queries/get-liaison-officer/get-liaison-officer.controller';

/** Liaison officer appointments; their changes carry their organisation's touch, run by OrganisationTouch (ActivitiesModule). */
@Module({
  imports: [ActivitiesModule, OrganisationsModule],
  controllers: [AssignLiaisonOfficerController, GetLiaisonOfficerController, RemoveLiaisonOfficerController],
  providers: [LiaisonOfficerRepository, AssignLiaisonOfficerHandler, RemoveLiaisonOfficerHandler],
  // The person-data routes (export, erasure) in contacts/ read and erase officers too.
  exports: [LiaisonOfficerRepository],
})
export class LiaisonOfficersModule {}
