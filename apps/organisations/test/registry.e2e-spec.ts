import { TestSystem, connectTestDatabase, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/**
 * The organisations register through the gateway, on the real infrastructure: vocabularies, the
 * richer organisation record, every list filter including diacritic-insensitive name search,
 * deletion with tombstones, and the incremental sync round trip.
 */

interface Organisation {
  id: string;
  version: number;
  name: { fi: string; sv?: string; en?: string };
  themes: string[];
  lifeStages: string[];
  municipalities: string[];
  status: string;
  updatedAt: string;
  postalAddress?: { street: string; postalCode: string; postOffice: string };
  associationRegisterNumber?: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Change {
  id: string;
  version: number;
  updatedAt: string;
  deleted: boolean;
}

let system: TestSystem;

beforeAll(async () => {
  system = await TestSystem.start('registry', ['gateway', 'organisations', 'villages']);
});

afterAll(async () => {
  await system?.stop();
});

async function create(body: Record<string, unknown>): Promise<Organisation> {
  const res = await system.request<Organisation>('POST', '/api/v1/organisations', {
    body: { kind: 'association', municipalities: ['615'], ...body },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body;
}

async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: ApiResponse<Page<T>> = await system.request('GET', `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

const names = (orgs: Organisation[]) => orgs.map((o) => o.name.fi).sort();

describe('vocabularies', () => {
  it('serves themes and life stages with fi/sv/en labels, kinds and the official municipalities', async () => {
    const res = await system.request<{
      themes: { code: string; label: Record<string, string> }[];
      lifeStages: { code: string }[];
      municipalities: { code: string; name: string }[];
      organisationKinds: string[];
    }>('GET', '/api/v1/vocabularies');
    expect(res.status).toBe(200);
    expect(res.body.themes.find((t) => t.code === 'loneliness')?.label).toEqual({
      fi: 'Yksinäisyyden ehkäisy',
      sv: 'Förebyggande av ensamhet',
      en: 'Preventing loneliness',
    });
    expect(res.body.lifeStages.map((l) => l.code)).toContain('older-people');
    expect(res.body.municipalities).toContainEqual({ code: '615', name: 'Pudasjärvi', region: '17' });
    expect(res.body.municipalities).toHaveLength(51);
    expect(res.body.organisationKinds).toContain('leader-action-group');
  });
});

describe('organisation record and filters', () => {
  let pudasjarvi: Organisation;

  beforeAll(async () => {
    pudasjarvi = await create({
      name: { fi: 'Pudasjärven Eläkeläiset ry', sv: 'Pudasjärvi pensionärer rf' },
      themes: ['loneliness', 'physical-activity'],
      lifeStages: ['older-people'],
      postalAddress: { street: 'Varsitie 7', postalCode: '93100', postOffice: 'Pudasjärvi' },
      associationRegisterNumber: '123.456',
    });
    await create({ name: { fi: 'Ähtärin Nuorisoseura ry' }, municipalities: ['320'], themes: ['culture'], lifeStages: ['young-people'] });
    await create({
      name: { fi: 'Kemijärven Perhekahvila' },
      kind: 'parish',
      municipalities: ['320'],
      themes: ['inclusion'],
      lifeStages: ['families-with-children'],
    });
    await create({
      name: { fi: 'Iin Kyläyhdistys ry', en: 'Ii Village Association' },
      municipalities: ['139'],
      themes: ['village-development'],
      lifeStages: ['all-ages'],
    });
    const archived = await create({ name: { fi: 'Lopettanut Yhdistys ry' }, municipalities: ['139'] });
    expect((await system.request('PATCH', `/api/v1/organisations/${archived.id}`, { body: { status: 'archived' } })).status).toBe(200);
  });

  it('stores and returns the full record, themes and life stages sorted', async () => {
    const res = await system.request<Organisation>('GET', `/api/v1/organisations/${pudasjarvi.id}`);
    expect(res.body).toEqual(
      expect.objectContaining({
        themes: ['loneliness', 'physical-activity'],
        lifeStages: ['older-people'],
        postalAddress: { street: 'Varsitie 7', postalCode: '93100', postOffice: 'Pudasjärvi' },
        associationRegisterNumber: '123.456',
      }),
    );
    expect(res.text).not.toContain('searchText');
  });

  it.each([
    ['q=pudasjarvi (diacritics ignored)', 'q=pudasjarvi', ['Pudasjärven Eläkeläiset ry']],
    ['q=ahtari finds Ähtäri', 'q=ahtari', ['Ähtärin Nuorisoseura ry']],
    ['q=PENSIONÄRER (Swedish name, any case)', 'q=PENSION%C3%84RER', ['Pudasjärven Eläkeläiset ry']],
    ['q=village (English name)', 'q=village', ['Iin Kyläyhdistys ry']],
    ['q with regex characters is literal', 'q=ry.*', []],
    ['theme', 'theme=culture', ['Ähtärin Nuorisoseura ry']],
    ['life stage', 'lifeStage=older-people', ['Pudasjärven Eläkeläiset ry']],
    ['kind', 'kind=parish', ['Kemijärven Perhekahvila']],
    ['municipality', 'municipality=139', ['Iin Kyläyhdistys ry', 'Lopettanut Yhdistys ry']],
    ['region', 'region=19', ['Kemijärven Perhekahvila', 'Ähtärin Nuorisoseura ry']],
    ['status', 'status=archived', ['Lopettanut Yhdistys ry']],
    ['filters combine', 'region=17&lifeStage=all-ages', ['Iin Kyläyhdistys ry']],
  ])('filters by %s', async (_name, query, expected) => {
    expect(names(await all<Organisation>(`/api/v1/organisations?${query}`))).toEqual([...expected].sort());
  });

  it('pages in a stable order without gaps or repeats', async () => {
    const one = await all<Organisation>('/api/v1/organisations?limit=1');
    const many = await all<Organisation>('/api/v1/organisations?limit=200');
    expect(one.map((o) => o.id)).toEqual(many.map((o) => o.id));
    expect(new Set(one.map((o) => o.id)).size).toBe(one.length);
  });
});

describe('deletion and incremental sync', () => {
  it('mirrors the register from a timestamp: created, updated and deleted records', async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const a = await create({ name: { fi: 'Synkka A ry' }, municipalities: ['047'] });
    const b = await create({ name: { fi: 'Synkka B ry' }, municipalities: ['047'], businessId: '1572860-0' });
    const c = await create({ name: { fi: 'Synkka C ry' }, municipalities: ['047'] });
    expect((await system.request('PATCH', `/api/v1/organisations/${a.id}`, { body: { themes: ['safety'] } })).status).toBe(200);
    expect((await system.request('DELETE', `/api/v1/organisations/${b.id}`)).status).toBe(204);

    const changes = await all<Change>(`/api/v1/organisations/changes?updatedSince=${encodeURIComponent(since)}`);
    expect(changes.map((ch) => [ch.id, ch.version, ch.deleted])).toEqual([
      [c.id, 1, false],
      [a.id, 2, false],
      [b.id, 2, true],
    ]);
    const sorted = [...changes].sort((x, y) =>
      x.updatedAt === y.updatedAt ? x.id.localeCompare(y.id) : x.updatedAt.localeCompare(y.updatedAt),
    );
    expect(changes).toEqual(sorted);
    // The same feed one item per page.
    expect(await all<Change>(`/api/v1/organisations/changes?limit=1&updatedSince=${encodeURIComponent(since)}`)).toEqual(changes);

    // A mirror built from the feed equals the register.
    const mirror = new Map<string, Organisation>();
    for (const ch of changes) {
      if (ch.deleted) mirror.delete(ch.id);
      else mirror.set(ch.id, (await system.request<Organisation>('GET', `/api/v1/organisations/${ch.id}`)).body);
    }
    const register = (await all<Organisation>('/api/v1/organisations?municipality=047')).filter((o) => o.name.fi.startsWith('Synkka'));
    expect([...mirror.values()].sort((x, y) => x.id.localeCompare(y.id))).toEqual(register.sort((x, y) => x.id.localeCompare(y.id)));

    // Full records changed since, without tombstones.
    const full = await all<Organisation>(`/api/v1/organisations?updatedSince=${encodeURIComponent(since)}`);
    expect(full.map((o) => o.id)).toEqual([c.id, a.id]);
  });

  it('a deleted organisation is gone (404), cannot be changed, frees its business ID, and leaves the projections', async () => {
    const org = await create({ name: { fi: 'Poistettava ry' }, businessId: '0737546-2' });
    expect((await system.request('DELETE', `/api/v1/organisations/${org.id}`, { headers: { 'if-match': '"9"' } })).status).toBe(412);
    expect((await system.request('DELETE', `/api/v1/organisations/${org.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await system.request('GET', `/api/v1/organisations/${org.id}`)).status).toBe(404);
    expect((await system.request('PATCH', `/api/v1/organisations/${org.id}`, { body: { name: { fi: 'Herää' } } })).status).toBe(404);
    expect((await system.request('DELETE', `/api/v1/organisations/${org.id}`)).status).toBe(404);
    expect((await system.request('GET', '/api/v1/organisations?q=poistettava')).body).toEqual({ items: [], nextCursor: null });
    const again = await system.request('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: 'Oikea ry' }, municipalities: ['615'], businessId: '0737546-2' },
    });
    expect(again.status).toBe(201);
    const villages = await connectTestDatabase(system.databaseName('villages'));
    try {
      await eventually(
        async () => (await villages.collection('organisation_directory').findOne({ _id: org.id as never }))?.deleted === true,
        'villages to drop the organisation',
        30000,
      );
    } finally {
      await villages.close();
    }
  });

  it('a coordinator of another region cannot delete (403) and nothing changes', async () => {
    const org = await create({ name: { fi: 'Suojattu ry' } });
    const user = await system.request<{ id: string }>('POST', '/api/v1/users', {
      body: {
        username: `lapland.${Date.now()}@example.fi`,
        displayName: 'L',
        roles: ['coordinator'],
        regions: ['19'],
        password: 'a-long-enough-password',
      },
    });
    expect(user.status).toBe(201);
    const tokens = await system.logIn(
      (await system.request<{ username: string }>('GET', `/api/v1/users/${user.body.id}`)).body.username,
      'a-long-enough-password',
    );
    const res = await system.request('DELETE', `/api/v1/organisations/${org.id}`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(res.status).toBe(403);
    expect((await system.request<Organisation>('GET', `/api/v1/organisations/${org.id}`)).body.version).toBe(1);
  });
});

