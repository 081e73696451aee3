import { Injectable, Logger } from '@nestjs/common';
import type { TokenResponseDto } from '@yp/contracts-http';
import { KeyedMutex } from '@yp/shared-persistence';
import { normaliseUsername, UserRepository } from '@gateway/users/user.repository';
import { passwordHasher } from '@gateway/users/password-hasher';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { TokenIssuer } from '@gateway/sessions/token-issuer';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { invalidCredentials, lockedOut } from '@gateway/login/login.errors';

/**
 * Password login with lockout: after LOGIN_MAX_FAILURES consecutive failures a username is locked
 * for LOGIN_LOCKOUT_SECONDS (known and unknown usernames alike, so lockout reveals nothing), and
 * one more failure after that locks it again. Attempts per username run one at a time in this
 * process, so parallel guesses cannot slip past the counter; across instances the per-address rate
 * limit bounds what remains.
 */
@Injectable()
export class LogInHandler {
  private readonly logger = new Logger(LogInHandler.name);
  private readonly mutex = new KeyedMutex();
  private readonly maxFailures: number;
  private readonly lockoutMs: number;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenIssuer,
    config: GatewayConfig,
  ) {
    this.maxFailures = config.LOGIN_MAX_FAILURES;
    this.lockoutMs = config.LOGIN_LOCKOUT_SECONDS * 1000;
  }

  execute(username: string, password: string, address: string): Promise<{ tokens: TokenResponseDto; userId: string }> {
    return this.mutex.run(normaliseUsername(username), async () => {
      const now = Date.now();
      const failures = await this.users.failuresOf(username);
      if (failures?.lockedUntil && failures.lockedUntil.getTime() > now) {
        throw lockedOut(Math.ceil((failures.lockedUntil.getTime() - now) / 1000));
      }
      const userId = await this.users.idOfUsername(username);
      const [user, credentials] = userId
        ? await Promise.all([this.users.load(userId), this.users.credentialsOf(userId)])
        : [undefined, null];
      const passwordOk = await passwordHasher.verify(credentials?.passwordHash, password);
      if (!user || !passwordOk || user.state.disabled) {
        // Failures count until a success clears them; an expired lock keeps its count, so one more failure relocks.
        const recent =
          failures && (failures.lockedUntil || now - failures.lastFailureAt.getTime() < this.lockoutMs) ? failures.failures : 0;
        const count = recent + 1;
        const lockedUntil = count >= this.maxFailures ? new Date(now + this.lockoutMs) : null;
        await this.users.recordFailures(username, count, lockedUntil);
        if (lockedUntil) this.logger.warn({ failures: count }, 'Login locked out after repeated failures');
        if (user?.state.disabled && passwordOk) this.logger.warn({ userId }, 'Login refused: user is disabled');
        throw invalidCredentials();
      }
      if (failures) await this.users.clearFailures(username);
      const session = await this.sessions.open(user.id, address);
      this.logger.log({ userId: user.id, sessionId: session.sessionId }, 'Logged in');
      return { tokens: this.tokens.issue(session, user.state), userId: user.id };
    });
  }
}
