import { isValidBusinessId } from '@yp/contracts-http';
import { TestSystem, sentinelEventPublished, type ApiResponse } from '@yp/shared-testing';

/**
 * Upsert by the integrator's own identifier through the gateway on the real infrastructure:
 * PUT /api/v1/organisations/source/{sourceId} creates, replaces and leaves unchanged; If-Match,
 * region rules, validation and business-ID uniqueness as for POST and PATCH; source ids namespaced
 * per caller; concurrent first PUTs create exactly one organisation; GET by source id.
 */

interface Organisation {
  id: string;
  version: number;
  name: { fi: string; sv?: string };
  municipalities: string[];
  regions: string[];
  website?: string;
  businessId?: string;
  themes: string[];
  status: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Envelope {
  type: string;
  subject: string;
}

const PASSWORD = 'a-long-enough-password';
let system: TestSystem;
type Who = 'admin' | 'keyNO' | 'keyNO2' | 'keyLA' | 'coordinatorNO';
const bearer = {} as Record<Who, { authorization: string }>;
const stamp = Date.now().toString(36);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${stamp}-${++counter}`;

async function key(name: string, regions: string[]): Promise<string> {
  const res = await system.request<{ key: string }>('POST', '/api/v1/api-keys', { body: { name, regions, access: 'read-write' } });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${res.text}`);
  return res.body.key;
}

async function user(username: string, regions: string[]): Promise<string> {
  const res = await system.request('POST', '/api/v1/users', {
    body: { username, displayName: username, roles: ['coordinator'], regions, password: PASSWORD },
  });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return (await system.logIn(username, PASSWORD)).accessToken;
}

function businessId(): string {
  for (;;) {
    const body = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    for (let check = 0; check <= 9; check++) if (isValidBusinessId(`${body}-${check}`)) return `${body}-${check}`;
  }
}

const organisation = (extra: Record<string, unknown> = {}) => ({
  kind: 'association',
  name: { fi: `Lähdekylän Kyläyhdistys ${unique('ry')}` },
  municipalities: ['615'],
  ...extra,
});

const put = (who: Who, sourceId: string, body: unknown, headers: Record<string, string> = {}) =>
  system.request<Organisation>('PUT', `/api/v1/organisations/source/${sourceId}`, { body, headers: { ...bearer[who], ...headers } });
const getBySource = (who: Who, sourceId: string) =>
  system.request<Organisation>('GET', `/api/v1/organisations/source/${sourceId}`, { headers: bearer[who] });
const getById = (id: string) => system.request<Organisation>('GET', `/api/v1/organisations/${id}`, { headers: bearer.admin });
const named = async (name: string) =>
  (
    await system.request<Page<Organisation>>('GET', `/api/v1/organisations?limit=100&q=${encodeURIComponent(name)}`, {
      headers: bearer.admin,
    })
  ).body.items;
/**
 * The subject's events, all of them: read once a sentinel organisation registered after them is on
 * the topic (the outbox publishes in commit order, so nothing of the subject can still come).
 */
const settledEventsOf = async (subject: string) =>
  (
    await sentinelEventPublished(`${system.topicPrefix}yp.organisations.events`, async () => {
      const sentinel = await system.request<Organisation>('POST', '/api/v1/organisations', {
        body: { kind: 'association', name: { fi: `Vartijayhdistys ${unique('ry')}` }, municipalities: ['615'] },
        headers: bearer.admin,
      });
      expectStatus(sentinel, 201);
      return sentinel.body.id;
    })
  )
    .map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as Envelope)
    .filter((e) => e.subject === subject)
    .map((e) => e.type);

function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
}

