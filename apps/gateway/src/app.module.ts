import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getConnectionToken } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import type { Connection } from 'mongoose';
import { ThrottlerModule } from '@nestjs/throttler';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { ActivitiesController } from './activities/activities.controller';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ExpiredKeyWebhooks } from './api-keys/expired-key-webhooks';
import { GatewayRetention } from './retention/gateway-retention';
import { CreateApiKeyController } from './api-keys/commands/create-api-key/create-api-key.controller';
import { RevokeApiKeyController } from './api-keys/commands/revoke-api-key/revoke-api-key.controller';
import { RotateApiKeyController } from './api-keys/commands/rotate-api-key/rotate-api-key.controller';
import { GetApiKeyController } from './api-keys/queries/get-api-key/get-api-key.controller';
import { ListApiKeysController } from './api-keys/queries/list-api-keys/list-api-keys.controller';
import { AuditEventRepository } from './audit/audit-event.repository';
import { ListAuditEventsController } from './audit/queries/list-audit-events/list-audit-events.controller';
import { ApiKeyStrategy } from './auth/api-key.strategy';
import { AuthenticationGuard } from './auth/authentication.guard';
import { AuthorisationGuard } from './auth/authorisation.guard';
import { ChangePasswordController } from './auth/commands/change-password/change-password.controller';
import { LogInController } from './auth/commands/log-in/log-in.controller';
import { LogInHandler } from './auth/commands/log-in/log-in.handler';
import { LogOutController } from './auth/commands/log-out/log-out.controller';
import { RefreshSessionController } from './auth/commands/refresh-session/refresh-session.controller';
import { JwtStrategy } from './auth/jwt.strategy';
import { OidcModule } from './auth/oidc/oidc.module';
import { GetCallerController } from './auth/queries/get-caller/get-caller.controller';
import { SessionRepository } from './auth/sessions/session.repository';
import { SessionsService } from './auth/sessions/sessions.service';
import { TokenIssuer } from './auth/token-issuer';
import { ContactsController } from './contacts/contacts.controller';
import { PersonsController } from './contacts/persons.controller';
import { AddressHoldsController } from './deliveries/address-holds.controller';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { NotificationLinksController } from './notification-links/notification-links.controller';
import { GatewayConfig } from './gateway-config';
import { HsdsController } from './hsds/hsds.controller';
import { IdempotencyRecordRepository } from './idempotency/idempotency-record.repository';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { LiaisonOfficersController } from './liaison-officers/liaison-officers.controller';
import { AsyncApiController } from './openapi/asyncapi.controller';
import { OrganisationSourceController } from './organisations/organisation-source.controller';
import { OrganisationTransferController } from './organisations/organisation-transfer.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { RateLimitGuard, rateLimitOptions } from './security/rate-limit.guard';
import { UpstreamClient } from './upstream/upstream.client';
import { VocabulariesController } from './vocabularies/vocabularies.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { BootstrapAdmin } from './users/bootstrap-admin';
import { CreateUserController } from './users/commands/create-user/create-user.controller';
import { CreateUserHandler } from './users/commands/create-user/create-user.handler';
import { UpdateUserController } from './users/commands/update-user/update-user.controller';
import { UpdateUserHandler } from './users/commands/update-user/update-user.handler';
import { GetUserController } from './users/queries/get-user/get-user.controller';
import { ListUsersController } from './users/queries/list-users/list-users.controller';
import { UserRepository } from './users/user.repository';
import { PartnershipsController } from './partnerships/partnerships.controller';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'gateway', config: GatewayConfig, requireInternalIdentity: false, database: true }),
    PassportModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ secret: config.getOrThrow<string>('JWT_SECRET') }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        rateLimitOptions(config.getOrThrow<number>('RATE_LIMIT_PER_MINUTE'), config.getOrThrow<number>('AUTH_RATE_LIMIT_PER_MINUTE')),
    }),
    OidcModule.register(),
  ],
  controllers: [
    HealthController,
    AsyncApiController,
    LogInController,
    RefreshSessionController,
    LogOutController,
    ChangePasswordController,
    GetCallerController,
    CreateUserController,
    UpdateUserController,
    GetUserController,
    ListUsersController,
    CreateApiKeyController,
    RevokeApiKeyController,
    RotateApiKeyController,
    GetApiKeyController,
    ListApiKeysController,
    ListAuditEventsController,
    // Before OrganisationsController: its GET :id would otherwise take /export.csv and /export.ndjson.
    OrganisationTransferController,
    OrganisationSourceController,
    OrganisationsController,
    ActivitiesController,
    PartnershipsController,
    LiaisonOfficersController,
    ContactsController,
    PersonsController,
    DeliveriesController,
    AddressHoldsController,
    NotificationLinksController,
    VocabulariesController,
    HsdsController,
    WebhooksController,
  ],
  providers: [
    SessionRepository,
    SessionsService,
    TokenIssuer,
    LogInHandler,
    UserRepository,
    CreateUserHandler,
    UpdateUserHandler,
    BootstrapAdmin,
    ApiKeyRepository,
    ApiKeysService,
    ExpiredKeyWebhooks,
    GatewayRetention,
    AuditEventRepository,
    JwtStrategy,
    ApiKeyStrategy,
    UpstreamClient,
    // Order matters: rate limit, then who is calling, then may they.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorisationGuard },
    IdempotencyRecordRepository,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    {
      provide: READINESS_CHECKS,
      inject: [ConfigService, getConnectionToken()],
      useFactory: (config: ConfigService, connection: Connection): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        ...['ORGANISATIONS_URL', 'NOTIFICATIONS_URL'].map((key) => ({
          name: key.replace('_URL', '').toLowerCase(),
          check: async () => (await fetch(new URL('/health/live', config.getOrThrow<string>(key)))).ok,
        })),
      ],
    },
  ],
})
export class AppModule {}