describe('archiving', () => {
  it('publishes organisation.archived.v1 with the updated event of the same version', async () => {
    const org = await create({ name: { fi: 'Arkistoitava ry' } });
    expect((await system.request('PATCH', `/api/v1/organisations/${org.id}`, { body: { status: 'archived' } })).status).toBe(200);
    const topic = `${system.topicPrefix}yp.organisations.events`;
    const events = await eventually(
      async () => {
        const all = (await readTopic(topic)).map(
          (m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { type: string; subject: string; aggregateversion: number },
        );
        const mine = all.filter((e) => e.subject === org.id);
        return mine.length >= 3 ? mine : undefined;
      },
      'the archive events',
      20000,
    );
    expect(events.map((e) => [e.type, e.aggregateversion])).toEqual([
      ['organisations.organisation.registered.v1', 1],
      ['organisations.organisation.updated.v1', 2],
      ['organisations.organisation.archived.v1', 2],
    ]);
    // Making it active again is an update only.
    expect((await system.request('PATCH', `/api/v1/organisations/${org.id}`, { body: { status: 'active' } })).status).toBe(200);
  });
});

describe('business IDs stay unique across changes', () => {
  it('a refused change claims nothing, and a changed business ID frees the old one', async () => {
    const org = await create({ name: { fi: 'Tunnuksen vaihtaja ry' }, businessId: '1234567-1' });
    const user = await system.request<{ id: string }>('POST', '/api/v1/users', {
      body: {
        username: `la.bid.${Date.now()}@example.fi`,
        displayName: 'L',
        roles: ['coordinator'],
        regions: ['19'],
        password: 'a-long-enough-password',
      },
    });
    const tokens = await system.logIn(
      (await system.request<{ username: string }>('GET', `/api/v1/users/${user.body.id}`)).body.username,
      'a-long-enough-password',
    );
    const refused = await system.request('PATCH', `/api/v1/organisations/${org.id}`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
      body: { businessId: '7654321-2' },
    });
    expect(refused.status).toBe(403);
    // The refused writer's business ID is still free for anyone else.
    expect(
      (
        await system.request('POST', '/api/v1/organisations', {
          body: { kind: 'association', name: { fi: 'Vapaan tunnuksen ry' }, municipalities: ['615'], businessId: '7654321-2' },
        })
      ).status,
    ).toBe(201);
    // A stale write releases the ID it claimed.
    expect(
      (
        await system.request('PATCH', `/api/v1/organisations/${org.id}`, {
          headers: { 'if-match': '"9"' },
          body: { businessId: '3333333-8' },
        })
      ).status,
    ).toBe(412);
    expect(
      (
        await system.request('POST', '/api/v1/organisations', {
          body: { kind: 'association', name: { fi: 'Toinen vapaa ry' }, municipalities: ['615'], businessId: '3333333-8' },
        })
      ).status,
    ).toBe(201);
    // Changing the ID frees the old one.
    expect((await system.request('PATCH', `/api/v1/organisations/${org.id}`, { body: { businessId: '2222222-9' } })).status).toBe(200);
    expect(
      (
        await system.request('POST', '/api/v1/organisations', {
          body: { kind: 'association', name: { fi: 'Vanhan tunnuksen ry' }, municipalities: ['615'], businessId: '1234567-1' },
        })
      ).status,
    ).toBe(201);
  });
});

