import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { ORGANISATIONS_IMPORT_BODY } from './organisations/commands/import-organisations/import-organisations.controller';
import { ORGANISATION_IMPORTS_BODY } from './organisations/commands/import-organisations/organisation-imports.controller';

async function main(): Promise<void> {
  const app = await createService(AppModule, { textBodies: [ORGANISATIONS_IMPORT_BODY, ORGANISATION_IMPORTS_BODY] });
  await startService(app, { name: 'organisations' });
}

main().catch(exitOnBootFailure('organisations'));
