import { Injectable, Logger } from '@nestjs/common';
import type { TokenResponseDto } from '@yp/contracts-http';
import { UserRepository } from '@gateway/users/user.repository';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { TokenIssuer } from '@gateway/sessions/token-issuer';
import { oidcUserUnknown } from './oidc.errors';

/**
 * Turns a username the provider vouched for into a session, exactly as a password login would:
 * only an existing user who is not disabled (no accounts are created here), then a new session and
 * its access and refresh tokens.
 */
@Injectable()
export class OidcLogInHandler {
  private readonly logger = new Logger(OidcLogInHandler.name);

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute(username: string, address: string): Promise<TokenResponseDto> {
    const userId = await this.users.idOfUsername(username);
    const user = userId ? await this.users.load(userId) : undefined;
    if (!user || user.state.disabled) {
      if (user) this.logger.warn({ userId }, 'OIDC login refused: user is disabled');
      else this.logger.warn('OIDC login refused: no user has this username');
      throw oidcUserUnknown();
    }
    const session = await this.sessions.open(user.id, address);
    this.logger.log({ userId: user.id, sessionId: session.sessionId }, 'Logged in through OpenID Connect');
    return this.tokens.issue(session, user.state);
  }
}