describe('invalid register input: 4xx problem+json, nothing stored', () => {
  const base = { kind: 'association', name: { fi: 'Virheellinen ry' }, municipalities: ['615'] };
  it.each([
    ['an unknown theme', { ...base, themes: ['astrology'] }, 422, 'themes'],
    ['an unknown life stage', { ...base, lifeStages: ['teenagers'] }, 422, 'lifeStages'],
    ['themes not an array', { ...base, themes: 'culture' }, 422, 'themes'],
    ['a repeated theme', { ...base, themes: ['culture', 'culture'] }, 422, 'themes'],
    [
      'a four-digit postal code',
      { ...base, postalAddress: { street: 'Tie 1', postalCode: '9310', postOffice: 'Pudasjärvi' } },
      422,
      'postalAddress.postalCode',
    ],
    [
      'an address without a post office',
      { ...base, postalAddress: { street: 'Tie 1', postalCode: '93100' } },
      422,
      'postalAddress.postOffice',
    ],
    [
      'an over-long street',
      { ...base, postalAddress: { street: 'x'.repeat(201), postalCode: '93100', postOffice: 'P' } },
      422,
      'postalAddress.street',
    ],
    [
      'an unknown address field',
      { ...base, postalAddress: { street: 'Tie 1', postalCode: '93100', postOffice: 'P', country: 'SE' } },
      422,
      'country',
    ],
    ['a malformed association register number', { ...base, associationRegisterNumber: '12-345' }, 422, 'associationRegisterNumber'],
    ['a server-owned searchText', { ...base, searchText: 'x' }, 422, 'searchText'],
    ['a server-owned deletedAt', { ...base, deletedAt: '2026-01-01T00:00:00Z' }, 422, 'deletedAt'],
    ['an operator in themes', { ...base, themes: [{ $ne: null }] }, 400, ''],
  ])('registering with %s', async (_name, body, status, field) => {
    const before = (await all<Organisation>('/api/v1/organisations')).length;
    const res = await system.request<{ code: string; errors?: { field: string }[] }>('POST', '/api/v1/organisations', { body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    if (field) expect(JSON.stringify(res.body)).toContain(field);
    expect((await all<Organisation>('/api/v1/organisations')).length).toBe(before);
  });

  it.each([
    ['name', { name: null }],
    ['kind', { kind: null }],
    ['municipalities', { municipalities: null }],
    ['themes', { themes: null }],
  ])('a PATCH clearing the required %s with null is a 422 and changes nothing', async (field, body) => {
    const org = await create({ name: { fi: `Nollattava ${field} ry` } });
    const res = await system.request('PATCH', `/api/v1/organisations/${org.id}`, { body });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`${field} cannot be null`);
    expect((await system.request<Organisation>('GET', `/api/v1/organisations/${org.id}`)).body.version).toBe(1);
  });

  it.each([
    ['an unknown theme filter', '/api/v1/organisations?theme=astrology', 422],
    ['an unknown life-stage filter', '/api/v1/organisations?lifeStage=teenagers', 422],
    ['a one-letter search', '/api/v1/organisations?q=a', 422],
    ['an over-long search', `/api/v1/organisations?q=${'a'.repeat(101)}`, 422],
    ['a malformed updatedSince', '/api/v1/organisations?updatedSince=yesterday', 422],
    ['a malformed updatedSince on the feed', '/api/v1/organisations/changes?updatedSince=2026-13-45', 422],
    ['a forged feed cursor', '/api/v1/organisations/changes?cursor=bm90LWEtY3Vyc29y', 400],
    ['an operator in a filter', '/api/v1/organisations?theme[$ne]=x', 400],
  ])('listing with %s', async (_name, path, status) => {
    const res = await system.request('GET', path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