beforeAll(async () => {
  system = await TestSystem.start('source', ['gateway', 'organisations', 'notifications']);
  bearer.admin = { authorization: `Bearer ${await system.token_()}` };
  bearer.keyNO = { authorization: `Bearer ${await key('NO sync', ['17'])}` };
  bearer.keyNO2 = { authorization: `Bearer ${await key('NO sync 2', ['17'])}` };
  bearer.keyLA = { authorization: `Bearer ${await key('LA sync', ['19'])}` };
  bearer.coordinatorNO = { authorization: `Bearer ${await user('coord.no@example.fi', ['17'])}` };
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

describe('PUT /api/v1/organisations/source/{sourceId}', () => {
  it('creates on the first PUT, replaces on later ones, and keeps the version when nothing changes', async () => {
    const sourceId = unique('crm:123');
    const body = organisation({ website: 'https://lahdekyla.example.fi', themes: ['inclusion'] });
    const created = await put('keyNO', sourceId, body);
    expectStatus(created, 201);
    expect(created.headers.get('location')).toBe(`/api/v1/organisations/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      version: 1,
      name: body.name,
      municipalities: ['615'],
      regions: ['17'],
      website: 'https://lahdekyla.example.fi',
      status: 'active',
    });

    // Full replacement: the website left out is removed, the name changes.
    const replaced = await put('keyNO', sourceId, { ...body, website: undefined, name: { fi: `${body.name.fi} (uusi)` } });
    expectStatus(replaced, 200);
    expect(replaced.headers.get('location')).toBeNull();
    expect(replaced.headers.get('etag')).toBe('"2"');
    expect(replaced.body.id).toBe(created.body.id);
    expect(replaced.body.website).toBeUndefined();
    expect(replaced.body.name.fi).toBe(`${body.name.fi} (uusi)`);

    const same = await put('keyNO', sourceId, { ...body, website: undefined, name: { fi: `${body.name.fi} (uusi)` } });
    expectStatus(same, 200);
    expect(same.headers.get('etag')).toBe('"2"');
    expect(same.body).toEqual(replaced.body);

    expect(await settledEventsOf(created.body.id)).toEqual([
      'organisations.organisation.registered.v1',
      'organisations.organisation.updated.v1',
    ]);
    expect((await getById(created.body.id)).body.version).toBe(2);
  });

  it('keeps the status, which the body does not carry', async () => {
    const sourceId = unique('status');
    const body = organisation();
    const created = await put('keyNO', sourceId, body);
    expectStatus(created, 201);
    const patched = await system.request('PATCH', `/api/v1/organisations/${created.body.id}`, {
      body: { status: 'inactive' },
      headers: bearer.admin,
    });
    expectStatus(patched, 200);
    const again = await put('keyNO', sourceId, body);
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ status: 'inactive', version: 2 });
  });

  it('honours If-Match: 412 when stale (nothing written), 200 when current, 412 when nothing exists yet', async () => {
    const sourceId = unique('etag');
    const body = organisation();
    expectStatus(await put('keyNO', sourceId, body, { 'if-match': '"1"' }), 412);
    expectStatus(await getBySource('keyNO', sourceId), 404);

    const created = await put('keyNO', sourceId, body);
    expectStatus(created, 201);
    const stale = await put('keyNO', sourceId, { ...body, phone: '+358 40 123 4567' }, { 'if-match': '"7"' });
    expectStatus(stale, 412);
    expect((await getById(created.body.id)).body.version).toBe(1);
    const current = await put('keyNO', sourceId, { ...body, phone: '+358 40 123 4567' }, { 'if-match': created.headers.get('etag')! });
    expectStatus(current, 200);
    expect(current.body.version).toBe(2);
    expectStatus(await put('keyNO', sourceId, body, { 'if-match': 'two' }), 400);
  });

  it('applies the region rules of POST and PATCH (403, nothing stored)', async () => {
    const sourceId = unique('region');
    const name = unique('Rajakylä');
    expectStatus(await put('keyLA', sourceId, organisation({ name: { fi: name } })), 403);
    expectStatus(await getBySource('keyLA', sourceId), 404);
    expect(await named(name)).toEqual([]);

    // Moving an own organisation into a region the caller may not write is refused too.
    const created = await put('keyNO', sourceId, organisation());
    expectStatus(created, 201);
    expectStatus(await put('keyNO', sourceId, organisation({ municipalities: ['698'] })), 403);
    expect((await getById(created.body.id)).body).toMatchObject({ version: 1, municipalities: ['615'] });
  });

  it('refuses an invalid body or source id with 422, storing nothing', async () => {
    const sourceId = unique('invalid');
    const name = unique('Virhekylä');
    const bad = await put('keyNO', sourceId, organisation({ name: { fi: name }, kind: 'castle' }));
    expectStatus(bad, 422);
    expectStatus(await put('keyNO', sourceId, { kind: 'association', name: { fi: name } }), 422);
    expectStatus(await put('keyNO', sourceId, organisation({ name: { fi: name }, unknown: 1 })), 422);
    expectStatus(await getBySource('keyNO', sourceId), 404);
    expect(await named(name)).toEqual([]);

    expectStatus(await put('keyNO', 'x'.repeat(101), organisation()), 422);
    expectStatus(await put('keyNO', 'with%20space', organisation()), 422);
    expectStatus(await put('keyNO', 'a%2Fb', organisation()), 422);
    expectStatus(await put('keyNO', 'x'.repeat(100), organisation()), 201);
    const dotted = await put('keyNO', 'A.b_c:d-1', organisation());
    expectStatus(dotted, 201);
    expect((await getBySource('keyNO', 'A.b_c:d-1')).body.id).toBe(dotted.body.id);
    expectStatus(await getBySource('keyNO', 'a.b_c:d-1'), 404);
  });

  it('answers 409 for a business ID another organisation has, as POST does', async () => {
    const taken = businessId();
    expectStatus(
      await system.request('POST', '/api/v1/organisations', { body: organisation({ businessId: taken }), headers: bearer.admin }),
      201,
    );
    const sourceId = unique('bid');
    const conflict = await put('keyNO', sourceId, organisation({ businessId: taken }));
    expectStatus(conflict, 409);
    expect((conflict.body as unknown as { code: string }).code).toBe('ORGANISATION.DUPLICATE_BUSINESS_ID');
    expectStatus(await getBySource('keyNO', sourceId), 404);

    // Its own business ID it keeps; another one is refused on a replacement too.
    const own = businessId();
    const created = await put('keyNO', sourceId, organisation({ businessId: own }));
    expectStatus(created, 201);
    expectStatus(await put('keyNO', sourceId, organisation({ businessId: own })), 200);
    expectStatus(await put('keyNO', sourceId, organisation({ businessId: taken })), 409);
    expect((await getById(created.body.id)).body.businessId).toBe(own);
  });

  it('namespaces source ids per caller: another key, or a user, with the same id gets its own organisation', async () => {
    const sourceId = unique('123');
    const first = await put('keyNO', sourceId, organisation());
    const second = await put('keyNO2', sourceId, organisation());
    const person = await put('coordinatorNO', sourceId, organisation());
    expectStatus(first, 201);
    expectStatus(second, 201);
    expectStatus(person, 201);
    expect(new Set([first.body.id, second.body.id, person.body.id]).size).toBe(3);
    expect((await getBySource('keyNO', sourceId)).body.id).toBe(first.body.id);
    expect((await getBySource('keyNO2', sourceId)).body.id).toBe(second.body.id);
    expect((await getBySource('coordinatorNO', sourceId)).body.id).toBe(person.body.id);
    expectStatus(await getBySource('admin', sourceId), 404);
  });

  it.each([1, 2, 3])('creates exactly one organisation for 10 concurrent first PUTs of one source id (round %i)', async () => {
    const sourceId = unique('parallel');
    const body = organisation({ businessId: businessId() });
    const answers = await Promise.all(Array.from({ length: 10 }, () => put('keyNO', sourceId, body)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.version))).toEqual(new Set([1]));
    const found = await named(body.name.fi);
    expect(found.map((o) => o.id)).toEqual([answers[0].body.id]);
    expect(await settledEventsOf(answers[0].body.id)).toEqual(['organisations.organisation.registered.v1']);
  });

  it('answers 404 for the source id of a removed organisation and does not bring it back', async () => {
    const sourceId = unique('removed');
    const created = await put('keyNO', sourceId, organisation());
    expectStatus(created, 201);
    expectStatus(await system.request('DELETE', `/api/v1/organisations/${created.body.id}`, { headers: bearer.admin }), 204);
    const again = await put('keyNO', sourceId, organisation());
    expectStatus(again, 404);
    expect(again.body).toMatchObject({ removedId: created.body.id });
    expectStatus(await getBySource('keyNO', sourceId), 404);
  });
});

describe('GET /api/v1/organisations/source/{sourceId}', () => {
  it('reads the caller’s own mapping with its ETag; 404 for none', async () => {
    const sourceId = unique('read');
    const created = await put('keyNO', sourceId, organisation());
    expectStatus(created, 201);
    const found = await getBySource('keyNO', sourceId);
    expectStatus(found, 200);
    expect(found.headers.get('etag')).toBe('"1"');
    expect(found.body).toEqual(created.body);
    expectStatus(await getBySource('keyNO', unique('never')), 404);
    expectStatus(await getBySource('keyNO', 'with%20space'), 404);
    expectStatus(await system.request('GET', `/api/v1/organisations/source/${sourceId}`, { auth: false }), 401);
  });
});

describe('rotating the API key (POST /api/v1/api-keys/{id}/rotate)', () => {
  it('keeps its source-id bindings; the old secret works through the grace period only; a revoked key cannot be rotated', async () => {
    const created = await system.request<{ id: string; key: string }>('POST', '/api/v1/api-keys', {
      body: { name: 'rotating sync', regions: ['17'], access: 'read-write' },
    });
    expectStatus(created, 201);
    const oldSecret = { authorization: `Bearer ${created.body.key}` };
    const sourceId = unique('rotating');
    const first = await system.request<Organisation>('PUT', `/api/v1/organisations/source/${sourceId}`, {
      body: organisation(),
      headers: oldSecret,
    });
    expectStatus(first, 201);

    const rotated = await system.request<{ id: string; key: string; expiresAt: string }>(
      'POST',
      `/api/v1/api-keys/${created.body.id}/rotate`,
      { body: { previousValidForHours: 1 } },
    );
    expectStatus(rotated, 200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body.id).toBe(created.body.id);
    expect(rotated.body.key).not.toBe(created.body.key);
    const newSecret = { authorization: `Bearer ${rotated.body.key}` };

    // Same key id: the binding is found with the new secret, and the old one still works meanwhile.
    const bound = await system.request<Organisation>('GET', `/api/v1/organisations/source/${sourceId}`, { headers: newSecret });
    expectStatus(bound, 200);
    expect(bound.body.id).toBe(first.body.id);
    expectStatus(await system.request('GET', `/api/v1/organisations/source/${sourceId}`, { headers: oldSecret }), 200);

    // Rotating with no grace: the secret before stops at once.
    const again = await system.request<{ key: string }>('POST', `/api/v1/api-keys/${created.body.id}/rotate`, {
      body: { previousValidForHours: 0 },
    });
    expectStatus(again, 200);
    expectStatus(await system.request('GET', `/api/v1/organisations/source/${sourceId}`, { headers: newSecret }), 401);
    expectStatus(await system.request('GET', `/api/v1/organisations/source/${sourceId}`, { headers: oldSecret }), 401);
    expectStatus(
      await system.request('GET', `/api/v1/organisations/source/${sourceId}`, { headers: { authorization: `Bearer ${again.body.key}` } }),
      200,
    );

    expectStatus(await system.request('POST', `/api/v1/api-keys/${created.body.id}/rotate`, { body: { previousValidForHours: 500 } }), 422);
    expectStatus(await system.request('POST', '/api/v1/api-keys/key_0000000000/rotate', { body: {} }), 404);
    expectStatus(
      await system.request('POST', `/api/v1/api-keys/${created.body.id}/rotate`, {
        body: {},
        headers: { authorization: `Bearer ${again.body.key}` },
      }),
      403,
    );
    expectStatus(await system.request('DELETE', `/api/v1/api-keys/${created.body.id}`), 204);
    const refused = await system.request<{ code: string }>('POST', `/api/v1/api-keys/${created.body.id}/rotate`, { body: {} });
    expectStatus(refused, 409);
    expect(refused.body.code).toBe('API_KEY.REVOKED');
  });
});
