import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { ORGANISATIONS_IMPORT_BODY } from './organisations/commands/import-organisations/import-organisations.controller';

async function main(): Promise<void> {
  const app = await createService(AppModule, { textBodies: [ORGANISATIONS_IMPORT_BODY] });
  await startService(app, { name: 'organisations', port: Number(process.env.PORT ?? 3101), host: process.env.HOST ?? '127.0.0.1' });
}

main().catch(exitOnBootFailure('organisations'));
