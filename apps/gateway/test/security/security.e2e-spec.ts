import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestSystem, TEST_ADMIN, connectTestDatabase, eventually, type ApiResponse } from '@yp/shared-testing';
import { ACCESS_MATRIX, PRINCIPALS, type Fixtures, type MatrixEntry, type Principal } from './access-matrix';

/**
 * The gateway's security, against the real system (all five services, Kafka, FerretDB): the access
 * matrix (route × role × region), then the attacks a careful security officer would try. Every
 * refusal must be a 4xx problem+json, and a refused write must change nothing.
 */

const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123';
const ALLOWED_ORIGIN = 'https://admin.yhteispeli.test';
const RATE_LIMIT = 120;
const MAX_FAILURES = 3;
const PASSWORD = 'correct-horse-battery-staple';

let system: TestSystem;
const credential = {} as Record<Exclude<Principal, 'anonymous'>, string>;
const fixtures = {} as { -readonly [K in keyof Fixtures]: Fixtures[K] };
const userIds = {} as Record<string, string>;

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
function signJwt(payload: Record<string, unknown>, options: { secret?: string; alg?: string; kid?: string } = {}): string {
  const header = { alg: options.alg ?? 'HS256', typ: 'JWT', kid: options.kid ?? 'k1' };
  const input = `${b64url(header)}.${b64url(payload)}`;
  if (header.alg === 'none') return `${input}.`;
  return `${input}.${createHmac('sha256', options.secret ?? JWT_SECRET)
    .update(input)
    .digest('base64url')}`;
}
const decodePayload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function as(principal: Principal): { headers?: Record<string, string>; auth?: boolean } {
  return principal === 'anonymous' ? { auth: false } : bearer(credential[principal]);
}

/** Fails with the response body in the message, which is what one needs to see when it fails. */
function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
}

function expectProblem(res: ApiResponse, status: number, code?: string | RegExp): void {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as { status: number; code: string; correlationId: string };
  expect(problem.status).toBe(status);
  expect(problem.correlationId).toBe(res.headers.get('x-correlation-id'));
  if (code) expect(problem.code).toEqual(typeof code === 'string' ? code : expect.stringMatching(code));
}

