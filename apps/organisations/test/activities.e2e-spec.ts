import { TestSystem, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/**
 * Activities through the gateway on the real infrastructure: drafts visible only within their
 * regions and never to keys, publishing and withdrawal with their events, scheduled publishing,
 * the organisation's modification time moving with its activities, filters and invalid input.
 */

interface Activity {
  id: string;
  version: number;
  organisationId: string;
  state: string;
  visible: boolean;
  name: { fi: string };
  type: string;
  updatedAt: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Envelope {
  type: string;
  subject: string;
  aggregateversion: number;
}

const PASSWORD = 'a-long-enough-password';
let system: TestSystem;
const bearer: Record<'coordinatorLA' | 'coordinatorNO' | 'keyLA' | 'admin', { authorization: string }> = {} as never;
let organisationLA: string;

async function user(username: string, regions: string[]): Promise<string> {
  const res = await system.request('POST', '/api/v1/users', { body: { username, displayName: username, roles: ['coordinator'], regions, password: PASSWORD } });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return (await system.logIn(username, PASSWORD)).accessToken;
}

const as = (who: keyof typeof bearer, extra: Record<string, unknown> = {}) => ({ headers: bearer[who], ...extra });

const activity = (extra: Record<string, unknown> = {}) => ({
  organisationId: organisationLA,
  name: { fi: 'Kylätalon kahvila', sv: 'Bystugans kafé' },
  type: 'meeting-place',
  deliveryModes: ['at-place'],
  location: { street: 'Kylätie 1', postalCode: '98100', postOffice: 'Kemijärvi' },
  themes: ['loneliness'],
  lifeStages: ['older-people'],
  municipalities: ['320'],
  villages: ['Isokylä'],
  schedule: { weekly: [{ day: 'tue', opens: '10:00', closes: '14:00' }] },
  cost: { free: true },
  languages: ['fi'],
  ...extra,
});

async function createDraft(extra: Record<string, unknown> = {}, who: keyof typeof bearer = 'coordinatorLA'): Promise<Activity> {
  const res = await system.request<Activity>('POST', '/api/v1/activities', as(who, { body: activity(extra) }));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body;
}

const get = (id: string, who: keyof typeof bearer) => system.request<Activity>('GET', `/api/v1/activities/${id}`, as(who));
const listIds = async (query: string, who: keyof typeof bearer) => (await system.request<Page<Activity>>('GET', `/api/v1/activities?limit=200&${query}`, as(who))).body.items.map((a) => a.id);
const eventsTopic = () => `${system.topicPrefix}yp.organisations.events`;
const decode = (value: Buffer | null) => JSON.parse(value?.toString('utf8') ?? 'null') as Envelope;
const eventsOf = async (subject: string) => (await readTopic(eventsTopic())).map((m) => decode(m.value)).filter((e) => e.subject === subject);

beforeAll(async () => {
  system = await TestSystem.start('activities');
  bearer.admin = { authorization: `Bearer ${await system.token_()}` };
  bearer.coordinatorLA = { authorization: `Bearer ${await user('coord.la@example.fi', ['19'])}` };
  bearer.coordinatorNO = { authorization: `Bearer ${await user('coord.no@example.fi', ['17'])}` };
  const key = await system.request<{ key: string }>('POST', '/api/v1/api-keys', { body: { name: 'LA sync', regions: ['19'], access: 'read-write' } });
  bearer.keyLA = { authorization: `Bearer ${key.body.key}` };
  const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', { body: { kind: 'association', name: { fi: 'Kemijärven Kyläyhdistys ry' }, municipalities: ['320'] } });
  organisationLA = org.body.id;
});

afterAll(async () => {
  await system?.stop();
});

describe('drafts and publishing', () => {
  it('a draft is visible to people of its region only, never to keys or other regions', async () => {
    const draft = await createDraft();
    expect(draft).toEqual(expect.objectContaining({ state: 'draft', visible: false, organisationId: organisationLA }));
    expect((await get(draft.id, 'coordinatorLA')).status).toBe(200);
    expect((await get(draft.id, 'admin')).status).toBe(200);
    expect((await get(draft.id, 'coordinatorNO')).status).toBe(404);
    expect((await get(draft.id, 'keyLA')).status).toBe(404);
    expect(await listIds('', 'coordinatorNO')).not.toContain(draft.id);
    expect(await listIds('', 'keyLA')).not.toContain(draft.id);
    expect(await listIds('', 'coordinatorLA')).toContain(draft.id);
    // Nothing about a draft goes on the event topic.
    expect(await eventsOf(draft.id)).toEqual([]);
  });

  it('publishing makes it visible to everyone and publishes the event; withdrawal hides it again', async () => {
    const draft = await createDraft({ name: { fi: 'Julkaistava kerho' }, type: 'group-or-club' });
    const published = await system.request<Activity>('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    expect(published.status).toBe(200);
    expect(published.body).toEqual(expect.objectContaining({ state: 'published', visible: true, version: 2 }));
    expect((await system.request<Activity>('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'))).body.version).toBe(2);
    for (const who of ['coordinatorNO', 'keyLA'] as const) expect((await get(draft.id, who)).status).toBe(200);

    // A change to a published activity republishes; the key sees the new name.
    const renamed = await system.request<Activity>('PATCH', `/api/v1/activities/${draft.id}`, as('keyLA', { body: { name: { fi: 'Uusi nimi' } } }));
    expect(renamed.status).toBe(200);
    expect((await get(draft.id, 'keyLA')).body.name.fi).toBe('Uusi nimi');

    const withdrawn = await system.request<Activity>('POST', `/api/v1/activities/${draft.id}/withdraw`, as('coordinatorLA'));
    expect(withdrawn.body).toEqual(expect.objectContaining({ state: 'withdrawn', visible: false, version: 4 }));
    expect((await get(draft.id, 'keyLA')).status).toBe(404);
    expect((await get(draft.id, 'coordinatorNO')).status).toBe(404);

    await eventually(async () => (await eventsOf(draft.id)).length === 3, 'three activity events', 20000);
    expect((await eventsOf(draft.id)).map((e) => [e.type, e.aggregateversion])).toEqual([
      ['organisations.activity.published.v1', 2],
      ['organisations.activity.published.v1', 3],
      ['organisations.activity.withdrawn.v1', 4],
    ]);
  });

  it('a draft cannot be withdrawn (409); a stale If-Match is a 412', async () => {
    const draft = await createDraft();
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/withdraw`, as('coordinatorLA'))).status).toBe(409);
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA', { headers: { ...bearer.coordinatorLA, 'if-match': '"7"' } }))).status).toBe(412);
    expect((await get(draft.id, 'coordinatorLA')).body.state).toBe('draft');
  });

  it('scheduled publishing: published but not yet valid is hidden from keys and other regions', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const draft = await createDraft({ name: { fi: 'Ensi viikon tapahtuma' }, type: 'event', validFrom: future });
    const published = await system.request<Activity>('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    expect(published.body).toEqual(expect.objectContaining({ state: 'published', visible: false }));
    expect((await get(draft.id, 'keyLA')).status).toBe(404);
    expect((await get(draft.id, 'coordinatorNO')).status).toBe(404);
    expect((await get(draft.id, 'coordinatorLA')).status).toBe(200);
    // Moving validFrom to the past makes it visible.
    await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorLA', { body: { validFrom: new Date(Date.now() - 1000).toISOString() } }));
    expect((await get(draft.id, 'keyLA')).status).toBe(200);
  });

  it('a coordinator of another region cannot create, change or publish (403) and nothing changes', async () => {
    const draft = await createDraft();
    expect((await system.request('POST', '/api/v1/activities', as('coordinatorNO', { body: activity() }))).status).toBe(403);
    // A draft of another region does not exist for them.
    expect((await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorNO', { body: { name: { fi: 'x' } } }))).status).toBe(404);
    await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    expect((await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorNO', { body: { name: { fi: 'x' } } }))).status).toBe(403);
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/withdraw`, as('coordinatorNO'))).status).toBe(403);
    expect((await get(draft.id, 'coordinatorLA')).body.version).toBe(2);
  });
});

