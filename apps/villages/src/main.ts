import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { VillagesConfig } from './villages-config';

async function main(): Promise<void> {
  const app = await createService(AppModule);
  const config = app.get(VillagesConfig);
  await startService(app, { name: 'villages', port: config.PORT, host: config.HOST });
}

main().catch(exitOnBootFailure('villages'));
