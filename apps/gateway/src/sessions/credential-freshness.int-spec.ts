// Two gateway instances on one FerretDB database, as two processes behind a load balancer would be:
// each shares what it read of a session or an API key for CREDENTIAL_CHECK_MAX_AGE_MS, so a logout
// or a revocation on one must stop the other accepting the credential within that second.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectTestDatabase, eventually } from '@yp/shared-testing';
import { ApiKeyRepository } from '@gateway/api-keys/api-key.repository';
import { ApiKeysService } from '@gateway/api-keys/api-keys.service';
import type { GatewayConfig } from '@gateway/config/gateway-config';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

const MAX_AGE_MS = 1000;
/** One store read on a busy machine, on top of the allowed age. */
const READ_SLACK_MS = 500;

describe('Credentials on two gateway instances (FerretDB)', () => {
  let connection: Connection;
  const config = { SESSION_TTL_SECONDS: 3600, CREDENTIAL_CHECK_MAX_AGE_MS: MAX_AGE_MS } as GatewayConfig;
  const instance = () => ({
    sessions: new SessionsService(new SessionRepository(connection), config),
    keys: new ApiKeysService(new ApiKeyRepository(connection), config),
  });

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-gateway-credentials-test-${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  /** Milliseconds from now until `stillAccepted` turns false. */
  async function msUntilRefused(stillAccepted: () => Promise<boolean>): Promise<number> {
    const from = Date.now();
    await eventually(async () => !(await stillAccepted()), 'the credential to be refused', 5000, 20);
    return Date.now() - from;
  }

  it('a logout on one instance ends the session at once there and within a second on the other', async () => {
    const [a, b] = [instance(), instance()];
    const { sessionId } = await a.sessions.open('usr_1', '127.0.0.1');
    expect(await a.sessions.active(sessionId)).toBeDefined(); // a now relies on this read
    expect(await b.sessions.active(sessionId)).toBeDefined();

    await b.sessions.revoke(sessionId, 'logout');
    expect(await b.sessions.active(sessionId)).toBeUndefined();
    const elapsed = await msUntilRefused(async () => (await a.sessions.active(sessionId)) !== undefined);
    expect(elapsed).toBeLessThanOrEqual(MAX_AGE_MS + READ_SLACK_MS);
  });

  it('a refresh-token reuse ends the session at once on the instance that saw it', async () => {
    const a = instance();
    const opened = await a.sessions.open('usr_2', '127.0.0.1');
    expect(await a.sessions.active(opened.sessionId)).toBeDefined();
    await a.sessions.refresh(opened.refreshToken);
    await expect(a.sessions.refresh(opened.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_TOKEN_INVALID' });
    expect(await a.sessions.active(opened.sessionId)).toBeUndefined();
  });

  it('a revoked API key is refused everywhere within a second; a rotated-in secret works everywhere at once', async () => {
    const [a, b] = [instance(), instance()];
    const accepted = (service: ApiKeysService, secret: string) =>
      service.authenticate(secret).then(
        () => true,
        () => false,
      );
    const { key, secret } = await a.keys.create({ name: 'Sync', regions: ['19'], access: 'read' }, 'user:usr_1');
    expect(await accepted(a.keys, secret)).toBe(true);
    expect(await accepted(b.keys, secret)).toBe(true);

    const rotated = await b.keys.rotate(key.id, { previousValidForHours: 0 });
    expect(await accepted(a.keys, rotated!.secret)).toBe(true); // a's read did not know it: it reads again
    expect(await accepted(b.keys, secret)).toBe(false);

    await b.keys.revoke(key.id, 'user:usr_1');
    expect(await accepted(b.keys, rotated!.secret)).toBe(false);
    const elapsed = await msUntilRefused(() => accepted(a.keys, rotated!.secret));
    expect(elapsed).toBeLessThanOrEqual(MAX_AGE_MS + READ_SLACK_MS);
  });
});
