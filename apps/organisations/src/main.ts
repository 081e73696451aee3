import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { OrganisationsConfig } from './organisations-config';
import { ORGANISATIONS_IMPORT_BODY } from './organisations/commands/import-organisations/import-organisations.controller';

async function main(): Promise<void> {
  const app = await createService(AppModule, { textBodies: [ORGANISATIONS_IMPORT_BODY] });
  const config = app.get(OrganisationsConfig);
  await startService(app, { name: 'organisations', port: config.PORT, host: config.HOST });
}

main().catch(exitOnBootFailure('organisations'));
