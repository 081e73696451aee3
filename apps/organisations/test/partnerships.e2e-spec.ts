import { TestSystem, connectTestDatabase, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/**
 * Partnership agreements through the gateway on the real infrastructure: create, read, list with
 * filters, partial updates with If-Match, the status lifecycle, region-scoped writes with public
 * reads, deletion of an agreement recorded by mistake, and invalid input refused with nothing stored.
 * The handlers' rules in detail (no-op patches, every status transition, partners, dates, deletion in
 * any status) are in the integration specs beside each handler (apps/organisations/src/partnerships/commands/).
 */

interface Partnership {
  id: string;
  version: number;
  municipality: string;
  region: string;
  partnerOrganisationIds: string[];
  title: { fi: string; sv?: string };
  themes: string[];
  startsOn: string;
  endsOn?: string;
  status: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const PASSWORD = 'a-long-enough-password';
let system: TestSystem;
const bearer: Record<'coordinatorLA' | 'coordinatorNO' | 'admin' | 'keyLA' | 'readKeyLA' | 'keyNO', { authorization: string }> =
  {} as never;
let organisationLA: string;
let organisationNO: string;
let deletedOrganisation: string;

async function user(username: string, regions: string[]): Promise<string> {
  const res = await system.request('POST', '/api/v1/users', {
    body: { username, displayName: username, roles: ['coordinator'], regions, password: PASSWORD },
  });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return (await system.logIn(username, PASSWORD)).accessToken;
}

async function apiKey(regions: string[], access: 'read' | 'read-write'): Promise<string> {
  const res = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
    body: { name: `partnerships ${regions.join('+')} ${access}`, regions, access },
  });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${res.text}`);
  return res.body.key;
}

async function organisation(name: string, municipality: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
    body: { kind: 'association', name: { fi: name }, municipalities: [municipality] },
  });
  if (res.status !== 201) throw new Error(`organisation: ${res.status} ${res.text}`);
  return res.body.id;
}

const as = (who: keyof typeof bearer, extra: Record<string, unknown> = {}) => ({ headers: bearer[who], ...extra });

const partnership = (extra: Record<string, unknown> = {}) => ({
  municipality: '320',
  partnerOrganisationIds: [organisationLA],
  title: { fi: 'Kemijärven kumppanuussopimus', sv: 'Kemijärvi partnerskapsavtal' },
  description: { fi: 'Yhteistyö kylätalojen ylläpidosta.' },
  themes: ['loneliness'],
  startsOn: '2027-01-01',
  endsOn: '2028-12-31',
  ...extra,
});

async function create(extra: Record<string, unknown> = {}, who: keyof typeof bearer = 'coordinatorLA'): Promise<Partnership> {
  const res = await system.request<Partnership>('POST', '/api/v1/partnerships', as(who, { body: partnership(extra) }));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body;
}

const get = (id: string, who: keyof typeof bearer = 'coordinatorLA') =>
  system.request<Partnership>('GET', `/api/v1/partnerships/${id}`, as(who));
const patch = (id: string, body: unknown, who: keyof typeof bearer = 'coordinatorLA', headers: Record<string, string> = {}) =>
  system.request<Partnership>('PATCH', `/api/v1/partnerships/${id}`, { headers: { ...bearer[who], ...headers }, body });
const remove = (id: string, who: keyof typeof bearer = 'coordinatorLA', headers: Record<string, string> = {}) =>
  system.request('DELETE', `/api/v1/partnerships/${id}`, { headers: { ...bearer[who], ...headers } });
const listIds = async (query: string, who: keyof typeof bearer = 'admin') =>
  (await system.request<Page<Partnership>>('GET', `/api/v1/partnerships?limit=200&${query}`, as(who))).body.items.map((p) => p.id);

beforeAll(async () => {
  system = await TestSystem.start('partnerships', ['gateway', 'organisations']);
  bearer.admin = { authorization: `Bearer ${await system.token_()}` };
  bearer.coordinatorLA = { authorization: `Bearer ${await user('coord.la@example.fi', ['19'])}` };
  bearer.coordinatorNO = { authorization: `Bearer ${await user('coord.no@example.fi', ['17'])}` };
  bearer.keyLA = { authorization: `Bearer ${await apiKey(['19'], 'read-write')}` };
  bearer.readKeyLA = { authorization: `Bearer ${await apiKey(['19'], 'read')}` };
  bearer.keyNO = { authorization: `Bearer ${await apiKey(['17'], 'read-write')}` };
  organisationLA = await organisation('Kemijärven Kyläyhdistys ry', '320');
  organisationNO = await organisation('Pudasjärven Kyläyhdistys ry', '615');
  deletedOrganisation = await organisation('Lakkautettu yhdistys ry', '320');
  const deleted = await system.request('DELETE', `/api/v1/organisations/${deletedOrganisation}`);
  if (deleted.status !== 204) throw new Error(`delete: ${deleted.status} ${deleted.text}`);
});

afterAll(async () => {
  await system?.stop();
});

describe('create and read', () => {
  it('creates a draft with Location and ETag; the region is derived; everyone reads it', async () => {
    const res = await system.request<Partnership>(
      'POST',
      '/api/v1/partnerships',
      as('coordinatorLA', { body: partnership({ themes: ['loneliness', 'digital-skills'] }) }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/partnerships/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual(
      expect.objectContaining({
        municipality: '320',
        region: '19',
        status: 'draft',
        version: 1,
        partnerOrganisationIds: [organisationLA],
        themes: ['digital-skills', 'loneliness'],
      }),
    );
    expect(res.body.id).toMatch(/^prt_[a-f0-9]{32}$/);
    // Public register data: the other region reads it too.
    const read = await get(res.body.id, 'coordinatorNO');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.title.fi).toBe('Kemijärven kumppanuussopimus');
  });

  it('an unknown or malformed id is a 404', async () => {
    expect((await get('prt_00000000000000000000000000000000')).status).toBe(404);
    expect((await get('not-an-id')).status).toBe(404);
  });
});

describe('list filters and pagination', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.la = (await create({ title: { fi: 'Suodatus LA' }, themes: ['living-at-home'] })).id;
    ids.no = (
      await create(
        {
          title: { fi: 'Suodatus NO' },
          municipality: '615',
          partnerOrganisationIds: [organisationNO, organisationLA],
          themes: ['digital-skills'],
        },
        'coordinatorNO',
      )
    ).id;
    ids.active = (
      await create({ title: { fi: 'Suodatus aktiivinen' }, municipality: '615', partnerOrganisationIds: [organisationNO] }, 'coordinatorNO')
    ).id;
    expect((await patch(ids.active, { status: 'active' }, 'coordinatorNO')).status).toBe(200);
  });

  it.each([
    ['municipality', 'municipality=615', ['no', 'active']],
    ['region', 'region=17', ['no', 'active']],
    ['partner organisation', `organisationId=ORG_NO`, ['no', 'active']],
    ['theme', 'theme=digital-skills&region=17', ['no']],
    ['status', 'status=active', ['active']],
  ])('by %s', async (_name, query, expected) => {
    const q = query.replace('ORG_NO', organisationNO);
    expect((await listIds(q, 'coordinatorLA')).sort()).toEqual(expected.map((k) => ids[k]).sort());
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const all = await listIds('');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse<Page<Partnership>> = await system.request<Page<Partnership>>(
        'GET',
        `/api/v1/partnerships?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });
});

