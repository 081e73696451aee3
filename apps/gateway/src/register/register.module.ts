import { Module } from '@nestjs/common';
import { UpstreamModule } from '@gateway/upstream/upstream.module';
import { ActivitiesController } from './activities/activities.controller';
import { ContactsController } from './contacts/contacts.controller';
import { PersonsController } from './contacts/persons.controller';
import { HsdsController } from './hsds/hsds.controller';
import { LiaisonOfficersController } from './liaison-officers/liaison-officers.controller';
import { OrganisationImportsController } from './organisation-imports/organisation-imports.controller';
import { OrganisationSourceController } from './organisations/organisation-source.controller';
import { OrganisationTransferController } from './organisations/organisation-transfer.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { PartnershipsController } from './partnerships/partnerships.controller';
import { VocabulariesController } from './vocabularies/vocabularies.controller';

/** The partner register's public routes, relayed to the organisations service, and its reference data. */
@Module({
  imports: [UpstreamModule],
  controllers: [
    // Before OrganisationsController: its GET :id would otherwise take /export.csv and /export.ndjson.
    OrganisationTransferController,
    OrganisationImportsController,
    OrganisationSourceController,
    OrganisationsController,
    ActivitiesController,
    PartnershipsController,
    LiaisonOfficersController,
    ContactsController,
    PersonsController,
    HsdsController,
    VocabulariesController,
  ],
})
export class RegisterModule {}
