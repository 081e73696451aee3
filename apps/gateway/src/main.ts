import 'reflect-metadata';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createService, exitOnBootFailure, startService } from '@yp/shared-bootstrap';
import { AppModule } from './app.module';
import { AuditEventRepository } from './audit/audit-event.repository';
import { auditTrail } from './audit/audit-trail.middleware';
import { GatewayConfig } from './config/gateway-config';
import { NOTIFICATION_PREFERENCES_BODY, NOTIFICATION_UNSUBSCRIBE_BODY } from './notification-links/notification-links.controller';
import { ORGANISATION_IMPORTS_BODY } from './register/organisation-imports/organisation-imports.controller';
import { ORGANISATION_IMPORT_BODY } from './register/organisations/organisation-transfer.controller';
import { applyDocumentConventions } from './openapi/document-conventions';
import { documentValidationRules } from './openapi/validation-rules';
import { methodNotAllowed } from './routing/method-not-allowed';
import { applyHttpSecurity } from './security/http-security';

async function main(): Promise<void> {
  const app = await createService(AppModule, {
    early: (a) => {
      const config = a.get(GatewayConfig);
      applyHttpSecurity(a, { corsOrigins: config.CORS_ORIGINS, trustProxyHops: config.TRUST_PROXY_HOPS });
      a.use(auditTrail(a.get(AuditEventRepository)));
      a.use(methodNotAllowed(a));
    },
    textBodies: [ORGANISATION_IMPORT_BODY, ORGANISATION_IMPORTS_BODY, NOTIFICATION_PREFERENCES_BODY, NOTIFICATION_UNSUBSCRIBE_BODY],
  });
  await startService(app, {
    name: 'gateway',
    configure: (a) => {
      documentValidationRules();
      const document = applyDocumentConventions(
        SwaggerModule.createDocument(
          a,
          new DocumentBuilder()
            .setTitle('Yhteispeli API')
            .setDescription(
              'Public REST API of Yhteispeli, the partnership register of the arjen turva networks of North Ostrobothnia and Lapland. ' +
                'People log in at POST /api/v1/auth/token and send the access token; systems send an API key. Both go in `Authorization: Bearer …`. ' +
                'Errors are RFC 9457 problem+json; every response echoes X-Correlation-Id; rate limits answer 429 with Retry-After. ' +
                'The domain events are described by the AsyncAPI document at /docs/asyncapi.json.',
            )
            .setVersion('1')
            .addBearerAuth(
              { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/token' },
              'user',
            )
            .addBearerAuth(
              { type: 'http', scheme: 'bearer', bearerFormat: 'ypk_…', description: 'API key created by an admin (POST /api/v1/api-keys)' },
              'apiKey',
            )
            .addTag('auth', 'Log in, refresh, log out, change password')
            .addTag('organisations', 'The partner register')
            .addTag('webhooks', 'Signed event deliveries to integrators’ HTTPS endpoints (API keys)')
            .addTag('activities', 'What partners offer residents: drafts, publishing, withdrawal')
            .addTag('partnerships', 'Partnership agreements between a municipality and partner organisations')
            .addTag('reference', 'Vocabularies and municipality codes')
            .addTag('hsds', 'Open Referral HSDS 3.0 export of published organisations and activities (read-only)')
            .addTag('liaison-officers', 'Järjestöyhdyshenkilöt: who is told about new partners in a municipality')
            .addTag('contacts', 'Contact persons (yhteyshenkilöt) of organisations: personal data, region-scoped')
            .addTag('persons', 'GDPR: export and erasure of everything held about a person')
            .addTag('notifications', 'The email delivery log')
            .addTag('users', 'User accounts (admins)')
            .addTag('api-keys', 'API keys for integrating systems (admins)')
            .addTag('audit', 'Who changed what (admins)')
            .build(),
        ),
      );
      SwaggerModule.setup('docs', a, document, { jsonDocumentUrl: 'docs/openapi.json', customSiteTitle: 'Yhteispeli API' });
    },
  });
}

main().catch(exitOnBootFailure('gateway'));
