import { Module } from '@nestjs/common';
import { FollowUpsModule } from '@organisations/follow-ups/follow-ups.module';
import { AddMunicipalityController } from './commands/add-municipality/add-municipality.controller';
import { AddMunicipalityHandler } from './commands/add-municipality/add-municipality.handler';
import { RegisterOrganisationController } from './commands/register-organisation/register-organisation.controller';
import { RegisterOrganisationHandler } from './commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationController } from './commands/update-organisation/update-organisation.controller';
import { UpdateOrganisationHandler } from './commands/update-organisation/update-organisation.handler';
import { DeleteOrganisationController } from './commands/delete-organisation/delete-organisation.controller';
import { DeleteOrganisationHandler } from './commands/delete-organisation/delete-organisation.handler';
import { ImportOrganisationsController } from './commands/import-organisations/import-organisations.controller';
import { ImportOrganisationsHandler } from './commands/import-organisations/import-organisations.handler';
import { OrganisationImportRepository } from './commands/import-organisations/organisation-import.repository';
import { OrganisationImportsController } from './commands/import-organisations/organisation-imports.controller';
import { UpsertOrganisationBySourceController } from './commands/upsert-organisation-by-source/upsert-organisation-by-source.controller';
import { UpsertOrganisationBySourceHandler } from './commands/upsert-organisation-by-source/upsert-organisation-by-source.handler';
import { OrganisationReadModelHost } from './organisation-read-model.host';
import { OrganisationRepository } from './organisation.repository';
import { ExportOrganisationsController } from './queries/export-organisations/export-organisations.controller';
import { ListOrganisationChangesController } from './queries/list-organisation-changes/list-organisation-changes.controller';
import { GetOrganisationController } from './queries/get-organisation/get-organisation.controller';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';

/** Organisations; brings the service's follow-up log (global) with it, which every owned change uses. */
@Module({
  imports: [FollowUpsModule],
  controllers: [
    RegisterOrganisationController,
    UpdateOrganisationController,
    AddMunicipalityController,
    ListOrganisationsController,
    GetOrganisationController,
    DeleteOrganisationController,
    ListOrganisationChangesController,
    ImportOrganisationsController,
    OrganisationImportsController,
    ExportOrganisationsController,
    UpsertOrganisationBySourceController,
  ],
  providers: [
    OrganisationRepository,
    OrganisationReadModelHost,
    RegisterOrganisationHandler,
    UpdateOrganisationHandler,
    AddMunicipalityHandler,
    DeleteOrganisationHandler,
    ImportOrganisationsHandler,
    OrganisationImportRepository,
    UpsertOrganisationBySourceHandler,
  ],
  exports: [OrganisationRepository],
})
export class OrganisationsModule {}
