import { Module } from '@nestjs/common';
import { SessionsModule } from '@gateway/sessions/sessions.module';
import { UsersModule } from '@gateway/users/users.module';
import { OidcAuthGuard } from './oidc-auth.guard';
import { oidcClientProvider, oidcTransactionsProvider } from './oidc-client';
import { OidcLogInController } from './oidc-log-in.controller';
import { OidcLogInHandler } from './oidc-log-in.handler';
import { OidcStrategy } from './oidc.strategy';

/** The login routes, the strategy, and the provider's metadata (discovered at start). Loaded only when enabled. */
@Module({
  imports: [UsersModule, SessionsModule],
  controllers: [OidcLogInController],
  providers: [oidcClientProvider, oidcTransactionsProvider, OidcStrategy, OidcAuthGuard, OidcLogInHandler],
})
export class OidcLoginModule {}
