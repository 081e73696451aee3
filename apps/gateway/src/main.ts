import 'reflect-metadata';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const app = await createService(AppModule);
  await startService(app, {
    name: 'gateway',
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    configure: (a) => {
      const document = SwaggerModule.createDocument(
        a,
        new DocumentBuilder()
          .setTitle('Yhteispeli API')
          .setDescription(
            'Public REST API of Yhteispeli, the partnership register of the arjen turva networks of North Ostrobothnia and Lapland. ' +
              'Errors are RFC 9457 problem+json; every response echoes X-Correlation-Id.',
          )
          .setVersion('1')
          .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
          .build(),
      );
      SwaggerModule.setup('docs', a, document, { jsonDocumentUrl: 'docs/openapi.json', customSiteTitle: 'Yhteispeli API' });
    },
  });
}

main().catch(exitOnBootFailure('gateway'));
