import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { JwtStrategy } from './jwt.strategy';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';
import { TokenIssuer } from './token-issuer';

/**
 * People's login sessions and their tokens: the session store (rotating refresh tokens), the access
 * tokens issued for a session, and the `jwt` strategy that accepts them only while the session is
 * open. No routes: logging in is the login module's, ending a user's sessions the users module's.
 */
@Module({
  imports: [JwtModule.registerAsync({ inject: [GatewayConfig], useFactory: (config: GatewayConfig) => ({ secret: config.JWT_SECRET }) })],
  providers: [SessionRepository, SessionsService, TokenIssuer, JwtStrategy],
  exports: [SessionsService, TokenIssuer],
})
export class SessionsModule {}
