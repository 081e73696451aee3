import { AppError } from '@yp/shared-bootstrap';
import type { GatewayConfig } from '@gateway/config/gateway-config';
import type { SessionsService } from '@gateway/sessions/sessions.service';
import type { TokenIssuer } from '@gateway/sessions/token-issuer';
import type { UserRepository } from '@gateway/users/user.repository';
import type { LoginFailures } from '@gateway/users/user.state';
import { passwordHasher } from '@gateway/users/password-hasher';
import { LogInHandler } from './log-in.handler';

/** The lockout rules, with the user store faked (the e2e security suite runs them for real). */
describe('LogInHandler lockout', () => {
  let failures: LoginFailures | null;
  let handler: LogInHandler;

  beforeEach(async () => {
    failures = null;
    const hash = await passwordHasher.hash('the-right-password');
    const users = {
      failuresOf: () => Promise.resolve(failures),
      recordFailures: (_u: string, count: number, lockedUntil: Date | null) => {
        failures = { _id: 'x', failures: count, lastFailureAt: new Date(), lockedUntil };
        return Promise.resolve();
      },
      clearFailures: () => {
        failures = null;
        return Promise.resolve();
      },
      idOfUsername: () => Promise.resolve('usr_1'),
      load: () => Promise.resolve({ id: 'usr_1', version: 1, state: { disabled: false, roles: ['coordinator'], regions: ['19'] } }),
      credentialsOf: () => Promise.resolve({ _id: 'usr_1', passwordHash: hash, passwordChangedAt: null }),
    } as unknown as UserRepository;
    const sessions = {
      open: () => Promise.resolve({ sessionId: 'ses_1', userId: 'usr_1', refreshToken: 'r', expiresAt: new Date() }),
    } as unknown as SessionsService;
    const tokens = { issue: () => ({ accessToken: 'a' }) } as unknown as TokenIssuer;
    const config = { LOGIN_MAX_FAILURES: 2, LOGIN_LOCKOUT_SECONDS: 60 } as GatewayConfig;
    handler = new LogInHandler(users, sessions, tokens, config);
  });

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );

  it('locks after the maximum failures, even for the right password', async () => {
    expect(await code(handler.execute('u', 'wrong', '::1'))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await code(handler.execute('u', 'wrong', '::1'))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await code(handler.execute('u', 'the-right-password', '::1'))).toBe('AUTH.LOCKED_OUT');
  });

  it('after the lock expires, one more failure locks again; a success clears the count', async () => {
    failures = { _id: 'x', failures: 2, lastFailureAt: new Date(Date.now() - 3600_000), lockedUntil: new Date(Date.now() - 1000) };
    expect(await code(handler.execute('u', 'wrong', '::1'))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await code(handler.execute('u', 'the-right-password', '::1'))).toBe('AUTH.LOCKED_OUT');
    failures = { _id: 'x', failures: 2, lastFailureAt: new Date(Date.now() - 3600_000), lockedUntil: new Date(Date.now() - 1000) };
    expect(await code(handler.execute('u', 'the-right-password', '::1'))).toBe('ok');
    expect(failures).toBeNull();
  });

  it('an old failure without a lock is forgotten', async () => {
    failures = { _id: 'x', failures: 1, lastFailureAt: new Date(Date.now() - 3600_000), lockedUntil: null };
    expect(await code(handler.execute('u', 'wrong', '::1'))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(failures?.failures).toBe(1);
  });
});