describe('updates', () => {
  it('a PATCH with the current If-Match changes it; a stale one is a 412 and changes nothing', async () => {
    const p = await create();
    const ok = await patch(p.id, { title: { fi: 'Uusi otsikko' }, endsOn: null }, 'coordinatorLA', { 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(ok.body.title.fi).toBe('Uusi otsikko');
    expect(ok.body.endsOn).toBeUndefined();
    const stale = await patch(p.id, { title: { fi: 'Myöhässä' } }, 'coordinatorLA', { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await get(p.id)).body).toEqual(expect.objectContaining({ version: 2, title: { fi: 'Uusi otsikko' } }));
  });
});

describe('status lifecycle', () => {
  it('draft → active → ended; an ended one cannot become active again (409)', async () => {
    const p = await create();
    expect((await patch(p.id, { status: 'active' })).body).toEqual(expect.objectContaining({ status: 'active', version: 2 }));
    expect((await patch(p.id, { status: 'ended' })).body).toEqual(expect.objectContaining({ status: 'ended', version: 3 }));
    const refused = await patch(p.id, { status: 'active' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect((refused.body as unknown as { code: string }).code).toBe('PARTNERSHIP.BAD_TRANSITION');
    expect((await get(p.id)).body).toEqual(expect.objectContaining({ status: 'ended', version: 3 }));

    // Each version published one organisations.partnership.changed.v1 with the agreement after it;
    // the refused transition published nothing.
    const events = await eventually(async () => {
      const mine = (await readTopic(`${system.topicPrefix}yp.organisations.events`))
        .map(
          (m) =>
            JSON.parse(m.value?.toString('utf8') ?? 'null') as {
              type: string;
              subject: string;
              aggregateversion: number;
              data: { status: string; regions: string[] };
            },
        )
        .filter((e) => e.subject === p.id);
      return mine.length >= 3 ? mine : undefined;
    }, 'the partnership events');
    expect(events.map((e) => [e.type, e.aggregateversion, e.data.status])).toEqual([
      ['organisations.partnership.changed.v1', 1, 'draft'],
      ['organisations.partnership.changed.v1', 2, 'active'],
      ['organisations.partnership.changed.v1', 3, 'ended'],
    ]);
    expect(events[0]?.data.regions).toEqual([p.region]);
  });
});

describe('region rules', () => {
  it('a coordinator of the other region cannot create or change (403), nothing changes; they still read', async () => {
    const p = await create();
    const before = (await listIds('')).length;
    const created = await system.request('POST', '/api/v1/partnerships', as('coordinatorNO', { body: partnership() }));
    expect(created.status).toBe(403);
    expect(created.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await listIds('')).length).toBe(before);
    expect((await patch(p.id, { title: { fi: 'Kaapattu' } }, 'coordinatorNO')).status).toBe(403);
    expect((await patch(p.id, { status: 'cancelled' }, 'coordinatorNO')).status).toBe(403);
    // Moving it into a region the writer cannot write is refused too.
    expect((await patch(p.id, { municipality: '615' }, 'coordinatorLA')).status).toBe(403);
    const read = await get(p.id, 'coordinatorNO');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ version: 1, status: 'draft', municipality: '320' }));
  });
});

