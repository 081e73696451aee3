import { Module } from '@nestjs/common';
import { SessionsModule } from '@gateway/sessions/sessions.module';
import { UsersModule } from '@gateway/users/users.module';
import { ChangePasswordController } from './commands/change-password/change-password.controller';
import { LogInController } from './commands/log-in/log-in.controller';
import { LogInHandler } from './commands/log-in/log-in.handler';
import { LogOutController } from './commands/log-out/log-out.controller';
import { RefreshSessionController } from './commands/refresh-session/refresh-session.controller';
import { OidcModule } from './oidc/oidc.module';
import { GetCallerController } from './queries/get-caller/get-caller.controller';

/**
 * The /api/v1/auth routes: log in (password, or the optional OpenID Connect login), refresh, log
 * out, change password, who am I. Built on the accounts (UsersModule) and the sessions they open.
 */
@Module({
  imports: [UsersModule, SessionsModule, OidcModule.register()],
  controllers: [LogInController, RefreshSessionController, LogOutController, ChangePasswordController, GetCallerController],
  providers: [LogInHandler],
})
export class LoginModule {}
