import { TestSystem, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/**
 * Activities through the gateway on the real infrastructure: drafts visible only within their
 * regions and never to keys, publishing and withdrawal with their events, scheduled publishing,
 * deletion (tombstones gone from every read, a published one withdrawn on the topic), activities
 * going with a deleted organisation, the organisation's modification time moving with its
 * activities, filters and invalid input.
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
  data: { changedFields?: string[] };
}
interface Organisation {
  id: string;
  version: number;
  updatedAt: string;
  activityTypes: string[];
}
interface Problem {
  code: string;
}

const PASSWORD = 'a-long-enough-password';
let system: TestSystem;
const bearer: Record<'coordinatorLA' | 'coordinatorNO' | 'keyLA' | 'admin', { authorization: string }> = {} as never;
let organisationLA: string;

async function user(username: string, regions: string[]): Promise<string> {
  const res = await system.request('POST', '/api/v1/users', {
    body: { username, displayName: username, roles: ['coordinator'], regions, password: PASSWORD },
  });
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
const listIds = async (query: string, who: keyof typeof bearer) =>
  (await system.request<Page<Activity>>('GET', `/api/v1/activities?limit=200&${query}`, as(who))).body.items.map((a) => a.id);
const eventsTopic = () => `${system.topicPrefix}yp.organisations.events`;
const decode = (value: Buffer | null) => JSON.parse(value?.toString('utf8') ?? 'null') as Envelope;
const eventsOf = async (subject: string) =>
  (await readTopic(eventsTopic())).map((m) => decode(m.value)).filter((e) => e.subject === subject);
const remove = (id: string, who: keyof typeof bearer, ifMatch?: string) =>
  system.request<Problem>(
    'DELETE',
    `/api/v1/activities/${id}`,
    as(who, ifMatch ? { headers: { ...bearer[who], 'if-match': ifMatch } } : {}),
  );
const organisation = async (id: string) => (await system.request<Organisation>('GET', `/api/v1/organisations/${id}`)).body;
const newOrganisation = async (name: string) =>
  (
    await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: name }, municipalities: ['320'] },
    })
  ).body.id;
/** The HSDS id of a register id: the same UUID, with dashes. */
const hsdsId = (registerId: string) =>
  registerId.slice(registerId.indexOf('_') + 1).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
async function hsdsServiceIds(): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await system.request<{ contents: { id: string }[]; last_page: boolean }>(
      'GET',
      `/api/v1/hsds/services?per_page=200&page=${page}`,
    );
    expect(res.status).toBe(200);
    ids.push(...res.body.contents.map((c) => c.id));
    if (res.body.last_page) return ids;
  }
}
async function publishedDraft(extra: Record<string, unknown> = {}): Promise<Activity> {
  const draft = await createDraft(extra);
  const published = await system.request<Activity>('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return published.body;
}
/** Waits until the organisation's event of this version is on the topic, so anything committed before it is there too. */
async function organisationEvent(organisationId: string, version: number): Promise<Envelope> {
  await eventually(
    async () => (await eventsOf(organisationId)).some((e) => e.aggregateversion === version),
    `organisation event v${version}`,
    20000,
  );
  return (await eventsOf(organisationId)).find((e) => e.aggregateversion === version)!;
}

beforeAll(async () => {
  // The validity sweep runs every half second here (a minute by default).
  system = await TestSystem.start('activities', ['gateway', 'organisations'], { organisations: { ACTIVITY_VALIDITY_SWEEP_MS: '500' } });
  bearer.admin = { authorization: `Bearer ${await system.token_()}` };
  bearer.coordinatorLA = { authorization: `Bearer ${await user('coord.la@example.fi', ['19'])}` };
  bearer.coordinatorNO = { authorization: `Bearer ${await user('coord.no@example.fi', ['17'])}` };
  const key = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'LA sync', regions: ['19'], access: 'read-write' },
  });
  bearer.keyLA = { authorization: `Bearer ${key.body.key}` };
  const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
    body: { kind: 'association', name: { fi: 'Kemijärven Kyläyhdistys ry' }, municipalities: ['320'] },
  });
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
    const renamed = await system.request<Activity>(
      'PATCH',
      `/api/v1/activities/${draft.id}`,
      as('keyLA', { body: { name: { fi: 'Uusi nimi' } } }),
    );
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
    expect(
      (
        await system.request(
          'POST',
          `/api/v1/activities/${draft.id}/publish`,
          as('coordinatorLA', { headers: { ...bearer.coordinatorLA, 'if-match': '"7"' } }),
        )
      ).status,
    ).toBe(412);
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
    await system.request(
      'PATCH',
      `/api/v1/activities/${draft.id}`,
      as('coordinatorLA', { body: { validFrom: new Date(Date.now() - 1000).toISOString() } }),
    );
    expect((await get(draft.id, 'keyLA')).status).toBe(200);
  });

  it('when a scheduled activity’s time comes, its organisation moves without any write, so the sync feed sees it', async () => {
    const org = await system.request<{ id: string }>(
      'POST',
      '/api/v1/organisations',
      as('coordinatorLA', { body: { kind: 'association', name: { fi: `Ajastettu työpaja ${Date.now()} ry` }, municipalities: ['320'] } }),
    );
    expect(org.status).toBe(201);
    const draft = await createDraft({
      organisationId: org.body.id,
      type: 'employment',
      deliveryModes: ['remote'],
      location: undefined,
      validFrom: new Date(Date.now() + 4000).toISOString(),
    });
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'))).status).toBe(200);
    type Org = { version: number; updatedAt: string; activityTypes: string[] };
    const before = (await system.request<Org>('GET', `/api/v1/organisations/${org.body.id}`, as('admin'))).body;
    expect(before.activityTypes).not.toContain('employment');
    const after = await eventually(
      async () => {
        const now = (await system.request<Org>('GET', `/api/v1/organisations/${org.body.id}`, as('admin'))).body;
        return now.version > before.version ? now : undefined;
      },
      'the organisation to move when its activity opens',
      20000,
    );
    expect(after.version).toBe(before.version + 1);
    expect(after.activityTypes).toContain('employment');
    const feed = await system.request<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(before.updatedAt)}&limit=200`,
      as('admin'),
    );
    expect(feed.body.items.map((i) => i.id)).toContain(org.body.id);
    // Once only: later sweeps leave it alone. The marker: another organisation, whose only activity
    // opens after this one moved, comes to offer it, so a sweep has run since.
    const sentinelOrg = await system.request<{ id: string }>(
      'POST',
      '/api/v1/organisations',
      as('coordinatorLA', { body: { kind: 'association', name: { fi: `Ajastettu vartija ${Date.now()} ry` }, municipalities: ['320'] } }),
    );
    expect(sentinelOrg.status).toBe(201);
    const sentinel = await createDraft({
      organisationId: sentinelOrg.body.id,
      type: 'employment',
      deliveryModes: ['remote'],
      location: undefined,
      validFrom: new Date(Date.now() + 1000).toISOString(),
    });
    expect((await system.request('POST', `/api/v1/activities/${sentinel.id}/publish`, as('coordinatorLA'))).status).toBe(200);
    await eventually(
      async () =>
        (await system.request<Org>('GET', `/api/v1/organisations/${sentinelOrg.body.id}`, as('admin'))).body.activityTypes.includes(
          'employment',
        ),
      'a later sweep to open the sentinel activity',
      20000,
    );
    expect((await system.request<Org>('GET', `/api/v1/organisations/${org.body.id}`, as('admin'))).body.version).toBe(after.version);
  });

  it('a coordinator of another region cannot create, change or publish (403) and nothing changes', async () => {
    const draft = await createDraft();
    expect((await system.request('POST', '/api/v1/activities', as('coordinatorNO', { body: activity() }))).status).toBe(403);
    // A draft of another region does not exist for them.
    expect(
      (await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorNO', { body: { name: { fi: 'x' } } }))).status,
    ).toBe(404);
    await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    expect(
      (await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorNO', { body: { name: { fi: 'x' } } }))).status,
    ).toBe(403);
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/withdraw`, as('coordinatorNO'))).status).toBe(403);
    expect((await get(draft.id, 'coordinatorLA')).body.version).toBe(2);
  });
});

