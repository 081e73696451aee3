import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { Connection } from 'mongoose';
import { Mailbox, TestSystem, connectTestDatabase, emailsSettled, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/** What the notifications delivery log keeps of an erased person: a hash of the id. */
const pseudonym = (personId: string) => `erased:${createHash('sha256').update(personId).digest('hex').slice(0, 32)}`;

/**
 * Contact persons and GDPR through the gateway, on the real infrastructure (Kafka, FerretDB or
 * MongoDB, the SMTP server): CRUD with region scoping and hostile input, the export of everything
 * held about a person, and an erasure that leaves no copy in the organisations database (state and
 * change log), writes a tombstone on the compacted contacts topic, drops the person from the
 * notifications projection, and stops every email to them — queued ones included.
 */

interface Contact {
  id: string;
  personId: string;
  version: number;
  organisationId: string;
  regions: string[];
  name: string;
  email: string;
  phone?: string;
  title?: string;
  language: string;
  createdAt: string;
  updatedAt: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}
interface PersonExport {
  personId: string;
  exportedAt: string;
  complete: boolean;
  contacts: {
    current: Contact;
    history: { version: number; committedAt: string; name: string; email: string; phone?: string; language: string }[];
  }[];
  liaisonOfficers: {
    current: { id: string; personId: string; email: string };
    history: { version: number; email: string; municipalities: string[] }[];
  }[];
}
interface Delivery {
  personId: string;
  status: string;
  eventType: string;
  attempts: number;
  lastError: string | null;
}

const PASSWORD = 'contacts-e2e-password-123';
const stamp = Date.now().toString(36);
let counter = 0;
const unique = (prefix: string) => `${prefix}.${stamp}.${++counter}`;
const UNKNOWN_ORGANISATION = 'org_00000000000000000000000000000000';
const UNKNOWN_PERSON = 'per_00000000000000000000000000000000';

let system: TestSystem;
const tokens = {} as Record<'coordinatorNO' | 'coordinatorLA' | 'readKeyNO' | 'keyLA', string>;
let organisationNO: string;
let organisationLA: string;
let secondOrganisationNO: string;

const as = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });

function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
}

function expectProblem(res: ApiResponse, status: number, code?: string): Problem {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as Problem;
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  return problem;
}

async function registerOrganisation(municipality: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
    body: { kind: 'association', name: { fi: `Yhteyshenkilötesti ${unique('ry')}` }, municipalities: [municipality] },
  });
  expectStatus(res, 201);
  return res.body.id;
}

const contactBody = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  name: 'Maija Mäkelä',
  email: `${unique('maija.makela')}@kylayhdistys.example.fi`,
  phone: '+358 40 123 4567',
  title: 'Puheenjohtaja',
  language: 'fi',
  organisationId,
  ...extra,
});

