import 'reflect-metadata';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const app = await createService(AppModule);
  await startService(app, { name: 'working-groups', port: Number(process.env.PORT ?? 3102), host: process.env.HOST ?? '127.0.0.1' });
}

main().catch(exitOnBootFailure('working-groups'));