async function createUser(username: string, roles: string[], regions: string[]): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/users', {
    body: { username, displayName: username, roles, regions, password: PASSWORD },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function createKey(
  regions: string[],
  access: 'read' | 'read-write',
  extra: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const res = await system.request<{ id: string; key: string }>('POST', '/api/v1/api-keys', {
    body: { name: `key ${regions.join('+')} ${access}`, regions, access, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function createOrganisation(municipality: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
    body: { kind: 'association', name: { fi: `Kiinnitysyhdistys ${municipality} ${Date.now()}` }, municipalities: [municipality] },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function createOfficer(municipality: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/liaison-officers', {
    body: {
      name: 'Kiinnitys Henkilö',
      email: `fixture.${municipality}.${Date.now()}@example.fi`,
      language: 'fi',
      municipalities: [municipality],
    },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function createContact(organisationId: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/contacts', {
    body: {
      name: 'Kiinnitys Yhteyshenkilö',
      email: `fixture.contact.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.fi`,
      language: 'fi',
      organisationId,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function countContacts(): Promise<number> {
  const db = await connectTestDatabase(system.databaseName('organisations'));
  try {
    return await db.collection('contacts_changes').countDocuments();
  } finally {
    await db.close();
  }
}

async function countAll(path: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const res: ApiResponse<{ items: unknown[]; nextCursor: string | null }> = await system.request(
      'GET',
      `${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    count += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return count;
}

async function countOfficers(): Promise<number> {
  const db = await connectTestDatabase(system.databaseName('organisations'));
  try {
    return await db.collection('liaison_officers_changes').countDocuments();
  } finally {
    await db.close();
  }
}

/** What a refused call must not change, read as admin. */
async function witness(kind: MatrixEntry['witness']): Promise<unknown> {
  switch (kind) {
    case undefined:
      return undefined;
    case 'partnership-count':
      return countAll('/api/v1/partnerships');
    case 'partnershipLA':
      return (await system.request('GET', `/api/v1/partnerships/${fixtures.partnershipLA}`)).text;
    case 'activity-count':
      return countAll('/api/v1/activities');
    case 'activityDraftNO':
      return (await system.request('GET', `/api/v1/activities/${fixtures.activityDraftNO}`)).text;
    case 'contact-count':
      return countContacts();
    case 'contactNO':
      return (await system.request('GET', `/api/v1/contacts/${fixtures.contactNO}`)).text;
    case 'organisation-count':
      return countAll('/api/v1/organisations');
    case 'officer-count':
      return countOfficers();
    case 'user-count':
      return countAll('/api/v1/users');
    case 'key-count':
      return countAll('/api/v1/api-keys');
    case 'organisationNO':
      return (await system.request('GET', `/api/v1/organisations/${fixtures.organisationNO}`)).text;
    case 'organisationLA':
      return (await system.request('GET', `/api/v1/organisations/${fixtures.organisationLA}`)).text;
    case 'userLA':
      return (await system.request('GET', `/api/v1/users/${fixtures.userLA}`)).text;
    case 'keyLA':
      return (await system.request('GET', `/api/v1/api-keys/${fixtures.keyLA}`)).text;
  }
}

beforeAll(async () => {
  system = await TestSystem.start('security', ['gateway', 'organisations', 'notifications'], {
    gateway: {
      CORS_ORIGINS: ALLOWED_ORIGIN,
      // The matrix reads a lot as admin; the rate-limit test below runs its own gateway.
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '60',
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      LOGIN_LOCKOUT_SECONDS: '120',
    },
  });
  credential.admin = await system.token_();
  userIds.coordinatorNO = await createUser('coordinator.no@example.fi', ['coordinator'], ['17']);
  userIds.coordinatorLA = await createUser('coordinator.la@example.fi', ['coordinator'], ['19']);
  userIds.liaisonLA = await createUser('liaison.la@example.fi', ['liaison-officer'], ['19']);
  for (const p of ['coordinatorNO', 'coordinatorLA', 'liaisonLA'] as const) {
    credential[p] = (
      await system.logIn(
        `${p === 'liaisonLA' ? 'liaison.la' : p === 'coordinatorNO' ? 'coordinator.no' : 'coordinator.la'}@example.fi`,
        PASSWORD,
      )
    ).accessToken;
  }
  const keyLA = await createKey(['19'], 'read-write');
  credential.keyLA = keyLA.key;
  credential.readKeyNO = (await createKey(['17'], 'read')).key;
  fixtures.keyLA = keyLA.id;
  fixtures.userLA = userIds.coordinatorLA;
  fixtures.organisationNO = await createOrganisation('615');
  fixtures.organisationLA = await createOrganisation('698');
  fixtures.officerNO = await createOfficer('615');
  fixtures.officerLA = await createOfficer('698');
  fixtures.contactNO = await createContact(fixtures.organisationNO);
  fixtures.contactOrganisationLA = await createOrganisation('698');
  fixtures.contactLA = await createContact(fixtures.contactOrganisationLA);
  const draft = await system.request<{ id: string }>('POST', '/api/v1/activities', {
    body: {
      organisationId: fixtures.organisationNO,
      name: { fi: 'Luonnos' },
      type: 'event',
      deliveryModes: ['remote'],
      municipalities: ['615'],
    },
  });
  expect(draft.status).toBe(201);
  fixtures.activityDraftNO = draft.body.id;
  const published = await system.request<{ id: string }>('POST', '/api/v1/activities', {
    body: {
      organisationId: fixtures.organisationLA,
      name: { fi: 'Julkaistu' },
      type: 'event',
      deliveryModes: ['remote'],
      municipalities: ['698'],
    },
  });
  expect(published.status).toBe(201);
  expect((await system.request('POST', `/api/v1/activities/${published.body.id}/publish`)).status).toBe(200);
  fixtures.activityLA = published.body.id;
  const partnership = await system.request<{ id: string }>('POST', '/api/v1/partnerships', {
    body: {
      municipality: '698',
      partnerOrganisationIds: [fixtures.contactOrganisationLA],
      title: { fi: 'Rovaniemen sopimus' },
      themes: ['loneliness'],
      startsOn: '2027-01-01',
    },
  });
  expect(partnership.status).toBe(201);
  fixtures.partnershipLA = partnership.body.id;
});

afterAll(async () => {
  await system?.stop();
});

describe('access matrix: route × role × region', () => {
  const cases = ACCESS_MATRIX.flatMap((entry) => PRINCIPALS.map((principal) => ({ entry, principal, status: entry.expect[principal] })));

  it.each(cases.map((c) => [`${c.entry.resource}: ${c.entry.action} as ${c.principal} → ${c.status}`, c] as const))(
    '%s',
    async (_name, { entry, principal, status }) => {
      const before = status >= 400 ? await witness(entry.witness) : undefined;
      const who = as(principal);
      const res = await system.request(entry.method, entry.path(fixtures), {
        ...who,
        headers: { ...(entry.headers ?? {}), ...(who.headers ?? {}) },
        body: entry.body?.(fixtures, principal),
        rawBody: entry.rawBody?.(fixtures, principal),
      });
      if (status >= 400) {
        expectProblem(res, status);
        expect(await witness(entry.witness)).toEqual(before);
      } else {
        expectStatus(res, status);
      }
    },
  );
});

describe('role escalation and server-owned fields', () => {
  it('a coordinator cannot make themselves admin', async () => {
    const res = await system.request('PATCH', `/api/v1/users/${userIds.coordinatorLA}`, {
      ...as('coordinatorLA'),
      body: { roles: ['admin'] },
    });
    expectProblem(res, 403, 'AUTH.FORBIDDEN');
    const user = await system.request<{ roles: string[] }>('GET', `/api/v1/users/${userIds.coordinatorLA}`);
    expect(user.body.roles).toEqual(['coordinator']);
  });

  it('an integration key cannot create users or keys, nor change passwords', async () => {
    expectProblem(
      await system.request('POST', '/api/v1/users', {
        ...as('keyLA'),
        body: { username: 'evil@example.fi', displayName: 'x', roles: ['admin'], regions: [], password: PASSWORD },
      }),
      403,
    );
    expectProblem(
      await system.request('POST', '/api/v1/api-keys', {
        ...as('keyLA'),
        body: { name: 'x', regions: ['17', '19'], access: 'read-write' },
      }),
      403,
    );
    expectProblem(
      await system.request('POST', '/api/v1/auth/password', {
        ...as('keyLA'),
        body: { currentPassword: 'x', newPassword: 'y'.repeat(12) },
      }),
      403,
    );
  });

  it('an admin cannot remove their own admin role (no lock-out of the last door)', async () => {
    const me = await system.request<{ actor: string }>('GET', '/api/v1/auth/me');
    const id = me.body.actor.replace('user:', '');
    expectProblem(
      await system.request('PATCH', `/api/v1/users/${id}`, { body: { roles: ['coordinator'], regions: ['19'] } }),
      409,
      'USER.SELF_LOCKOUT',
    );
  });

  it.each([
    ['id', { id: 'org_00000000000000000000000000000000' }],
    ['version', { version: 99 }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ['status', { status: 'archived' }],
    ['regions', { regions: ['17'] }],
  ])('registering an organisation with server-owned %s is refused (422) and creates nothing', async (field, extra) => {
    const before = await countAll('/api/v1/organisations');
    const res = await system.request('POST', '/api/v1/organisations', {
      ...as('coordinatorLA'),
      body: { kind: 'association', name: { fi: 'Palvelimen kentät' }, municipalities: ['698'], ...extra },
    });
    expectProblem(res, 422, 'REQUEST.VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).toContain(field);
    expect(await countAll('/api/v1/organisations')).toBe(before);
  });

  it.each([
    ['version', { version: 1 }],
    ['regions', { regions: ['17'] }],
    ['id', { id: 'org_00000000000000000000000000000000' }],
    ['updatedAt', { updatedAt: '2020-01-01T00:00:00Z' }],
  ])('changing an organisation’s server-owned %s is refused (422) and changes nothing', async (_field, extra) => {
    const before = await witness('organisationLA');
    const res = await system.request('PATCH', `/api/v1/organisations/${fixtures.organisationLA}`, { ...as('coordinatorLA'), body: extra });
    expectProblem(res, 422);
    expect(await witness('organisationLA')).toEqual(before);
  });

  it.each([
    [
      'user id',
      '/api/v1/users',
      {
        username: 'owned@example.fi',
        displayName: 'x',
        roles: ['coordinator'],
        regions: ['19'],
        password: PASSWORD,
        id: 'usr_00000000000000000000000000000000',
      },
    ],
    [
      'user createdAt',
      '/api/v1/users',
      {
        username: 'owned2@example.fi',
        displayName: 'x',
        roles: ['coordinator'],
        regions: ['19'],
        password: PASSWORD,
        createdAt: '2020-01-01T00:00:00Z',
      },
    ],
    [
      'API key secret',
      '/api/v1/api-keys',
      { name: 'x', regions: ['19'], access: 'read', key: 'ypk_chosenbyme_0000000000000000000000000000000000000000000' },
    ],
    ['API key lastUsedAt', '/api/v1/api-keys', { name: 'x', regions: ['19'], access: 'read', lastUsedAt: '2020-01-01T00:00:00Z' }],
  ])('setting a server-owned %s is refused (422)', async (_name, path, body) => {
    expectProblem(await system.request('POST', path, { body }), 422, 'REQUEST.VALIDATION_FAILED');
  });

  it('a coordinator needs a region; an admin has none', async () => {
    expectProblem(
      await system.request('POST', '/api/v1/users', {
        body: { username: 'noregion@example.fi', displayName: 'x', roles: ['coordinator'], regions: [], password: PASSWORD },
      }),
      422,
    );
    expectProblem(
      await system.request('POST', '/api/v1/users', {
        body: { username: 'adminregion@example.fi', displayName: 'x', roles: ['admin'], regions: ['19'], password: PASSWORD },
      }),
      422,
    );
  });

  it('a taken username is a 409', async () => {
    expectProblem(
      await system.request('POST', '/api/v1/users', {
        body: { username: 'Coordinator.LA@example.fi', displayName: 'x', roles: ['coordinator'], regions: ['19'], password: PASSWORD },
      }),
      409,
      'USER.USERNAME_TAKEN',
    );
  });
});

describe('JWT tampering', () => {
  const now = () => Math.floor(Date.now() / 1000);
  let claims: Record<string, unknown>;

  beforeAll(() => {
    claims = decodePayload(credential.coordinatorLA);
  });

  it.each([
    ['alg none', () => signJwt({ ...claims }, { alg: 'none' })],
    ['signed with another key', () => signJwt({ ...claims }, { secret: 'another-secret-0123456789abcdef0123456789' })],
    ['expired', () => signJwt({ ...claims, iat: now() - 3600, exp: now() - 60 })],
    ['wrong audience', () => signJwt({ ...claims, aud: 'another-api' })],
    ['wrong issuer', () => signJwt({ ...claims, iss: 'someone-else' })],
    [
      'roles raised without re-signing',
      () => {
        const [h, , s] = credential.coordinatorLA.split('.');
        return `${h}.${b64url({ ...claims, roles: ['admin'] })}.${s}`;
      },
    ],
    ['HS384 instead of HS256', () => signJwt({ ...claims }, { alg: 'HS384' })],
    ['with an unknown key id', () => signJwt({ ...claims }, { kid: 'k0' })],
    ['no session id', () => signJwt({ ...claims, sid: undefined })],
    ['an unknown session', () => signJwt({ ...claims, sid: 'ses_00000000000000000000000000000000' })],
  ])('a token %s is refused (401)', async (_name, token) => {
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(token())), 401);
  });
});

describe('sessions and refresh tokens', () => {
  it('a refresh token works once: rotation, then reuse ends the whole session', async () => {
    const username = `rotate.${Date.now()}@example.fi`;
    await createUser(username, ['coordinator'], ['19']);
    const first = await system.logIn(username, PASSWORD);
    const second = await system.request<{ accessToken: string; refreshToken: string }>('POST', '/api/v1/auth/refresh', {
      auth: false,
      body: { refreshToken: first.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await system.request('GET', '/api/v1/auth/me', bearer(second.body.accessToken))).status).toBe(200);
    // The old token again: a replay. The session ends, taking the new tokens with it.
    expectProblem(
      await system.request('POST', '/api/v1/auth/refresh', { auth: false, body: { refreshToken: first.refreshToken } }),
      401,
      'AUTH.REFRESH_TOKEN_INVALID',
    );
    expectProblem(
      await system.request('POST', '/api/v1/auth/refresh', { auth: false, body: { refreshToken: second.body.refreshToken } }),
      401,
      'AUTH.REFRESH_TOKEN_INVALID',
    );
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(second.body.accessToken)), 401, 'AUTH.SESSION_ENDED');
  });

  it('logout ends the access token and the refresh token at once', async () => {
    const username = `logout.${Date.now()}@example.fi`;
    await createUser(username, ['coordinator'], ['19']);
    const tokens = await system.logIn(username, PASSWORD);
    expect((await system.request('POST', '/api/v1/auth/logout', bearer(tokens.accessToken))).status).toBe(204);
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(tokens.accessToken)), 401, 'AUTH.SESSION_ENDED');
    expectProblem(await system.request('POST', '/api/v1/auth/refresh', { auth: false, body: { refreshToken: tokens.refreshToken } }), 401);
  });

  it('a password change ends every session of the account; the new password works, the old does not', async () => {
    const username = `password.${Date.now()}@example.fi`;
    await createUser(username, ['coordinator'], ['19']);
    const a = await system.logIn(username, PASSWORD);
    const b = await system.logIn(username, PASSWORD);
    expectProblem(
      await system.request('POST', '/api/v1/auth/password', {
        ...bearer(a.accessToken),
        body: { currentPassword: 'wrong-password-123', newPassword: 'a-brand-new-password' },
      }),
      401,
    );
    expectProblem(
      await system.request('POST', '/api/v1/auth/password', {
        ...bearer(a.accessToken),
        body: { currentPassword: PASSWORD, newPassword: 'short' },
      }),
      422,
    );
    expect(
      (
        await system.request('POST', '/api/v1/auth/password', {
          ...bearer(a.accessToken),
          body: { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' },
        })
      ).status,
    ).toBe(204);
    for (const t of [a, b]) {
      expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(t.accessToken)), 401);
      expectProblem(await system.request('POST', '/api/v1/auth/refresh', { auth: false, body: { refreshToken: t.refreshToken } }), 401);
    }
    expectProblem(await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: PASSWORD } }), 401);
    expect((await system.logIn(username, 'a-brand-new-password')).accessToken).toEqual(expect.any(String));
  });

  it('disabling a user or changing their regions ends their sessions', async () => {
    const username = `disable.${Date.now()}@example.fi`;
    const id = await createUser(username, ['coordinator'], ['19']);
    const t1 = await system.logIn(username, PASSWORD);
    expect((await system.request('PATCH', `/api/v1/users/${id}`, { body: { regions: ['17'] } })).status).toBe(200);
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(t1.accessToken)), 401);
    const t2 = await system.logIn(username, PASSWORD);
    expect((await system.request<{ regions: string[] }>('GET', '/api/v1/auth/me', bearer(t2.accessToken))).body.regions).toEqual(['17']);
    expect((await system.request('PATCH', `/api/v1/users/${id}`, { body: { disabled: true } })).status).toBe(200);
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(t2.accessToken)), 401);
    expectProblem(
      await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: PASSWORD } }),
      401,
      'AUTH.INVALID_CREDENTIALS',
    );
  });

  it('a malformed refresh token is a 422, an unknown one a 401', async () => {
    expectProblem(await system.request('POST', '/api/v1/auth/refresh', { auth: false, body: { refreshToken: 'garbage' } }), 422);
    expectProblem(
      await system.request('POST', '/api/v1/auth/refresh', {
        auth: false,
        body: { refreshToken: `ses_${'0'.repeat(32)}.${'A'.repeat(43)}` },
      }),
      401,
    );
  });
});

describe('API keys', () => {
  it('is shown once, stored only as a hash, and records its last use', async () => {
    const created = await createKey(['19'], 'read');
    expect(created.key).toMatch(/^ypk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect((await system.request('GET', '/api/v1/auth/me', bearer(created.key))).status).toBe(200);
    const listed = await system.request<{ key?: string; lastUsedAt: string | null }>('GET', `/api/v1/api-keys/${created.id}`);
    expect(listed.body.key).toBeUndefined();
    expect(listed.text).not.toContain(created.key.slice(15));
    // The last use is recorded after the answer.
    await eventually(
      async () => (await system.request<{ lastUsedAt: string | null }>('GET', `/api/v1/api-keys/${created.id}`)).body.lastUsedAt !== null,
      'the key’s last use to be recorded',
      5000,
      100,
    );
    const db = await connectTestDatabase(system.databaseName('gateway'));
    try {
      const stored =
        JSON.stringify(await db.collection('api_keys').find().toArray()) +
        JSON.stringify(await db.collection('api_keys_changes').find().toArray());
      expect(stored).not.toContain(created.key.slice(15));
    } finally {
      await db.close();
    }
  });

  it('a revoked key is refused at once', async () => {
    const created = await createKey(['19'], 'read-write');
    expect((await system.request('GET', '/api/v1/organisations', bearer(created.key))).status).toBe(200);
    expect((await system.request('DELETE', `/api/v1/api-keys/${created.id}`)).status).toBe(204);
    expectProblem(await system.request('GET', '/api/v1/organisations', bearer(created.key)), 401, 'AUTH.API_KEY_INVALID');
    expect((await system.request<{ revokedAt: string | null }>('GET', `/api/v1/api-keys/${created.id}`)).body.revokedAt).toEqual(
      expect.any(String),
    );
  });

  it('an expired key is refused', async () => {
    const expiresAt = Date.now() + 2500;
    const created = await createKey(['19'], 'read', { expiresAt: new Date(expiresAt).toISOString() });
    expect((await system.request('GET', '/api/v1/auth/me', bearer(created.key))).status).toBe(200);
    // Not a guess: the clock must pass the expiry the key was given (same machine, same clock).
    await sleep(expiresAt - Date.now() + 50);
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(created.key)), 401, 'AUTH.API_KEY_INVALID');
  });

  it.each([
    ['a tampered secret', (k: string) => `${k.slice(0, -1)}${k.endsWith('A') ? 'B' : 'A'}`],
    ['an unknown id', (k: string) => `ypk_zzzzzzzzzz_${k.slice(15)}`],
    ['a malformed key', () => 'ypk_short'],
  ])('%s is refused (401)', async (_name, mutate) => {
    expectProblem(await system.request('GET', '/api/v1/auth/me', bearer(mutate(credential.keyLA))), 401);
  });

  it('an expiry in the past or beyond two years is refused (422)', async () => {
    expectProblem(
      await system.request('POST', '/api/v1/api-keys', {
        body: { name: 'x', regions: ['19'], access: 'read', expiresAt: '2020-01-01T00:00:00Z' },
      }),
      422,
    );
    expectProblem(
      await system.request('POST', '/api/v1/api-keys', {
        body: { name: 'x', regions: ['19'], access: 'read', expiresAt: '2099-01-01T00:00:00Z' },
      }),
      422,
    );
  });

  it('a read-only key cannot write even in its own region', async () => {
    const key = await createKey(['19'], 'read');
    const before = await countAll('/api/v1/organisations');
    expectProblem(
      await system.request('POST', '/api/v1/organisations', {
        ...bearer(key.key),
        body: { kind: 'association', name: { fi: 'Lukuavain' }, municipalities: ['698'] },
      }),
      403,
    );
    expect(await countAll('/api/v1/organisations')).toBe(before);
  });
});

describe('the services trust only the gateway', () => {
  it('a direct call without the gateway’s identity is refused', async () => {
    const res = await fetch(`${system.url('organisations')}/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('an identity signed with another secret is refused', async () => {
    const forged = signJwt(
      {
        sub: 'user:x',
        roles: ['admin'],
        regions: [],
        aud: 'yhteispeli-services',
        iss: 'yhteispeli-gateway',
        exp: Math.floor(Date.now() / 1000) + 60,
      },
      { secret: 'not-the-internal-secret-0123456789abcdef' },
    );
    const res = await fetch(`${system.url('organisations')}/organisations/${fixtures.organisationNO}`, {
      headers: { 'x-yp-identity': forged },
    });
    expect(res.status).toBe(401);
  });
});

describe('injection and oversize bodies', () => {
  it.each([
    [
      'an operator in the body',
      'POST',
      '/api/v1/organisations',
      { kind: 'association', name: { fi: { $gt: '' } }, municipalities: ['698'] },
      400,
    ],
    ['an operator key in a filter', 'GET', '/api/v1/organisations?municipality[$ne]=x', undefined, 400],
    [
      '__proto__ in the body',
      'POST',
      '/api/v1/users',
      JSON.parse(
        '{"username":"p@example.fi","displayName":"x","roles":["coordinator"],"regions":["19"],"password":"a-long-enough-password","__proto__":{"roles":["admin"]}}',
      ) as unknown,
      400,
    ],
    [
      'constructor.prototype in the body',
      'POST',
      '/api/v1/api-keys',
      { name: 'x', regions: ['19'], access: 'read', constructor: { prototype: { admin: true } } },
      400,
    ],
  ])('%s is refused', async (_name, method, path, body, status) => {
    const res = await system.request(method, path, { ...as('coordinatorLA'), body });
    expectProblem(res, status);
  });

  it('a body over 1 MiB is a 413 and stores nothing', async () => {
    const before = await countAll('/api/v1/organisations');
    const res = await system.request('POST', '/api/v1/organisations', {
      ...as('coordinatorLA'),
      rawBody: JSON.stringify({ kind: 'association', name: { fi: 'x'.repeat(2 * 1024 * 1024) }, municipalities: ['698'] }),
    });
    expectProblem(res, 413);
    // Refused before any route: still with security headers, and still in the audit trail.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await countAll('/api/v1/organisations')).toBe(before);
    const audit = await system.request<{ items: { status: number; path: string }[] }>('GET', '/api/v1/audit-events?limit=20');
    expect(audit.body.items.some((e) => e.status === 413 && e.path === '/api/v1/organisations')).toBe(true);
  });

  it('a stale If-Match is a 412 and changes nothing', async () => {
    // A Lapland-only organisation (the matrix has extended the fixture into North Ostrobothnia).
    const id = await createOrganisation('320');
    expect((await system.request('PATCH', `/api/v1/organisations/${id}`, { body: { name: { fi: 'Toinen versio' } } })).status).toBe(200);
    const before = (await system.request('GET', `/api/v1/organisations/${id}`)).text;
    const res = await system.request('PATCH', `/api/v1/organisations/${id}`, {
      ...as('coordinatorLA'),
      headers: { ...as('coordinatorLA').headers, 'if-match': '"1"' },
      body: { name: { fi: 'Vanhentunut' } },
    });
    expectProblem(res, 412);
    expect((await system.request('GET', `/api/v1/organisations/${id}`)).text).toEqual(before);
  });
});

describe('CORS and security headers', () => {
  const preflight = (origin: string) =>
    fetch(`${system.url('gateway')}/api/v1/organisations`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('a configured origin may call from a browser', async () => {
    const res = await preflight(ALLOWED_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });

  it('any other origin gets no CORS permission', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await system.request('GET', '/api/v1/organisations', { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('responses carry security headers and no server fingerprint', async () => {
    const res = await system.request('GET', '/api/v1/auth/me');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-correlation-id')).toMatch(/.+/);
  });
});

describe('audit trail', () => {
  it('records who wrote what, when and from where, without the values', async () => {
    const name = `Auditoitava ${Date.now()}`;
    const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      ...as('coordinatorLA'),
      body: { kind: 'association', name: { fi: name }, municipalities: ['698'] },
    });
    expect(res.status).toBe(201);
    const refused = await system.request('POST', '/api/v1/organisations', {
      ...as('coordinatorLA'),
      body: { kind: 'association', name: { fi: name }, municipalities: ['615'] },
    });
    expect(refused.status).toBe(403);
    type AuditEvent = { actor: string; method: string; route: string; path: string; status: number; fields: string[]; address: string };
    // The audit record is written after the answer.
    const events = await eventually(
      async () => {
        const list = await system.request<{ items: AuditEvent[] }>(
          'GET',
          `/api/v1/audit-events?actor=user:${userIds.coordinatorLA}&limit=10`,
        );
        return list.body.items.some((e) => e.status === 403) ? list.body.items : undefined;
      },
      'the refused write in the audit trail',
      5000,
      100,
    );
    expect(events.slice(0, 2)).toEqual([
      expect.objectContaining({
        actor: `user:${userIds.coordinatorLA}`,
        method: 'POST',
        route: '/api/v1/organisations',
        status: 403,
        fields: ['kind', 'municipalities', 'name'],
        address: expect.any(String) as string,
      }),
      expect.objectContaining({ actor: `user:${userIds.coordinatorLA}`, method: 'POST', status: 201 }),
    ]);
    const all = await system.request('GET', '/api/v1/audit-events?limit=200');
    expect(all.text).not.toContain(name);
    expect(all.text).not.toContain(PASSWORD);
  });

  it('records logins under the user who logged in', async () => {
    await system.logIn('coordinator.la@example.fi', PASSWORD);
    const logins = await eventually(
      async () => {
        const list = await system.request<{ items: { route: string; status: number }[] }>(
          'GET',
          `/api/v1/audit-events?actor=user:${userIds.coordinatorLA}&limit=50`,
        );
        const found = list.body.items.filter((e) => e.route === '/api/v1/auth/token' && e.status === 200);
        return found.length > 0 ? found : undefined;
      },
      'the login in the audit trail',
      5000,
      100,
    );
    expect(logins.length).toBeGreaterThan(0);
  });

  it('an audit query with a bad filter is a 422', async () => {
    expectProblem(await system.request('GET', '/api/v1/audit-events?since=yesterday'), 422);
  });
});

describe('brute force and rate limits', () => {
  it(`locks a username after ${MAX_FAILURES} failures, even for the right password, and says when to retry`, async () => {
    const username = `lockout.${Date.now()}@example.fi`;
    await createUser(username, ['coordinator'], ['19']);
    for (let i = 0; i < MAX_FAILURES; i++) {
      expectProblem(
        await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: `wrong-${i}` } }),
        401,
        'AUTH.INVALID_CREDENTIALS',
      );
    }
    const locked = await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: PASSWORD } });
    expectProblem(locked, 429, 'AUTH.LOCKED_OUT');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Others are not affected.
    expect((await system.logIn('coordinator.la@example.fi', PASSWORD)).accessToken).toEqual(expect.any(String));
  });

  it('an unknown username locks the same way (lockout reveals nothing)', async () => {
    const username = `nobody.${Date.now()}@example.fi`;
    for (let i = 0; i < MAX_FAILURES; i++) {
      expectProblem(
        await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: PASSWORD } }),
        401,
        'AUTH.INVALID_CREDENTIALS',
      );
    }
    expectProblem(
      await system.request('POST', '/api/v1/auth/token', { auth: false, body: { username, password: PASSWORD } }),
      429,
      'AUTH.LOCKED_OUT',
    );
  });

  it(`answers 429 with Retry-After past ${RATE_LIMIT} requests a minute, per credential`, async () => {
    // A second gateway in front of the same services, with a low limit.
    const limitedGateway = await TestSystem.start('ratelimit', ['gateway'], {
      gateway: {
        ORGANISATIONS_URL: system.url('organisations'),
        NOTIFICATIONS_URL: system.url('notifications'),
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      },
    });
    try {
      const token = await limitedGateway.token_();
      let limited: ApiResponse | undefined;
      let served = 0;
      for (let i = 0; i < RATE_LIMIT + 5 && !limited; i++) {
        const res = await limitedGateway.request('GET', '/api/v1/organisations?limit=1', bearer(token));
        if (res.status === 429) limited = res;
        else {
          expect(res.status).toBe(200);
          served++;
        }
      }
      expect(limited).toBeDefined();
      expect(served).toBeLessThanOrEqual(RATE_LIMIT);
      expectProblem(limited!, 429, 'RATE_LIMITED');
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another caller still gets through.
      const other = await limitedGateway.logIn(TEST_ADMIN.username, TEST_ADMIN.password);
      expect((await limitedGateway.request('GET', '/api/v1/auth/me', bearer(other.accessToken))).status).toBe(200);
    } finally {
      await limitedGateway.stop();
    }
  });

  it('limits login attempts per address across usernames', async () => {
    let limited: ApiResponse | undefined;
    for (let i = 0; i < 80 && !limited; i++) {
      const res = await system.request('POST', '/api/v1/auth/token', {
        auth: false,
        body: { username: `spray${i}.${Date.now()}@example.fi`, password: 'x' },
      });
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429, 'RATE_LIMITED');
  });
});