interface ChangedEvent {
  type: string;
  subject: string;
  aggregateversion: number;
  data: { status: string; regions: string[]; updatedAt: string; deletedAt?: string };
}

/** The partnership.changed events of one agreement once `count` of them are on the topic, in topic order. */
async function eventsOf(id: string, count: number): Promise<ChangedEvent[]> {
  return eventually(async () => {
    const mine = (await readTopic(`${system.topicPrefix}yp.organisations.events`))
      .map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as ChangedEvent)
      .filter((e) => e.subject === id);
    return mine.length >= count ? mine : undefined;
  }, `${count} events of ${id}`);
}

/** The stored state document, tombstones included (the API never shows a deleted one). */
async function storedState(id: string): Promise<{ version: number; state: { deletedAt?: string; status: string } } | null> {
  const db = await connectTestDatabase(system.databaseName('organisations'));
  try {
    return await db
      .collection<{ _id: string; version: number; state: { deletedAt?: string; status: string } }>('partnerships')
      .findOne({ _id: id });
  } finally {
    await db.close();
  }
}

describe('deletion of an agreement recorded by mistake', () => {
  const problemCode = (res: ApiResponse) => (res.body as { code?: string }).code;

  it('an active agreement is deleted (204): then 404 to everyone, gone from lists, no PATCH or DELETE; a tombstone stays and the deletion is published', async () => {
    const p = await create({ title: { fi: 'Väärin kirjattu' }, themes: ['digital-skills'] });
    expect((await patch(p.id, { status: 'active' })).status).toBe(200);
    const deleted = await remove(p.id, 'coordinatorLA', { 'if-match': '"2"' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    for (const who of ['coordinatorLA', 'coordinatorNO', 'admin'] as const) {
      const read = await get(p.id, who);
      expect(read.status).toBe(404);
      expect(read.headers.get('content-type')).toMatch(/problem\+json/);
      expect(problemCode(read)).toBe('PARTNERSHIP.NOT_FOUND');
    }
    expect(await listIds('')).not.toContain(p.id);
    expect(await listIds('status=active&municipality=320&theme=digital-skills')).not.toContain(p.id);
    expect(await listIds(`organisationId=${organisationLA}`)).not.toContain(p.id);
    const patched = await patch(p.id, { title: { fi: 'Herätetty' } });
    expect(patched.status).toBe(404);
    expect(problemCode(patched)).toBe('PARTNERSHIP.NOT_FOUND');
    // Deleting again is a 404, as for organisations; so is a stale or current If-Match.
    expect((await remove(p.id)).status).toBe(404);
    expect((await remove(p.id, 'admin', { 'if-match': '"3"' })).status).toBe(404);

    const stored = await storedState(p.id);
    expect(stored?.version).toBe(3);
    expect(stored?.state.status).toBe('active');
    expect(stored?.state.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const events = await eventsOf(p.id, 3);
    expect(events.map((e) => [e.type, e.aggregateversion, e.data.status, e.data.deletedAt !== undefined])).toEqual([
      ['organisations.partnership.changed.v1', 1, 'draft', false],
      ['organisations.partnership.changed.v1', 2, 'active', false],
      ['organisations.partnership.changed.v1', 3, 'active', true],
    ]);
    expect(events[2]?.data.deletedAt).toBe(stored?.state.deletedAt);
    expect(events[2]?.data.updatedAt).toBe(stored?.state.deletedAt);
    expect(events[2]?.data.regions).toEqual(['19']);
  });

  it('a stale If-Match is a 412 with the current version, and deletes nothing', async () => {
    const p = await create();
    expect((await patch(p.id, { title: { fi: 'Toinen versio' } })).status).toBe(200);
    const stale = await remove(p.id, 'coordinatorLA', { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/problem\+json/);
    expect(stale.body).toEqual(expect.objectContaining({ code: 'PARTNERSHIP.VERSION_MISMATCH', currentVersion: 2 }));
    const read = await get(p.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ version: 2, title: { fi: 'Toinen versio' } }));
    expect(await listIds('')).toContain(p.id);
    expect((await storedState(p.id))?.state.deletedAt).toBeUndefined();
    // W/"2" is the current version too.
    expect((await remove(p.id, 'coordinatorLA', { 'if-match': 'W/"2"' })).status).toBe(204);
  });

  it('the other region cannot delete (403, before If-Match), and nothing changes', async () => {
    const p = await create();
    for (const [who, headers] of [
      ['coordinatorNO', {}],
      ['coordinatorNO', { 'if-match': '"999"' }],
      ['keyNO', {}],
    ] as const) {
      const refused = await remove(p.id, who, headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(problemCode(refused)).toBe('PARTNERSHIP.REGION_FORBIDDEN');
    }
    const read = await get(p.id, 'coordinatorNO');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ version: 1, status: 'draft' }));
    expect(await listIds('region=19')).toContain(p.id);
    expect((await storedState(p.id))?.state.deletedAt).toBeUndefined();
  });

  it('keys: a read-only key of the region is refused (403); a read-write key of the region and an admin delete', async () => {
    const p = await create();
    const readOnly = await remove(p.id, 'readKeyLA');
    expect(readOnly.status).toBe(403);
    expect(readOnly.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await get(p.id)).body.version).toBe(1);
    expect((await remove(p.id, 'keyLA')).status).toBe(204);
    expect((await get(p.id)).status).toBe(404);

    const north = await create({ municipality: '615', partnerOrganisationIds: [organisationNO] }, 'coordinatorNO');
    expect((await remove(north.id, 'admin')).status).toBe(204);
    expect((await get(north.id)).status).toBe(404);
  });

  it.each([
    ['an unknown id', 'prt_00000000000000000000000000000000'],
    ['a malformed id', 'not-an-id'],
    ['an id of another kind', 'org_00000000000000000000000000000000'],
  ])('%s is a 404', async (_name, id) => {
    const res = await remove(id, 'admin');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(problemCode(res)).toBe('PARTNERSHIP.NOT_FOUND');
  });
});