describe('activities and their organisation', () => {
  it('a coordinator cannot attach an activity to another region’s organisation (403)', async () => {
    const orgNO = await system.request<{ id: string }>('POST', '/api/v1/organisations', { body: { kind: 'association', name: { fi: 'Oulun yhdistys ry' }, municipalities: ['564'] } });
    const res = await system.request('POST', '/api/v1/activities', as('coordinatorLA', { body: activity({ organisationId: orgNO.body.id }) }));
    expect(res.status).toBe(403);
  });

  it('an organisation with published activities cannot be deleted (409) until they are withdrawn', async () => {
    const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', { body: { kind: 'association', name: { fi: 'Poistuva yhdistys ry' }, municipalities: ['320'] } });
    const draft = await createDraft({ organisationId: org.body.id });
    await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    const refused = await system.request<{ code: string }>('DELETE', `/api/v1/organisations/${org.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ORGANISATION.HAS_PUBLISHED_ACTIVITIES');
    await system.request('POST', `/api/v1/activities/${draft.id}/withdraw`, as('coordinatorLA'));
    expect((await system.request('DELETE', `/api/v1/organisations/${org.body.id}`)).status).toBe(204);
  });

  it('a PATCH that changes nothing does not move the organisation', async () => {
    const draft = await createDraft();
    const before = (await system.request<{ version: number }>('GET', `/api/v1/organisations/${organisationLA}`)).body.version;
    expect((await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorLA', { body: { type: 'meeting-place' } }))).status).toBe(200);
    expect((await system.request<{ version: number }>('GET', `/api/v1/organisations/${organisationLA}`)).body.version).toBe(before);
  });

  it('a required field cannot be cleared with null (422)', async () => {
    const draft = await createDraft();
    const res = await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorLA', { body: { name: null } }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('name cannot be null');
  });
});

describe('the organisation moves with its activities', () => {
  it('creating and publishing an activity moves the organisation’s modification time and what it offers', async () => {
    const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', { body: { kind: 'association', name: { fi: 'Sallan Kuljetusrengas ry' }, municipalities: ['732'] } });
    const before = (await system.request<{ version: number; updatedAt: string; activityTypes: string[] }>('GET', `/api/v1/organisations/${org.body.id}`)).body;
    expect(before.activityTypes).toEqual([]);
    const since = new Date().toISOString();
    const draft = await createDraft({ organisationId: org.body.id, type: 'transport', deliveryModes: ['mobile'], location: undefined, municipalities: ['732'] });
    await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    const after = (await system.request<{ version: number; updatedAt: string; activityTypes: string[]; deliveryModes: string[] }>('GET', `/api/v1/organisations/${org.body.id}`)).body;
    expect(after.version).toBe(before.version + 2);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(after.activityTypes).toEqual(['transport']);
    expect(after.deliveryModes).toEqual(['mobile']);
    const changes = (await system.request<Page<{ id: string }>>('GET', `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(since)}`)).body.items.map((c) => c.id);
    expect(changes).toContain(org.body.id);
    const byType = (await system.request<Page<{ id: string }>>('GET', '/api/v1/organisations?activityType=transport&deliveryMode=mobile')).body.items.map((o) => o.id);
    expect(byType).toEqual([org.body.id]);
  });
});

describe('activity filters', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const published = async (key: string, extra: Record<string, unknown>) => {
      const a = await createDraft(extra);
      await system.request('POST', `/api/v1/activities/${a.id}/publish`, as('coordinatorLA'));
      ids[key] = a.id;
    };
    await published('digi', { name: { fi: 'Digituki Äijälässä' }, type: 'digital-support', deliveryModes: ['remote'], location: undefined, themes: ['digital-skills'], lifeStages: ['working-age'], municipalities: ['047'] });
    await published('home', { name: { fi: 'Kotiapu' }, type: 'help-at-home', deliveryModes: ['at-home'], location: undefined, themes: ['living-at-home'], lifeStages: ['older-people'], municipalities: ['047'] });
  });

  it.each([
    ['type', 'type=digital-support', ['digi']],
    ['delivery mode', 'deliveryMode=at-home', ['home']],
    ['theme', 'theme=digital-skills', ['digi']],
    ['life stage and municipality', 'lifeStage=older-people&municipality=047', ['home']],
    ['name without diacritics', 'q=aijala', ['digi']],
  ])('by %s', async (_name, query, expected) => {
    expect((await listIds(query, 'keyLA')).sort()).toEqual(expected.map((k) => ids[k]).sort());
  });
});

describe('invalid activity input: 4xx problem+json, nothing stored', () => {
  it.each([
    ['at-place without a location', { location: undefined }, 'location'],
    ['closing before opening', { schedule: { weekly: [{ day: 'mon', opens: '14:00', closes: '10:00' }] } }, 'schedule.weekly.0.closes'],
    ['a bad time', { schedule: { weekly: [{ day: 'mon', opens: '25:00', closes: '26:00' }] } }, 'opens'],
    ['an unknown weekday', { schedule: { weekly: [{ day: 'someday', opens: '10:00', closes: '11:00' }] } }, 'day'],
    ['an occurrence ending before it starts', { schedule: { occurrences: [{ starts: '2026-12-05T15:00:00+02:00', ends: '2026-12-05T12:00:00+02:00' }] } }, 'schedule.occurrences.0.ends'],
    ['an unknown type', { type: 'party' }, 'type'],
    ['no delivery mode', { deliveryModes: [] }, 'deliveryModes'],
    ['an unknown language', { languages: ['klingon'] }, 'languages'],
    ['an unknown organisation', { organisationId: 'org_00000000000000000000000000000000' }, 'organisationId'],
    ['validTo before validFrom', { validFrom: '2027-01-02T00:00:00Z', validTo: '2027-01-01T00:00:00Z' }, 'validTo'],
    ['a fee without a boolean', { cost: { free: 'no' } }, 'cost.free'],
    ['a server-owned state', { state: 'published' }, 'state'],
    ['a bad contact email', { contact: { email: 'not-an-email' } }, 'contact.email'],
    ['an unknown municipality', { municipalities: ['999'] }, 'municipalities'],
  ])('%s', async (_name, extra, field) => {
    const before = (await listIds('', 'admin')).length;
    const res: ApiResponse = await system.request('POST', '/api/v1/activities', as('coordinatorLA', { body: activity(extra) }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(JSON.stringify(res.body)).toContain(field);
    expect((await listIds('', 'admin')).length).toBe(before);
  });
});