async function createContact(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Contact> {
  const res = await system.request<Contact>('POST', '/api/v1/contacts', { body, headers });
  expectStatus(res, 201);
  return res.body;
}

async function withDatabase<T>(app: 'organisations' | 'notifications', work: (db: Connection) => Promise<T>): Promise<T> {
  const db = await connectTestDatabase(system.databaseName(app));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Every document of every collection of an app's database, as JSON text with its collection. */
async function rawDocuments(app: 'organisations' | 'notifications'): Promise<{ collection: string; json: string }[]> {
  return withDatabase(app, async (db) => {
    const out: { collection: string; json: string }[] = [];
    for (const { name } of await db.db!.listCollections().toArray()) {
      for (const doc of await db.db!.collection(name).find({}).toArray()) out.push({ collection: name, json: JSON.stringify(doc) });
    }
    return out;
  });
}

const contactsTopic = () => `${system.topicPrefix}yp.organisations.contacts`;
const eventsTopic = () => `${system.topicPrefix}yp.organisations.events`;

beforeAll(async () => {
  system = await TestSystem.start('contacts', ['gateway', 'organisations', 'notifications']);
  for (const [who, regions] of [
    ['coordinatorNO', ['17']],
    ['coordinatorLA', ['19']],
  ] as const) {
    const username = `${unique(who.toLowerCase())}@example.fi`;
    const created = await system.request('POST', '/api/v1/users', {
      body: { username, displayName: who, roles: ['coordinator'], regions, password: PASSWORD },
    });
    expectStatus(created, 201);
    tokens[who] = (await system.logIn(username, PASSWORD)).accessToken;
  }
  for (const [who, regions, access] of [
    ['readKeyNO', ['17'], 'read'],
    ['keyLA', ['19'], 'read-write'],
  ] as const) {
    const key = await system.request<{ key: string }>('POST', '/api/v1/api-keys', { body: { name: `contacts ${who}`, regions, access } });
    expectStatus(key, 201);
    tokens[who] = key.body.key;
  }
  organisationNO = await registerOrganisation('615'); // Pudasjärvi, North Ostrobothnia (17)
  secondOrganisationNO = await registerOrganisation('564'); // Oulu (17)
  organisationLA = await registerOrganisation('698'); // Rovaniemi, Lapland (19)
});

afterAll(async () => {
  await system?.stop();
});

describe('contact persons: create, read, change, list', () => {
  it('a coordinator of the region adds a contact; its id is a person id; ETag and Location are set', async () => {
    const body = contactBody(organisationNO, { email: `${unique('Maija.Makela')}@Kylayhdistys.example.fi` });
    const res = await system.request<Contact>('POST', '/api/v1/contacts', { body, headers: as('coordinatorNO') });
    expectStatus(res, 201);
    expect(res.body.id).toMatch(/^per_[a-f0-9]{32}$/);
    expect(res.body).toEqual({
      id: res.body.id,
      personId: res.body.id,
      version: 1,
      organisationId: organisationNO,
      regions: ['17'],
      name: 'Maija Mäkelä',
      email: body.email.toLowerCase(),
      phone: '+358 40 123 4567',
      title: 'Puheenjohtaja',
      language: 'fi',
      createdAt: expect.any(String) as string,
      updatedAt: res.body.createdAt,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/v1/contacts/${res.body.id}`);

    const read = await system.request<Contact>('GET', `/api/v1/contacts/${res.body.id}`, { headers: as('coordinatorNO') });
    expectStatus(read, 200);
    expect(read.body).toEqual(res.body);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('changes a contact conditionally (If-Match), refuses a stale version, removes a phone with null', async () => {
    const contact = await createContact(contactBody(organisationNO));
    const changed = await system.request<Contact>('PATCH', `/api/v1/contacts/${contact.id}`, {
      body: { title: 'Sihteeri', language: 'sv', phone: null },
      headers: { ...as('coordinatorNO'), 'if-match': '"1"' },
    });
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({ version: 2, title: 'Sihteeri', language: 'sv' });
    expect(changed.body.phone).toBeUndefined();
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(changed.body.updatedAt >= contact.updatedAt).toBe(true);

    const stale = await system.request('PATCH', `/api/v1/contacts/${contact.id}`, {
      body: { title: 'Rahastonhoitaja' },
      headers: { 'if-match': '"1"' },
    });
    expectProblem(stale, 412, 'CONTACT.VERSION_MISMATCH');
    const unchanged = await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { title: 'Sihteeri' } });
    expect((unchanged.body as Contact).version).toBe(2);

    // Moving the contact to another organisation of the region: both organisations move.
    const versionOf = async (id: string) => (await system.request<{ version: number }>('GET', `/api/v1/organisations/${id}`)).body.version;
    const [leftBefore, joinedBefore] = [await versionOf(organisationNO), await versionOf(secondOrganisationNO)];
    const moved = await system.request<Contact>('PATCH', `/api/v1/contacts/${contact.id}`, {
      body: { organisationId: secondOrganisationNO },
      headers: as('coordinatorNO'),
    });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ version: 3, organisationId: secondOrganisationNO, regions: ['17'] });
    expect(await versionOf(organisationNO)).toBe(leftBefore + 1);
    expect(await versionOf(secondOrganisationNO)).toBe(joinedBefore + 1);
  });

  it('lists an organisation’s contacts a page at a time', async () => {
    const organisation = await registerOrganisation('615');
    const created = [
      await createContact(contactBody(organisation)),
      await createContact(contactBody(organisation)),
      await createContact(contactBody(organisation)),
    ];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResponse<Page<Contact>> = await system.request(
        'GET',
        `/api/v1/contacts?organisationId=${organisation}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expectStatus(res, 200);
      seen.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(created.map((c) => c.id).sort());
    expectProblem(
      await system.request('GET', `/api/v1/contacts?organisationId=${organisation}&cursor=${Buffer.from('org_x').toString('base64url')}`),
      400,
      'REQUEST.BAD_CURSOR',
    );
  });
});

describe('region scoping: contacts are personal data of the organisation’s regions', () => {
  let contact: Contact;

  beforeAll(async () => {
    contact = await createContact(contactBody(organisationNO));
  });

  it('outside your regions a contact does not exist (404), the list is empty, and you cannot add one', async () => {
    expectProblem(
      await system.request('GET', `/api/v1/contacts/${contact.id}`, { headers: as('coordinatorLA') }),
      404,
      'CONTACT.NOT_FOUND',
    );
    expectProblem(await system.request('GET', `/api/v1/contacts/${contact.id}`, { headers: as('keyLA') }), 404, 'CONTACT.NOT_FOUND');
    expectProblem(
      await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { title: 'Kaapattu' }, headers: as('coordinatorLA') }),
      404,
    );
    const list = await system.request<Page<Contact>>('GET', `/api/v1/contacts?organisationId=${organisationNO}`, {
      headers: as('coordinatorLA'),
    });
    expectStatus(list, 200);
    expect(list.body).toEqual({ items: [], nextCursor: null });
    expectProblem(
      await system.request('POST', '/api/v1/contacts', { body: contactBody(organisationNO), headers: as('coordinatorLA') }),
      403,
      'CONTACT.REGION_FORBIDDEN',
    );
    expectProblem(
      await system.request('GET', `/api/v1/persons/${contact.personId}/export`, { headers: as('coordinatorLA') }),
      404,
      'PERSON.NOT_FOUND',
    );

    const after = await system.request<Contact>('GET', `/api/v1/contacts/${contact.id}`);
    expect(after.body.version).toBe(1);
  });

  it('a key of the region reads but never writes personal data; only admins erase', async () => {
    const read = await system.request<Contact>('GET', `/api/v1/contacts/${contact.id}`, { headers: as('readKeyNO') });
    expectStatus(read, 200);
    expect(read.body.email).toBe(contact.email);
    expectProblem(await system.request('POST', '/api/v1/contacts', { body: contactBody(organisationLA), headers: as('keyLA') }), 403);
    expectProblem(await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { title: 'x' }, headers: as('readKeyNO') }), 403);
    expectProblem(await system.request('GET', `/api/v1/persons/${contact.personId}/export`, { headers: as('readKeyNO') }), 403);
    expectProblem(await system.request('POST', `/api/v1/persons/${contact.personId}/erase`, { headers: as('coordinatorNO') }), 403);
    expectProblem(await system.request('POST', `/api/v1/persons/${contact.personId}/erase`, { auth: false }), 401);
    expectStatus(await system.request('GET', `/api/v1/contacts/${contact.id}`), 200);
  });

  it('removing a contact person (DELETE) erases them; only whoever may change the contact may, conditionally', async () => {
    const removable = await createContact(contactBody(organisationNO));
    const path = `/api/v1/contacts/${removable.id}`;
    // Refused without a trace: another region (404), a key (403), a stale If-Match (412), anonymous (401).
    expectProblem(await system.request('DELETE', path, { headers: as('coordinatorLA') }), 404, 'CONTACT.NOT_FOUND');
    expectProblem(await system.request('DELETE', path, { headers: as('readKeyNO') }), 403);
    expectProblem(
      await system.request('DELETE', path, { headers: { ...as('coordinatorNO'), 'if-match': '"7"' } }),
      412,
      'CONTACT.VERSION_MISMATCH',
    );
    expectProblem(await system.request('DELETE', path, { auth: false }), 401);
    expect((await system.request<Contact>('GET', path)).body.email).toBe(removable.email);

    const orgBefore = (await system.request<{ version: number }>('GET', `/api/v1/organisations/${organisationNO}`)).body.version;
    const removed = await system.request('DELETE', path, { headers: { ...as('coordinatorNO'), 'if-match': '"1"' } });
    expectStatus(removed, 204);
    expectProblem(await system.request('GET', path), 404, 'CONTACT.NOT_FOUND');
    expectProblem(await system.request('DELETE', path, { headers: as('coordinatorNO') }), 404, 'CONTACT.NOT_FOUND');
    expect((await system.request<{ version: number }>('GET', `/api/v1/organisations/${organisationNO}`)).body.version).toBe(orgBefore + 1);
    // Erased, not merely hidden: no copy in the database, and the erasure event for the projections.
    expect((await rawDocuments('organisations')).filter((d) => d.json.includes(removable.email)).map((d) => d.collection)).toEqual([]);
    await eventually(
      async () =>
        (await readTopic(eventsTopic())).some(
          (m) => m.key === removable.personId && (m.value?.toString('utf8') ?? '').includes('organisations.contact.erased.v1'),
        ),
      'the contact.erased.v1 event',
    );
    expectProblem(
      await system.request('DELETE', '/api/v1/contacts/per_00000000000000000000000000000000', { headers: as('coordinatorNO') }),
      404,
    );
    expectProblem(await system.request('DELETE', '/api/v1/contacts/not-an-id'), 404);
  });

  it('a coordinator of Lapland adds contacts to Lapland organisations', async () => {
    const res = await system.request<Contact>('POST', '/api/v1/contacts', {
      body: contactBody(organisationLA),
      headers: as('coordinatorLA'),
    });
    expectStatus(res, 201);
    expect(res.body.regions).toEqual(['19']);
  });
});