describe('partner organisations move with their agreements (incremental sync)', () => {
  const versionOf = async (id: string) => (await system.request<{ version: number }>('GET', `/api/v1/organisations/${id}`)).body.version;

  it('recording, changing and deleting an agreement gives every partner before and after it a new version, changedFields ["partnerships"]', async () => {
    const first = await organisation('Ensimmäinen kumppani ry', '320');
    const second = await organisation('Toinen kumppani ry', '320');
    const p = await create({ partnerOrganisationIds: [first] });
    expect([await versionOf(first), await versionOf(second)]).toEqual([2, 1]);
    // Replacing the partner moves both: the one that left and the one that joined.
    expect((await patch(p.id, { partnerOrganisationIds: [second] })).status).toBe(200);
    expect([await versionOf(first), await versionOf(second)]).toEqual([3, 2]);
    // A change of the agreement itself moves its partners; a PATCH that changes nothing does not.
    expect((await patch(p.id, { title: { fi: 'Uusi nimi' } })).status).toBe(200);
    expect((await patch(p.id, { title: { fi: 'Uusi nimi' } })).body.version).toBe(3);
    expect([await versionOf(first), await versionOf(second)]).toEqual([3, 3]);
    expect((await remove(p.id)).status).toBe(204);
    expect([await versionOf(first), await versionOf(second)]).toEqual([3, 4]);

    const moves = async (id: string, count: number) =>
      (await eventsOf(id, count)).filter((e) => e.type === 'organisations.organisation.updated.v1').map((e) => e.data as unknown);
    expect(await moves(first, 3)).toEqual([
      expect.objectContaining({ changedFields: ['partnerships'] }),
      expect.objectContaining({ changedFields: ['partnerships'] }),
    ]);
    expect(await moves(second, 4)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ changedFields: ['partnerships'] }) as unknown),
    );
  });
});

