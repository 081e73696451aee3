import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { IssueTokenController } from './auth/issue-token/issue-token.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { GatewayConfig } from './gateway-config';
import { LiaisonOfficersController } from './liaison-officers/liaison-officers.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { UpstreamClient } from './upstream/upstream.client';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'gateway', config: GatewayConfig, requireInternalIdentity: false, database: false }),
    PassportModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ secret: config.getOrThrow<string>('JWT_SECRET') }),
    }),
  ],
  controllers: [HealthController, IssueTokenController, OrganisationsController, LiaisonOfficersController, DeliveriesController],
  providers: [
    JwtStrategy,
    UpstreamClient,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    {
      provide: READINESS_CHECKS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): ReadinessCheck[] =>
        ['ORGANISATIONS_URL', 'NOTIFICATIONS_URL'].map((key) => ({
          name: key.replace('_URL', '').toLowerCase(),
          check: async () => (await fetch(new URL('/health/live', config.getOrThrow<string>(key)))).ok,
        })),
    },
  ],
})
export class AppModule {}