describe('activities and their organisation', () => {
  it('a coordinator cannot attach an activity to another region’s organisation (403)', async () => {
    const orgNO = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: 'Oulun yhdistys ry' }, municipalities: ['564'] },
    });
    const res = await system.request(
      'POST',
      '/api/v1/activities',
      as('coordinatorLA', { body: activity({ organisationId: orgNO.body.id }) }),
    );
    expect(res.status).toBe(403);
  });

  it('an organisation with published activities cannot be deleted (409) until they are withdrawn', async () => {
    const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: 'Poistuva yhdistys ry' }, municipalities: ['320'] },
    });
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
    expect(
      (await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorLA', { body: { type: 'meeting-place' } }))).status,
    ).toBe(200);
    expect((await system.request<{ version: number }>('GET', `/api/v1/organisations/${organisationLA}`)).body.version).toBe(before);
  });

  it('a required field cannot be cleared with null (422)', async () => {
    const draft = await createDraft();
    const res = await system.request('PATCH', `/api/v1/activities/${draft.id}`, as('coordinatorLA', { body: { name: null } }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('name cannot be null');
  });
});

describe('deleting an activity', () => {
  it('a draft: 204, then 404 for every read and write, out of lists, nothing on the topic; the organisation moves', async () => {
    const org = await newOrganisation('Luonnosyhdistys ry');
    const draft = await createDraft({ organisationId: org });
    const before = await organisation(org);
    const res = await remove(draft.id, 'coordinatorLA');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    for (const who of ['admin', 'coordinatorLA'] as const) {
      expect((await get(draft.id, who)).status).toBe(404);
      expect(await listIds(`organisationId=${org}`, who)).toEqual([]);
    }
    const patched = await system.request<Problem>(
      'PATCH',
      `/api/v1/activities/${draft.id}`,
      as('coordinatorLA', { body: { name: { fi: 'Takaisin' } } }),
    );
    expect([patched.status, patched.body.code]).toEqual([404, 'ACTIVITY.NOT_FOUND']);
    expect((await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('admin'))).status).toBe(404);
    // Deleting it again is a 404, as for organisations.
    const again = await remove(draft.id, 'admin');
    expect([again.status, again.body.code]).toEqual([404, 'ACTIVITY.NOT_FOUND']);

    const after = await organisation(org);
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect((await organisationEvent(org, after.version)).data.changedFields).toEqual(['activities']);
    // The organisation's event is out, so an activity event committed before it would be too.
    expect(await eventsOf(draft.id)).toEqual([]);
  });

  it('a published one: withdrawn on the topic, gone from lists and HSDS for everyone, its organisation moves and can be deleted', async () => {
    const org = await newOrganisation('Julkaisijayhdistys ry');
    const published = await publishedDraft({ organisationId: org, name: { fi: 'Poistettava kerho' }, type: 'group-or-club' });
    expect((await system.request('GET', `/api/v1/hsds/services/${hsdsId(published.id)}`)).status).toBe(200);
    expect(await hsdsServiceIds()).toContain(hsdsId(published.id));
    expect(await listIds(`organisationId=${org}`, 'keyLA')).toEqual([published.id]);
    const before = await organisation(org);
    expect(before.activityTypes).toEqual(['group-or-club']);
    const since = new Date().toISOString();

    // With the current ETag the delete goes through.
    expect((await remove(published.id, 'coordinatorLA', `"${published.version}"`)).status).toBe(204);

    for (const who of ['admin', 'coordinatorLA', 'coordinatorNO', 'keyLA'] as const) {
      expect((await get(published.id, who)).status).toBe(404);
      expect(await listIds(`organisationId=${org}`, who)).toEqual([]);
    }
    expect((await system.request('GET', `/api/v1/hsds/services/${hsdsId(published.id)}`)).status).toBe(404);
    expect(await hsdsServiceIds()).not.toContain(hsdsId(published.id));
    const hsdsOrganisation = await system.request<{ services: unknown[] }>('GET', `/api/v1/hsds/organizations/${hsdsId(org)}`);
    expect(hsdsOrganisation.body.services).toEqual([]);

    const after = await organisation(org);
    expect(after.version).toBe(before.version + 1);
    expect(after.activityTypes).toEqual([]);
    const changes = (
      await system.request<Page<{ id: string; version: number }>>(
        'GET',
        `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(since)}`,
      )
    ).body.items;
    expect(changes).toContainEqual(expect.objectContaining({ id: org, version: after.version }));

    await eventually(async () => (await eventsOf(published.id)).length === 2, 'published and withdrawn', 20000);
    expect((await eventsOf(published.id)).map((e) => [e.type, e.aggregateversion])).toEqual([
      ['organisations.activity.published.v1', 2],
      ['organisations.activity.withdrawn.v1', 3],
    ]);
    expect((await organisationEvent(org, after.version)).data.changedFields).toEqual(['activities']);
    // Nothing of it is published any more: the organisation itself may now be deleted.
    expect((await system.request('DELETE', `/api/v1/organisations/${org}`)).status).toBe(204);
  });

  it('a stale If-Match is a 412 and changes nothing', async () => {
    const published = await publishedDraft({ name: { fi: 'Vanhentunut versio' } });
    const orgBefore = (await organisation(organisationLA)).version;
    const res = await remove(published.id, 'coordinatorLA', '"1"');
    expect([res.status, res.body.code]).toEqual([412, 'ACTIVITY.VERSION_MISMATCH']);
    const after = await get(published.id, 'keyLA');
    expect(after.status).toBe(200);
    expect(after.body).toEqual(expect.objectContaining({ version: published.version, state: 'published' }));
    expect((await organisation(organisationLA)).version).toBe(orgBefore);
    // A malformed If-Match is a 400, also without effect.
    expect((await remove(published.id, 'coordinatorLA', 'three')).status).toBe(400);
    expect((await get(published.id, 'keyLA')).body.version).toBe(published.version);
  });

  it('another region: a draft does not exist (404), a published one is forbidden (403); nothing changes', async () => {
    const draft = await createDraft();
    const published = await publishedDraft();
    const orgBefore = (await organisation(organisationLA)).version;
    const unseen = await remove(draft.id, 'coordinatorNO');
    expect([unseen.status, unseen.body.code]).toEqual([404, 'ACTIVITY.NOT_FOUND']);
    const forbidden = await remove(published.id, 'coordinatorNO');
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'ACTIVITY.REGION_FORBIDDEN']);
    // Who may not write gets 403 before If-Match is looked at.
    expect((await remove(published.id, 'coordinatorNO', '"1"')).status).toBe(403);
    expect((await get(draft.id, 'coordinatorLA')).body.version).toBe(draft.version);
    expect((await get(published.id, 'coordinatorNO')).body).toEqual(
      expect.objectContaining({ version: published.version, state: 'published' }),
    );
    expect((await organisation(organisationLA)).version).toBe(orgBefore);
  });

  it('API keys: a read-write key deletes a visible activity of its region but never sees a draft (404); a read key is refused (403)', async () => {
    const readKey = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
      body: { name: 'LA read', regions: ['19'], access: 'read' },
    });
    expect(readKey.status).toBe(201);
    const readOnly = { headers: { authorization: `Bearer ${readKey.body.key}` } };
    const draft = await createDraft();
    const published = await publishedDraft();
    expect((await remove(draft.id, 'keyLA')).status).toBe(404);
    expect((await get(draft.id, 'coordinatorLA')).body.version).toBe(draft.version);
    const refused = await system.request<Problem>('DELETE', `/api/v1/activities/${published.id}`, readOnly);
    expect(refused.status).toBe(403);
    expect((await get(published.id, 'keyLA')).body.version).toBe(published.version);
    expect((await remove(published.id, 'keyLA')).status).toBe(204);
    expect((await get(published.id, 'admin')).status).toBe(404);
    expect((await system.request('DELETE', `/api/v1/activities/${published.id}`, { auth: false })).status).toBe(401);
  });

  it('unknown and malformed ids are 404', async () => {
    for (const id of ['act_00000000000000000000000000000000', 'not-an-activity', 'org_00000000000000000000000000000000']) {
      const res = await remove(id, 'admin');
      expect([res.status, res.body.code]).toEqual([404, 'ACTIVITY.NOT_FOUND']);
    }
  });
});