describe('invalid partnership input: 4xx problem+json, nothing stored', () => {
  it.each([
    ['an unknown municipality', () => ({ municipality: '999' }), 422, 'municipality'],
    ['an unknown partner', () => ({ partnerOrganisationIds: ['org_00000000000000000000000000000000'] }), 422, 'partnerOrganisationIds.0'],
    ['a deleted partner', () => ({ partnerOrganisationIds: [organisationLA, deletedOrganisation] }), 422, 'partnerOrganisationIds.1'],
    ['endsOn before startsOn', () => ({ startsOn: '2027-06-01', endsOn: '2027-05-31' }), 422, 'endsOn'],
    ['an unknown theme', () => ({ themes: ['karaoke'] }), 422, 'themes'],
    ['no partners', () => ({ partnerOrganisationIds: [] }), 422, 'partnerOrganisationIds'],
    [
      'too many partners',
      () => ({ partnerOrganisationIds: Array.from({ length: 51 }, (_, i) => `org_${i.toString(16).padStart(32, '0')}`) }),
      422,
      'partnerOrganisationIds',
    ],
    ['the same partner twice', () => ({ partnerOrganisationIds: [organisationLA, organisationLA] }), 422, 'partnerOrganisationIds'],
    ['a server-owned status', () => ({ status: 'active' }), 422, 'status'],
    ['a date that is not a date', () => ({ startsOn: '2027-02-30' }), 422, 'startsOn'],
    ['a timestamp instead of a date', () => ({ startsOn: '2027-01-01T00:00:00Z' }), 422, 'startsOn'],
    ['no title', () => ({ title: undefined }), 422, 'title'],
    // `$`-operators never reach a handler: the request hygiene refuses them with a 400.
    ['an operator in the partners', () => ({ partnerOrganisationIds: [{ $ne: null }] }), 400, 'REQUEST.FORBIDDEN_KEY'],
    ['an operator as the municipality', () => ({ municipality: { $gt: '' } }), 400, 'REQUEST.FORBIDDEN_KEY'],
    ['a pattern as the municipality', () => ({ municipality: '.*' }), 422, 'municipality'],
  ])('%s', async (_name, extra, status, field) => {
    const before = (await listIds('')).length;
    const res: ApiResponse = await system.request('POST', '/api/v1/partnerships', as('coordinatorLA', { body: partnership(extra()) }));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(JSON.stringify(res.body)).toContain(field);
    expect((await listIds('')).length).toBe(before);
  });

  it.each([
    ['an operator in a filter', 'municipality[$ne]=320'],
    ['an unknown status filter', 'status=signed'],
    ['a forged cursor', `cursor=${Buffer.from('org_00000000000000000000000000000000').toString('base64url')}`],
  ])('list: %s is a 4xx problem', async (_name, query) => {
    const res = await system.request('GET', `/api/v1/partnerships?${query}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
