import {
  bodyOf,
  etagOf,
  expectEtagOfVersion,
  expectLocation,
  fx,
  LOGIN_MAX_FAILURES,
  must,
  NEW_PASSWORD,
  once,
  PASSWORD,
  sessionCases,
  system,
  unique,
  UNKNOWN,
  userBody,
  type Entry,
} from './conformance-harness';

const refreshSession = sessionCases();
const logoutSession = sessionCases();
const passwordSession = sessionCases();

/** Log-in and sessions, users, API keys and the audit trail: the gateway's own data. */
export const IDENTITY_ENTRIES: readonly Entry[] = [
  // --- auth
  {
    operation: 'POST /api/v1/auth/token',
    cases: [
      {
        what: 'logs in',
        as: 'anonymous',
        status: 200,
        call: async () => ({ path: '/api/v1/auth/token', body: { username: (await fx.user()).username, password: PASSWORD } }),
        then: (res) => expect(bodyOf<{ tokenType: string }>(res).tokenType).toBe('Bearer'),
      },
      {
        what: 'wrong password',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/token', body: { username: (await fx.user()).username, password: 'not-the-password' } }),
      },
      { what: 'no password', as: 'anonymous', status: 422, call: () => ({ path: '/api/v1/auth/token', body: { username: 'someone' } }) },
      {
        what: 'locked out after repeated failures',
        as: 'anonymous',
        status: 429,
        call: async () => {
          const body = { username: `${unique('locked')}@example.fi`, password: 'guess-guess-guess' };
          for (let i = 0; i < Number(LOGIN_MAX_FAILURES); i++) await system().request('POST', '/api/v1/auth/token', { body, auth: false });
          return { path: '/api/v1/auth/token', body };
        },
        then: (res) => expect(res.headers.get('retry-after')).toMatch(/^\d+$/),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/refresh',
    cases: [
      {
        what: 'exchanges a refresh token',
        as: 'anonymous',
        status: 200,
        call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await refreshSession.refresh() } }),
      },
      {
        what: 'a used refresh token',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await refreshSession.refresh() } }),
      },
      {
        what: 'not a refresh token',
        as: 'anonymous',
        status: 422,
        call: () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: 'nope' } }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/logout',
    cases: [
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/auth/logout' }) },
      { what: 'an API key has no session', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/auth/logout' }) },
      {
        what: 'ends the session',
        as: 'token',
        status: 204,
        call: async () => ({ path: '/api/v1/auth/logout', token: await logoutSession.token() }),
      },
      {
        what: 'the ended session',
        as: 'token',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/logout', token: await logoutSession.token() }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/password',
    cases: [
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
      },
      {
        what: 'an API key is not a person',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
      },
      {
        what: 'wrong current password',
        as: 'token',
        status: 401,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD },
        }),
      },
      {
        what: 'new password too short',
        as: 'token',
        status: 422,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: PASSWORD, newPassword: 'short' },
        }),
      },
      {
        what: 'changes it',
        as: 'token',
        status: 204,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        }),
      },
      {
        what: 'every session ended',
        as: 'token',
        status: 401,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD },
        }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/auth/me',
    cases: [
      {
        what: 'a person',
        status: 200,
        call: () => ({ path: '/api/v1/auth/me' }),
        then: (res) => expect(bodyOf<{ actor: string }>(res).actor).toMatch(/^user:/),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/auth/me' }),
        then: (res) => expect(bodyOf<{ actor: string }>(res).actor).toMatch(/^key:/),
      },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/auth/me' }) },
      { what: 'a token that is not one', as: 'token', status: 401, call: () => ({ path: '/api/v1/auth/me', token: 'not-a-token' }) },
    ],
  },
  // --- users
  {
    operation: 'POST /api/v1/users',
    cases: [
      {
        what: 'creates a user',
        status: 201,
        call: () => ({ path: '/api/v1/users', body: userBody() }),
        then: expectLocation('/api/v1/users'),
      },
      {
        what: 'username taken',
        status: 409,
        call: async () => ({ path: '/api/v1/users', body: { ...userBody(), username: (await fx.user()).username } }),
      },
      { what: 'invalid body', status: 422, call: () => ({ path: '/api/v1/users', body: { ...userBody(), roles: ['emperor'] } }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/users', body: userBody() }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/users', body: userBody() }) },
    ],
  },
  {
    operation: 'GET /api/v1/users',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => (await fx.user(), { path: '/api/v1/users?limit=1' }),
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/users?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'limit out of range', status: 422, call: () => ({ path: '/api/v1/users?limit=0' }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/users' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/users' }) },
    ],
  },
  {
    operation: 'PATCH /api/v1/users/{id}',
    cases: [
      {
        what: 'changes a user (conditional)',
        status: 200,
        call: async () => {
          const id = (await fx.user()).id;
          return {
            path: `/api/v1/users/${id}`,
            body: { displayName: 'Oona Muutettu' },
            headers: { 'if-match': await etagOf(`/api/v1/users/${id}`) },
          };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/users/${(await fx.user()).id}`,
          body: { displayName: 'Oona' },
          headers: { 'if-match': '"999"' },
        }),
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: async () => ({
          path: `/api/v1/users/${(await fx.user()).id}`,
          body: { displayName: 'Oona' },
          headers: { 'if-match': 'three' },
        }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/users/${UNKNOWN.user}`, body: { displayName: 'Oona' } }) },
      {
        what: 'invalid body',
        status: 422,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { roles: ['emperor'] } }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { displayName: 'Oona' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { displayName: 'Oona' } }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/users/{id}',
    cases: [
      { what: 'a user', status: 200, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }), then: expectEtagOfVersion },
      {
        what: 'a user who changed their password',
        status: 200,
        call: async () => ({ path: `/api/v1/users/${await fx.userWithChangedPassword()}` }),
        then: (res) => expect(typeof bodyOf<{ passwordChangedAt: unknown }>(res).passwordChangedAt).toBe('string'),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/users/${UNKNOWN.user}` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }) },
    ],
  },
  // --- API keys
  {
    operation: 'POST /api/v1/api-keys',
    cases: [
      {
        what: 'creates a key',
        status: 201,
        call: () => ({ path: '/api/v1/api-keys', body: { name: unique('Lapin synkronointi'), regions: ['19'], access: 'read' } }),
        then: (res) => {
          expectLocation('/api/v1/api-keys')(res);
          expect(bodyOf<{ key: string }>(res).key).toMatch(/^ypk_/);
        },
      },
      {
        what: 'invalid region',
        status: 422,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['99'], access: 'read' } }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['17'], access: 'read' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['17'], access: 'read' } }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/api-keys',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => {
          await fx.apiKey();
          await must('POST', '/api/v1/api-keys', { name: unique('toinen avain'), regions: ['19'], access: 'read' }, 201);
          return { path: '/api/v1/api-keys?limit=1' };
        },
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/api-keys?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/api-keys' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/api-keys' }) },
    ],
  },
  {
    operation: 'GET /api/v1/api-keys/{id}',
    cases: [
      {
        what: 'a used key',
        status: 200,
        call: async () => {
          const key = await fx.apiKey();
          await system().request('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${key.key}` } });
          return { path: `/api/v1/api-keys/${key.id}` };
        },
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}` }) },
    ],
  },
  (() => {
    const revoked = once(
      async () =>
        (await must<{ id: string }>('POST', '/api/v1/api-keys', { name: unique('revoked'), regions: ['19'], access: 'read' }, 201)).body.id,
    );
    return {
      operation: 'DELETE /api/v1/api-keys/{id}',
      cases: [
        { what: 'revokes a key', status: 204, call: async () => ({ path: `/api/v1/api-keys/${await revoked()}` }) },
        { what: 'revoking again is a no-op', status: 204, call: async () => ({ path: `/api/v1/api-keys/${await revoked()}` }) },
        { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
        { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
        { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
      ],
    } satisfies Entry;
  })(),
  {
    operation: 'POST /api/v1/api-keys/{id}/rotate',
    cases: [
      {
        what: 'a new secret for the same key',
        status: 200,
        call: async () => ({
          path: `/api/v1/api-keys/${(await must<{ id: string }>('POST', '/api/v1/api-keys', { name: unique('rotated'), regions: ['19'], access: 'read' }, 201)).body.id}/rotate`,
          body: { previousValidForHours: 1 },
        }),
      },
      {
        what: 'a grace period out of range',
        status: 422,
        call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}/rotate`, body: { previousValidForHours: 500 } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
    ],
  },
  // --- audit
  {
    operation: 'GET /api/v1/audit-events',
    cases: [
      {
        what: 'the latest writes',
        status: 200,
        call: async () => (
          await fx.user(),
          await fx.apiKey(),
          { path: `/api/v1/audit-events?limit=2&since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}` }
        ),
        then: (res) => expect(bodyOf<{ items: unknown[] }>(res).items.length).toBeGreaterThan(0),
      },
      { what: 'since is not a timestamp', status: 422, call: () => ({ path: '/api/v1/audit-events?since=yesterday' }) },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/audit-events?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/audit-events' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/audit-events' }) },
    ],
  },
];