describe('hostile and invalid input: a 4xx problem, and nothing stored', () => {
  const countChanges = () => withDatabase('organisations', (db) => db.collection('contacts_changes').countDocuments());

  it.each<[string, Record<string, unknown>, number]>([
    ['a bad email', { email: 'not-an-email' }, 422],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 422],
    ['an empty name', { name: '' }, 422],
    ['a title over 200 characters', { title: 'y'.repeat(201) }, 422],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.fi` }, 422],
    ['an unknown language', { language: 'de' }, 422],
    ['a bad phone', { phone: 'call me maybe' }, 422],
    ['an operator for the email', { email: { $gt: '' } }, 400],
    ['an operator for the organisation', { organisationId: { $ne: null } }, 400],
    ['an operator as a field', { $where: 'sleep(1000)' }, 400],
    ['a prototype key', { ['__proto__']: { admin: true } }, 400],
    ['a server-owned field', { regions: ['17', '19'] }, 422],
    ['an unknown organisation', { organisationId: UNKNOWN_ORGANISATION }, 422],
    ['a malformed organisation id', { organisationId: 'org_1; drop' }, 422],
  ])('POST with %s', async (_what, extra, status) => {
    const before = await countChanges();
    const body = JSON.stringify({ ...contactBody(organisationNO), ...extra });
    const res = await system.request('POST', '/api/v1/contacts', { rawBody: body, headers: { 'content-type': 'application/json' } });
    const problem = expectProblem(res, status);
    if (status === 422) expect(problem.errors?.length).toBeGreaterThan(0);
    expect(await countChanges()).toBe(before);
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['a null name', { name: null }, 422],
    ['a null email', { email: null }, 422],
    ['a bad email', { email: 'still@not' }, 422],
    ['an operator', { name: { $set: 'x' } }, 400],
    ['an unknown organisation', { organisationId: UNKNOWN_ORGANISATION }, 422],
  ])('PATCH with %s', async (_what, patch, status) => {
    const contact = await createContact(contactBody(organisationNO));
    const before = await countChanges();
    expectProblem(await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: patch }), status);
    expect(await countChanges()).toBe(before);
    expect((await system.request<Contact>('GET', `/api/v1/contacts/${contact.id}`)).body).toEqual(contact);
  });

  it('refuses lists without an organisation, with operators in the query, and ids that are not ids', async () => {
    expectProblem(await system.request('GET', '/api/v1/contacts'), 422);
    expectProblem(await system.request('GET', '/api/v1/contacts?organisationId[$ne]=x'), 400);
    expectProblem(await system.request('GET', `/api/v1/contacts?organisationId=${organisationNO}&limit=0`), 422);
    expectProblem(await system.request('GET', '/api/v1/contacts/per_..%2F..%2Fadmin'), 404);
    expectProblem(await system.request('GET', `/api/v1/contacts/${UNKNOWN_PERSON}`), 404, 'CONTACT.NOT_FOUND');
    expectProblem(await system.request('PATCH', '/api/v1/contacts/lo_1', { body: { title: 'x' } }), 404);
    expectProblem(
      await system.request('PATCH', `/api/v1/contacts/${UNKNOWN_PERSON}`, { body: { title: 'x' }, headers: { 'if-match': 'three' } }),
      400,
    );
  });
});

describe('GDPR: export and erasure', () => {
  it('exports everything held about a contact, with every stored version', async () => {
    const contact = await createContact(contactBody(organisationNO));
    const newEmail = `${unique('maija.uusi')}@example.fi`;
    expectStatus(await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { email: newEmail } }), 200);

    const res = await system.request<PersonExport>('GET', `/api/v1/persons/${contact.personId}/export`, { headers: as('coordinatorNO') });
    expectStatus(res, 200);
    expect(res.body.personId).toBe(contact.personId);
    expect(res.body.complete).toBe(true);
    expect(res.body.liaisonOfficers).toEqual([]);
    expect(res.body.contacts).toHaveLength(1);
    expect(res.body.contacts[0]?.current).toMatchObject({ id: contact.id, email: newEmail, version: 2 });
    expect(res.body.contacts[0]?.history.map((h) => [h.version, h.email])).toEqual([
      [1, contact.email],
      [2, newEmail],
    ]);
    expectProblem(await system.request('GET', `/api/v1/persons/${UNKNOWN_PERSON}/export`), 404, 'PERSON.NOT_FOUND');
  });

  it('erasure removes the contact from the database (state and change log), tombstones it in Kafka and in notifications', async () => {
    const contact = await createContact(contactBody(organisationNO));
    const secondEmail = `${unique('maija.toinen')}@example.fi`;
    expectStatus(
      await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { email: secondEmail, name: 'Maija Toinen' } }),
      200,
    );
    const emails = [contact.email, secondEmail];

    // Before: the data is there, in the organisations database and in the notifications projection.
    const before = await rawDocuments('organisations');
    for (const email of emails) expect(before.some((d) => d.json.includes(email))).toBe(true);
    await eventually(
      () =>
        withDatabase(
          'notifications',
          async (db) => (await db.collection('recipients').findOne({ _id: contact.personId as never })) !== null,
        ),
      'the contact in the recipients projection',
    );

    const orgBefore = await system.request<{ version: number; updatedAt: string }>('GET', `/api/v1/organisations/${organisationNO}`);
    const erased = await system.request('POST', `/api/v1/persons/${contact.personId}/erase`);
    expectStatus(erased, 204);
    expect(erased.text).toBe('');
    // The organisation lost a contact: it moves, so a sync from before the erasure sees it.
    const orgAfter = await system.request<{ version: number; updatedAt: string }>('GET', `/api/v1/organisations/${organisationNO}`);
    expect(orgAfter.body.version).toBe(orgBefore.body.version + 1);
    const changes = await system.request<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(orgBefore.body.updatedAt)}&limit=200`,
    );
    expect(changes.body.items.map((i) => i.id)).toContain(organisationNO);

    // The organisations database: no copy of the email or the name, in any collection.
    const after = await rawDocuments('organisations');
    const leftovers = after.filter((d) => emails.some((e) => d.json.includes(e)) || d.json.includes('Maija Toinen'));
    expect(leftovers.map((d) => d.collection)).toEqual([]);
    // The change log keeps its non-personal facts: every version, its time and the organisation.
    const log = await withDatabase('organisations', (db) =>
      db.collection('contacts_changes').find({ aggregateId: contact.id }).sort({ version: 1 }).toArray(),
    );
    expect(log.map((d) => d.version as number)).toEqual([1, 2, 3]);
    expect(log[0]?.state).toMatchObject({
      personId: contact.personId,
      organisationId: organisationNO,
      name: null,
      email: null,
      phone: null,
      erasedAt: expect.any(String) as string,
    });
    expect(log[2]?.state).toBeNull();

    // Kafka: a tombstone for the person on the compacted contacts topic, and the ids-only event.
    const tombstone = await eventually(
      async () => (await readTopic(contactsTopic())).find((m) => m.key === contact.personId && m.value === null),
      'the tombstone',
    );
    expect(tombstone.value).toBeNull();
    const event = await eventually(async () => {
      const all = (await readTopic(eventsTopic())).map(
        (m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { type: string; subject: string; data: unknown },
      );
      return all.find((e) => e.type === 'organisations.contact.erased.v1' && e.subject === contact.personId);
    }, 'the contact.erased.v1 event');
    expect(event.data).toEqual({ personId: contact.personId, erasedAt: expect.any(String) as string });

    // Notifications: the person is gone from the projection; only the id is remembered.
    await eventually(
      () =>
        withDatabase(
          'notifications',
          async (db) => (await db.collection('recipients').findOne({ _id: contact.personId as never })) === null,
        ),
      'the contact to leave the recipients projection',
    );
    const notificationDocs = await rawDocuments('notifications');
    expect(notificationDocs.filter((d) => emails.some((e) => d.json.includes(e))).map((d) => d.collection)).toEqual([]);
    expect(notificationDocs.some((d) => d.collection === 'erased_persons' && d.json.includes(contact.personId))).toBe(true);

    // The API: gone.
    expectProblem(await system.request('GET', `/api/v1/contacts/${contact.id}`), 404, 'CONTACT.NOT_FOUND');
    expectProblem(await system.request('PATCH', `/api/v1/contacts/${contact.id}`, { body: { name: 'Takaisin' } }), 404);
    expectProblem(await system.request('GET', `/api/v1/persons/${contact.personId}/export`), 404, 'PERSON.NOT_FOUND');
    const list = await system.request<Page<Contact>>('GET', `/api/v1/contacts?organisationId=${organisationNO}&limit=200`);
    expect(list.body.items.map((c) => c.id)).not.toContain(contact.id);

    // Idempotent: erasing again succeeds and publishes nothing new; a person never known is 404.
    expectStatus(await system.request('POST', `/api/v1/persons/${contact.personId}/erase`), 204);
    expectProblem(await system.request('POST', `/api/v1/persons/${UNKNOWN_PERSON}/erase`), 404, 'PERSON.NOT_FOUND');
    const events = (await readTopic(eventsTopic())).filter((m) => m.key === contact.personId);
    expect(events).toHaveLength(1);
  });

  it('one human as a contact person and a liaison officer (one email, two person ids): export shows both, one erasure reaches both', async () => {
    const email = `${unique('kaisa.kaksoisrooli')}@pudasjarvi.example.fi`;
    const contact = await createContact(contactBody(organisationNO, { name: 'Kaisa Kaksoisrooli', email }));
    const assign = async (address: string) => {
      const res = await system.request<{ id: string; personId: string }>('POST', '/api/v1/liaison-officers', {
        body: { name: 'Kaisa Kaksoisrooli', email: address, language: 'fi', municipalities: ['615'], organisationId: organisationNO },
      });
      expectStatus(res, 201);
      return res.body;
    };
    const officer = await assign(email);
    expect(officer.personId).not.toBe(contact.personId);
    const bystander = await createContact(contactBody(organisationNO));

    // The export of either person id shows both records (what the erasure would erase).
    for (const personId of [contact.personId, officer.personId]) {
      const exported = await system.request<PersonExport>('GET', `/api/v1/persons/${personId}/export`);
      expectStatus(exported, 200);
      expect(exported.body.contacts.map((c) => c.current.id)).toEqual([contact.id]);
      expect(exported.body.liaisonOfficers.map((l) => l.current.id)).toEqual([officer.id]);
    }

    expectStatus(await system.request('POST', `/api/v1/persons/${contact.personId}/erase`), 204);
    expectProblem(await system.request('GET', `/api/v1/contacts/${contact.id}`), 404, 'CONTACT.NOT_FOUND');
    expectProblem(await system.request('GET', `/api/v1/liaison-officers/${officer.id}`), 404, 'LIAISON_OFFICER.NOT_FOUND');
    for (const personId of [contact.personId, officer.personId])
      expectProblem(await system.request('GET', `/api/v1/persons/${personId}/export`), 404, 'PERSON.NOT_FOUND');
    expect((await rawDocuments('organisations')).filter((d) => d.json.includes(email)).map((d) => d.collection)).toEqual([]);
    // Downstream, each person id is erased: its tombstone and its contact.erased.v1.
    await eventually(async () => {
      const tombstones = (await readTopic(contactsTopic())).filter((m) => m.value === null).map((m) => m.key);
      return [contact.personId, officer.personId].every((id) => tombstones.includes(id));
    }, 'tombstones of both person ids');
    await eventually(async () => {
      const erased = (await readTopic(eventsTopic()))
        .map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { type: string; subject: string })
        .filter((e) => e.type === 'organisations.contact.erased.v1')
        .map((e) => e.subject);
      return [contact.personId, officer.personId].every((id) => erased.includes(id));
    }, 'contact.erased.v1 of both person ids');
    // Another person at another address is untouched.
    expectStatus(await system.request('GET', `/api/v1/contacts/${bystander.id}`), 200);

    // Removing a contact person (DELETE) removes that record only: the officer of the same address stays.
    const secondEmail = `${unique('kalle.kaksoisrooli')}@pudasjarvi.example.fi`;
    const removed = await createContact(contactBody(organisationNO, { email: secondEmail }));
    const staying = await assign(secondEmail);
    expectStatus(await system.request('DELETE', `/api/v1/contacts/${removed.id}`), 204);
    expectProblem(await system.request('GET', `/api/v1/contacts/${removed.id}`), 404, 'CONTACT.NOT_FOUND');
    expectStatus(await system.request('GET', `/api/v1/liaison-officers/${staying.id}`), 200);
  });

  it('an erased liaison officer is no longer emailed about new partners in their municipality', async () => {
    const mailbox = new Mailbox();
    const erasedEmail = `${unique('liisa.lahde')}@pudasjarvi.example.fi`;
    const keptEmail = `${unique('olli.ollila')}@pudasjarvi.example.fi`;
    const assign = async (email: string) => {
      const res = await system.request<{ id: string; personId: string }>('POST', '/api/v1/liaison-officers', {
        body: { name: 'Liisa Lähde', email, language: 'fi', municipalities: ['615'] },
      });
      expectStatus(res, 201);
      return res.body;
    };
    const officer = await assign(erasedEmail);
    const control = await assign(keptEmail);
    await eventually(
      () =>
        withDatabase(
          'notifications',
          async (db) =>
            (await db.collection('liaison_areas').countDocuments({ 'data.personId': { $in: [officer.personId, control.personId] } })) === 2,
        ),
      'both officers in the liaison areas projection',
    );
    const exported = await system.request<PersonExport>('GET', `/api/v1/persons/${officer.personId}/export`);
    expectStatus(exported, 200);
    expect(exported.body.liaisonOfficers.map((l) => [l.current.id, l.current.email])).toEqual([[officer.id, erasedEmail]]);
    expect(exported.body.liaisonOfficers[0]?.history).toEqual([
      expect.objectContaining({ version: 1, email: erasedEmail, municipalities: ['615'] }),
    ]);
    const mailsBefore = (await mailbox.to(erasedEmail)).filter((m) => m.subject.includes('Pudasjärven uusi kumppani')).length;
    const deliveriesOf = async (personId: string) =>
      (await system.request<{ items: Delivery[] }>('GET', '/api/v1/notifications/deliveries?limit=500')).body.items.filter(
        (d) => d.personId === personId,
      );
    const deliveriesBefore = (await deliveriesOf(officer.personId)).length;

    expectStatus(await system.request('POST', `/api/v1/persons/${officer.personId}/erase`), 204);
    expectProblem(await system.request('GET', `/api/v1/liaison-officers/${officer.id}`), 404);
    expect((await rawDocuments('organisations')).filter((d) => d.json.includes(erasedEmail)).map((d) => d.collection)).toEqual([]);
    await eventually(
      () =>
        withDatabase('notifications', async (db) => {
          const area = await db.collection('liaison_areas').findOne({ _id: officer.id as never });
          const recipient = await db.collection('recipients').findOne({ _id: officer.personId as never });
          return area?.deleted === true && recipient === null;
        }),
      'the officer to leave the notifications projections',
    );

    // A new partner in Pudasjärvi: the other officer is told, the erased one is not.
    const name = `Pudasjärven uusi kumppani ${unique('ry')}`;
    expectStatus(
      await system.request('POST', '/api/v1/organisations', { body: { kind: 'association', name: { fi: name }, municipalities: ['615'] } }),
      201,
    );
    await eventually(async () => (await mailbox.to(keptEmail)).some((m) => m.subject.includes(name)), 'the email to the other officer');
    // Nothing else: notifications has handled the event and sent all it queued (the log is final).
    await emailsSettled(system);
    expect((await mailbox.to(erasedEmail)).filter((m) => m.subject.includes('Pudasjärven uusi kumppani'))).toHaveLength(mailsBefore);
    // Nothing was even queued for them, and the log keeps only a pseudonym; the other officer's email went out.
    expect(await deliveriesOf(officer.personId)).toHaveLength(0);
    await eventually(
      async () => (await deliveriesOf(pseudonym(officer.personId))).length >= Math.max(deliveriesBefore, 1),
      'the delivery log to keep only a pseudonym',
    );
    expect((await deliveriesOf(control.personId)).some((d) => d.status === 'sent')).toBe(true);
  });
});

