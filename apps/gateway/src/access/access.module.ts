import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { RateLimitGuard, rateLimitOptions } from '@gateway/security/rate-limit.guard';
import { AuthenticationGuard } from './authentication.guard';
import { AuthorisationGuard } from './authorisation.guard';

/**
 * Who may call a route, for every route of the gateway: the global guards, in this order — rate
 * limit, then who is calling (the `jwt` and `api-key` passport strategies, registered by the
 * sessions and API-key modules), then may they (the route's @Allow or @Public).
 */
@Module({
  imports: [
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => rateLimitOptions(config.RATE_LIMIT_PER_MINUTE, config.AUTH_RATE_LIMIT_PER_MINUTE),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorisationGuard },
  ],
})
export class AccessModule {}
