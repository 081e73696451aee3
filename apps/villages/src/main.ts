import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const app = await createService(AppModule);
  await startService(app, { name: 'villages' });
}

main().catch(exitOnBootFailure('villages'));