describe('GDPR: queued emails to an erased person are never sent', () => {
  let outage: TestSystem;

  async function closedPort(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
  }

  beforeAll(async () => {
    // A second, isolated system whose mail server is down: every email stays queued and retries.
    outage = await TestSystem.start('contacts-smtp-down', ['gateway', 'organisations', 'notifications'], {
      notifications: { SMTP_PORT: String(await closedPort()), MAIL_MAX_ATTEMPTS: '50', MAIL_RETRY_BASE_MS: '200' },
    });
  });

  afterAll(async () => {
    await outage?.stop();
  });

  it('cancels them (failed, reason: erased) and keeps only the person id', async () => {
    const email = `${unique('jonossa')}@pudasjarvi.example.fi`;
    const officer = await outage.request<{ personId: string }>('POST', '/api/v1/liaison-officers', {
      body: { name: 'Jonossa Oleva', email, language: 'fi', municipalities: ['615'] },
    });
    expectStatus(officer, 201);
    const personId = officer.body.personId;
    const db = await connectTestDatabase(outage.databaseName('notifications'));
    try {
      await eventually(
        async () => (await db.collection('liaison_areas').countDocuments({ 'data.personId': personId })) === 1,
        'the officer in the projection',
      );
      await eventually(
        async () => (await db.collection('recipients').findOne({ _id: personId as never })) !== null,
        'the officer’s contact data',
      );
      expectStatus(
        await outage.request('POST', '/api/v1/organisations', {
          body: { kind: 'association', name: { fi: `Jonon kumppani ${unique('ry')}` }, municipalities: ['615'] },
        }),
        201,
      );
      const myDeliveries = async () =>
        (await outage.request<{ items: Delivery[] }>('GET', '/api/v1/notifications/deliveries?limit=500')).body.items.filter(
          // (The welcome on appointment is another delivery; this test follows the organisation's.)
          (d) =>
            (d.personId === personId || d.personId === pseudonym(personId)) && d.eventType === 'organisations.organisation.registered.v1',
        );
      const queued = await eventually(async () => {
        const mine = await myDeliveries();
        return mine.length === 1 && mine[0]?.status === 'queued' && (mine[0]?.attempts ?? 0) >= 1 ? mine[0] : undefined;
      }, 'a queued email retrying against the unreachable mail server');
      expect(queued.lastError).not.toBeNull();

      expectStatus(await outage.request('POST', `/api/v1/persons/${personId}/erase`), 204);

      // The erasure ends with the email cancelled and no row naming the person (cancelling comes first).
      const cancelled = await eventually(async () => {
        const mine = await myDeliveries();
        if (mine[0]?.status !== 'failed') return undefined;
        return (await db.collection('deliveries').countDocuments({ personId })) === 0 ? mine[0] : undefined;
      }, 'the queued email to be cancelled and the person id gone from the delivery log');
      expect(cancelled.lastError).toMatch(/erased/);
      const rows = await db
        .collection('deliveries')
        .find({ personId: pseudonym(personId) })
        .toArray();
      expect(rows.filter((r) => r['eventType'] === 'organisations.organisation.registered.v1')).toHaveLength(1);
      expect(rows.every((r) => r['status'] === 'failed' || r['status'] === 'sent')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(email);
      expect(await db.collection('recipients').findOne({ _id: personId as never })).toBeNull();
      // And it stays that way: the worker never picks it up again. The marker: a delivery queued
      // after the cancellation (a new officer's welcome, retrying against the unreachable server)
      // has been attempted twice since, so the worker has gone through the due deliveries after it.
      const sentinel = await outage.request<{ personId: string }>('POST', '/api/v1/liaison-officers', {
        body: { name: 'Vartija Viimeinen', email: `${unique('vartija')}@pudasjarvi.example.fi`, language: 'fi', municipalities: ['564'] },
      });
      expectStatus(sentinel, 201);
      await eventually(async () => {
        const res = await outage.request<{ items: Delivery[] }>(
          'GET',
          `/api/v1/notifications/deliveries?personId=${sentinel.body.personId}`,
        );
        return res.body.items.some((d) => d.attempts >= 2);
      }, 'two attempts of a delivery queued after the cancellation');
      expect((await myDeliveries())[0]?.status).toBe('failed');
    } finally {
      await db.close();
    }
  });
});
