import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { AccessModule } from './access/access.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { GatewayConfig } from './config/gateway-config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoginModule } from './login/login.module';
import { NotificationLinksModule } from './notification-links/notification-links.module';
import { DocsModule } from './openapi/docs.module';
import { RegisterModule } from './register/register.module';
import { RetentionModule } from './retention/retention.module';
import { NotificationsUpstream } from './upstream/notifications.upstream';
import { OrganisationsUpstream } from './upstream/organisations.upstream';
import { UpstreamModule } from './upstream/upstream.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The gateway: one module per feature; every route passes the guards of AccessModule and declares who may call it. */
@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'gateway', config: GatewayConfig, requireInternalIdentity: false, database: true }),
    AccessModule,
    IdempotencyModule,
    UpstreamModule,
    DocsModule,
    LoginModule,
    UsersModule,
    ApiKeysModule,
    AuditModule,
    RetentionModule,
    RegisterModule,
    DeliveriesModule,
    NotificationLinksModule,
    WebhooksModule,
  ],
  controllers: [HealthController],
  providers: [
    {
      provide: READINESS_CHECKS,
      inject: [getConnectionToken(), OrganisationsUpstream, NotificationsUpstream],
      useFactory: (connection: Connection, ...services: (OrganisationsUpstream | NotificationsUpstream)[]): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        ...services.map((service) => ({ name: service.name, check: () => service.live() })),
      ],
    },
  ],
})
export class AppModule {}