describe('activities of a deleted organisation go with it', () => {
  it('its drafts and withdrawn activities are 404 for every read and write and left out of lists', async () => {
    const org = await newOrganisation('Virheellinen yhdistys ry');
    const draft = await createDraft({ organisationId: org });
    const withdrawn = await publishedDraft({ organisationId: org });
    expect((await system.request('POST', `/api/v1/activities/${withdrawn.id}/withdraw`, as('coordinatorLA'))).status).toBe(200);
    expect((await listIds(`organisationId=${org}`, 'coordinatorLA')).sort()).toEqual([draft.id, withdrawn.id].sort());
    expect((await system.request('DELETE', `/api/v1/organisations/${org}`)).status).toBe(204);

    for (const id of [draft.id, withdrawn.id]) {
      for (const who of ['admin', 'coordinatorLA'] as const) expect((await get(id, who)).status).toBe(404);
      // Nothing can be published, changed or deleted under a deleted organisation.
      expect((await system.request('POST', `/api/v1/activities/${id}/publish`, as('admin'))).status).toBe(404);
      expect((await system.request('PATCH', `/api/v1/activities/${id}`, as('admin', { body: { name: { fi: 'x' } } }))).status).toBe(404);
      expect((await remove(id, 'admin')).status).toBe(404);
      expect((await system.request('GET', `/api/v1/hsds/services/${hsdsId(id)}`)).status).toBe(404);
    }
    for (const who of ['admin', 'coordinatorLA'] as const) {
      expect(await listIds(`organisationId=${org}`, who)).toEqual([]);
      const all = await listIds('', who);
      expect(all).not.toContain(draft.id);
      expect(all).not.toContain(withdrawn.id);
    }
    await eventually(async () => (await eventsOf(withdrawn.id)).length === 2, 'published and withdrawn', 20000);
    // Nothing was republished on the topic.
    expect((await eventsOf(withdrawn.id)).map((e) => e.type)).toEqual([
      'organisations.activity.published.v1',
      'organisations.activity.withdrawn.v1',
    ]);
  });
});

