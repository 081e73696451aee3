import { Module } from '@nestjs/common';
import { HealthModule, ServiceCoreModule } from '@yp/shared-bootstrap';
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
import { UpstreamModule } from './upstream/upstream.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The gateway: one module per feature; every route passes the guards of AccessModule and declares who may call it. */
@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'gateway', config: GatewayConfig, requireInternalIdentity: false, database: true }),
    HealthModule.forRoot({ database: true }),
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
})
export class AppModule {}
