import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { WorkingGroupsConfig } from './working-groups-config';

async function main(): Promise<void> {
  const app = await createService(AppModule);
  const config = app.get(WorkingGroupsConfig);
  await startService(app, { name: 'working-groups', port: config.PORT, host: config.HOST });
}

main().catch(exitOnBootFailure('working-groups'));
