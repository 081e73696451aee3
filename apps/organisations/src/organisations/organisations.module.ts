import { Module } from '@nestjs/common';
import { AddMunicipalityController } from './commands/add-municipality/add-municipality.controller';
import { AddMunicipalityHandler } from './commands/add-municipality/add-municipality.handler';
import { RegisterOrganisationController } from './commands/register-organisation/register-organisation.controller';
import { RegisterOrganisationHandler } from './commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationController } from './commands/update-organisation/update-organisation.controller';
import { UpdateOrganisationHandler } from './commands/update-organisation/update-organisation.handler';
import { DeleteOrganisationController } from './commands/delete-organisation/delete-organisation.controller';
import { DeleteOrganisationHandler } from './commands/delete-organisation/delete-organisation.handler';
import { OrganisationRepository } from './organisation.repository';
import { ListOrganisationChangesController } from './queries/list-organisation-changes/list-organisation-changes.controller';
import { GetOrganisationController } from './queries/get-organisation/get-organisation.controller';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';

@Module({
  controllers: [
    RegisterOrganisationController,
    UpdateOrganisationController,
    AddMunicipalityController,
    ListOrganisationsController,
    GetOrganisationController,
    DeleteOrganisationController,
    ListOrganisationChangesController,
  ],
  providers: [OrganisationRepository, RegisterOrganisationHandler, UpdateOrganisationHandler, AddMunicipalityHandler, DeleteOrganisationHandler],
})
export class OrganisationsModule {}