describe('the organisation moves with its activities', () => {
  it('creating and publishing an activity moves the organisation’s modification time and what it offers', async () => {
    const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: 'Sallan Kuljetusrengas ry' }, municipalities: ['732'] },
    });
    const before = (
      await system.request<{ version: number; updatedAt: string; activityTypes: string[] }>('GET', `/api/v1/organisations/${org.body.id}`)
    ).body;
    expect(before.activityTypes).toEqual([]);
    const since = new Date().toISOString();
    const draft = await createDraft({
      organisationId: org.body.id,
      type: 'transport',
      deliveryModes: ['mobile'],
      location: undefined,
      municipalities: ['732'],
    });
    await system.request('POST', `/api/v1/activities/${draft.id}/publish`, as('coordinatorLA'));
    const after = (
      await system.request<{ version: number; updatedAt: string; activityTypes: string[]; deliveryModes: string[] }>(
        'GET',
        `/api/v1/organisations/${org.body.id}`,
      )
    ).body;
    expect(after.version).toBe(before.version + 2);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(after.activityTypes).toEqual(['transport']);
    expect(after.deliveryModes).toEqual(['mobile']);
    const changes = (
      await system.request<Page<{ id: string }>>('GET', `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(since)}`)
    ).body.items.map((c) => c.id);
    expect(changes).toContain(org.body.id);
    const byType = (
      await system.request<Page<{ id: string }>>('GET', '/api/v1/organisations?activityType=transport&deliveryMode=mobile')
    ).body.items.map((o) => o.id);
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
    await published('digi', {
      name: { fi: 'Digituki Äijälässä' },
      type: 'digital-support',
      deliveryModes: ['remote'],
      location: undefined,
      themes: ['digital-skills'],
      lifeStages: ['working-age'],
      municipalities: ['047'],
    });
    await published('home', {
      name: { fi: 'Kotiapu' },
      type: 'help-at-home',
      deliveryModes: ['at-home'],
      location: undefined,
      themes: ['living-at-home'],
      lifeStages: ['older-people'],
      municipalities: ['047'],
    });
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
    [
      'an occurrence ending before it starts',
      { schedule: { occurrences: [{ starts: '2026-12-05T15:00:00+02:00', ends: '2026-12-05T12:00:00+02:00' }] } },
      'schedule.occurrences.0.ends',
    ],
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
