import { TestSystem, connectTestDatabase, eventually, readTopic, type ApiResponse } from '@yp/shared-testing';

/**
 * Text that is safe to show and to email, through the gateway and the organisations service as
 * real processes: a control character, a line break in a one-line field, a bidi override or
 * isolate, or an unpaired surrogate is a 422 naming the field, and nothing is stored; what is
 * stored (and published) is NFC; descriptions keep their line feeds. The CSV import applies the
 * same rules row by row.
 */

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}
interface Organisation {
  id: string;
  version: number;
  name: { fi: string; sv?: string; en?: string };
  description?: { fi?: string; sv?: string; en?: string };
  postalAddress?: { street: string; postalCode?: string; postOffice: string };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ImportReport {
  created: number;
  failed: number;
  rows: { row: number; status: string; id?: string; errors?: { field: string; message: string }[] }[];
}

const ORGANISATIONS = '/api/v1/organisations';
const ORG_ID = 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f';
const NFD_NAME = 'Pudasja\u0308rven Kyla\u0308yhdistys ry'; // "ä" as "a" + U+0308, as macOS keyboards send it
const NFC_NAME = 'Pudasjärven Kyläyhdistys ry';

const organisation = (name: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'association',
  name,
  municipalities: ['615'],
  ...extra,
});

/** The bad characters of the issue, each inside an otherwise valid name. */
const BAD_CHARACTERS: readonly [string, string, RegExp][] = [
  ['NUL', '\u0000', /must not contain control characters \(U\+0000 at character 6\)/],
  ['CR LF', '\r\n', /must be a single line, without line breaks \(U\+000D at character 6\)/],
  ['TAB', '\t', /must not contain control characters \(U\+0009 at character 6\)/],
  ['C1 next line U+0085', '\u0085', /must be a single line, without line breaks \(U\+0085 at character 6\)/],
  ['right-to-left override U+202E', '\u202E', /bidirectional override or isolate controls \(U\+202E at character 6\)/],
  ['left-to-right isolate U+2066', '\u2066', /bidirectional override or isolate controls \(U\+2066 at character 6\)/],
  ['a lone high surrogate', '\uD83D', /without unpaired surrogates \(U\+D83D at character 6\)/],
  ['a lone low surrogate', '\uDE00', /without unpaired surrogates \(U\+DE00 at character 6\)/],
];

interface BadCase {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly field: string;
  readonly says: RegExp;
}

const badCases: BadCase[] = [
  ...BAD_CHARACTERS.map(([what, char, says]): BadCase => ({
    name: `name.fi with ${what}`,
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: `Kylä ${char}ry` }),
    field: 'name.fi',
    says,
  })),
  {
    name: 'name.sv with a right-to-left override',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry', sv: 'By\u202Efdp.exe' }),
    field: 'name.sv',
    says: /U\+202E at character 3/,
  },
  {
    name: 'description.fi with a TAB (multi-line: line feeds only)',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { description: { fi: 'Rivi yksi\nRivi\tkaksi' } }),
    field: 'description.fi',
    says: /control characters \(U\+0009 at character 15\)/,
  },
  {
    name: 'description.en with a paragraph separator U+2029',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { description: { en: 'One\u2029Two' } }),
    field: 'description.en',
    says: /may break lines only with a line feed \(U\+000A\) \(U\+2029 at character 4\)/,
  },
  {
    name: 'postalAddress.street with CR LF',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { postalAddress: { street: 'Kylätie 1\r\nBcc: x@example.fi', postOffice: 'Pudasjärvi' } }),
    field: 'postalAddress.street',
    says: /single line/,
  },
  {
    name: 'email with a right-to-left override (the e-mail format lets it through)',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { email: 'info\u202Etxt.exe@kyla.example.fi' }),
    field: 'email',
    says: /U\+202E at character 5/,
  },
  {
    name: 'email with a lone surrogate (was a 500: validator.js throws on it)',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { email: 'info\uD800@kyla.example.fi' }),
    field: 'email',
    says: /U\+D800 at character 5/,
  },
  {
    name: 'website with NUL (the URL format lets it through)',
    method: 'POST',
    path: ORGANISATIONS,
    body: organisation({ fi: 'Kylä ry' }, { website: 'https://kyla.example.fi/\u0000' }),
    field: 'website',
    says: /control characters/,
  },
  {
    name: 'search string with NUL',
    method: 'GET',
    path: `${ORGANISATIONS}?q=kyl%C3%A4%00`,
    field: 'q',
    says: /control characters \(U\+0000 at character 5\)/,
  },
  {
    name: 'liaison officer name with a right-to-left override',
    method: 'POST',
    path: '/api/v1/liaison-officers',
    body: { name: 'Liisa\u202E Lähde', email: 'liisa.lahde@pudasjarvi.example.fi', language: 'fi', municipalities: ['615'] },
    field: 'name',
    says: /U\+202E/,
  },
  {
    name: 'contact title with CR LF',
    method: 'POST',
    path: '/api/v1/contacts',
    body: { name: 'Maija Mäkelä', email: 'maija@kyla.example.fi', title: 'Sihteeri\r\nX', language: 'fi', organisationId: ORG_ID },
    field: 'title',
    says: /single line/,
  },
  {
    name: 'activity village with a left-to-right isolate',
    method: 'POST',
    path: '/api/v1/activities',
    body: {
      organisationId: ORG_ID,
      name: { fi: 'Kahvila' },
      type: 'meeting-place',
      deliveryModes: ['remote'],
      municipalities: ['615'],
      villages: ['Sarakylä', 'Kuren\u2066alus'],
    },
    field: 'villages',
    says: /each value in villages .*U\+2066/,
  },
  {
    name: 'user display name with a right-to-left override (gateway DTO)',
    method: 'POST',
    path: '/api/v1/users',
    body: { username: 'rlo@yhteispeli.test', displayName: 'Kaisa\u202E', roles: ['admin'], regions: [], password: 'a-long-password-123' },
    field: 'displayName',
    says: /U\+202E/,
  },
  {
    name: 'API key name with ESC (gateway DTO)',
    method: 'POST',
    path: '/api/v1/api-keys',
    body: { name: 'Synkronointi \u001B[2J', regions: ['19'], access: 'read' },
    field: 'name',
    says: /control characters/,
  },
];

let system: TestSystem;

beforeAll(async () => {
  system = await TestSystem.start('textsafety', ['organisations', 'notifications', 'gateway']);
});

afterAll(async () => {
  await system?.stop();
});

const register = (body: unknown) => system.request<Organisation & Problem>('POST', ORGANISATIONS, { body });
const eventsTopic = () => `${system.topicPrefix}yp.organisations.events`;

describe('unsafe text is refused', () => {
  it.each(badCases.map((c) => [c.name, c] as const))('%s → 422 naming the field', async (_name, c) => {
    const res: ApiResponse<Problem> = await system.request<Problem>(c.method, c.path, { body: c.body });
    // One comparison first, so that a failure prints the whole answer.
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 422, code: 'REQUEST.VALIDATION_FAILED' });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field: c.field, message: expect.stringMatching(c.says) as unknown }]));
  });

  it('stored and published nothing', async () => {
    const db = await connectTestDatabase(system.databaseName('organisations'));
    try {
      const counts: Record<string, number> = {};
      // The change logs are both the commits and the outbox: empty means nothing stored, nothing published.
      for (const name of ['organisations', 'organisations_changes', 'liaison_officers_changes', 'contacts_changes', 'activities_changes']) {
        counts[name] = await db.collection(name).countDocuments({});
      }
      expect(counts).toEqual({
        organisations: 0,
        organisations_changes: 0,
        liaison_officers_changes: 0,
        contacts_changes: 0,
        activities_changes: 0,
      });
    } finally {
      await db.close();
    }
    const users = await system.request<Page<{ username: string }>>('GET', '/api/v1/users?limit=200');
    expect(users.status).toBe(200);
    expect(users.body.items.map((u) => u.username)).not.toContain('rlo@yhteispeli.test');
    const keys = await system.request<Page<{ name: string }>>('GET', '/api/v1/api-keys?limit=200');
    expect(keys.status).toBe(200);
    expect(keys.body.items).toEqual([]);
  });
});

describe('safe text is stored as NFC', () => {
  let created: Organisation;

  it('stores an NFD name as NFC, and keeps the line feeds of a description (CR LF as LF)', async () => {
    const res = await register(
      organisation(
        { fi: NFD_NAME, sv: 'A\u030Abo byaf\u00F6rening' },
        {
          description: { fi: 'Kylätalo on avoinna:\r\n- tiistaisin\n- torstaisin\n\nTervetuloa! 👨‍👩‍👧 ☕️' },
          postalAddress: { street: 'Kyla\u0308tie 1', postalCode: '93100', postOffice: 'Pudasja\u0308rvi' },
        },
      ),
    );
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
    created = res.body;
    const stored = await system.request<Organisation>('GET', `${ORGANISATIONS}/${created.id}`);
    expect(stored.body.name).toEqual({ fi: NFC_NAME, sv: 'Åbo byaförening' });
    expect(stored.body.description?.fi).toBe('Kylätalo on avoinna:\n- tiistaisin\n- torstaisin\n\nTervetuloa! 👨‍👩‍👧 ☕️');
    expect(stored.body.postalAddress).toEqual({ street: 'Kylätie 1', postalCode: '93100', postOffice: 'Pudasjärvi' });
  });

  it('publishes the NFC text in the registered event', async () => {
    const event = await eventually(
      async () =>
        (await readTopic(eventsTopic()))
          .map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { subject: string; type: string; data: unknown })
          .find((e) => e.subject === created.id && e.type === 'organisations.organisation.registered.v1'),
      'the registered event',
    );
    const data = JSON.stringify(event.data);
    expect(data).toContain(NFC_NAME);
    expect(data).not.toContain(NFD_NAME);
  });

  it('refuses a PATCH with a bad character and leaves the organisation as it was', async () => {
    const res = await system.request<Problem>('PATCH', `${ORGANISATIONS}/${created.id}`, { body: { name: { fi: 'Kylä\u202Ery' } } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 422,
      errors: [{ field: 'name.fi', message: expect.stringMatching(/U\+202E/) as unknown }],
    });
    const after = await system.request<Organisation>('GET', `${ORGANISATIONS}/${created.id}`);
    expect({ version: after.body.version, name: after.body.name.fi }).toEqual({ version: created.version, name: NFC_NAME });
  });

  it('allows direction marks (U+200F) in Arabic text and zero-width joiners in emoji', async () => {
    const res = await register(organisation({ fi: 'Perhekahvila 👩‍👧', en: 'مركز المجتمع\u200F Pudasjärvi' }));
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
    expect(res.body.name).toEqual({ fi: 'Perhekahvila 👩‍👧', en: 'مركز المجتمع\u200F Pudasjärvi' });
  });
});

describe('the CSV import applies the same rules', () => {
  it('fails a row with a bad character, naming the column, and stores the others as NFC with LF line breaks', async () => {
    const csv = [
      'kind;name_fi;municipalities;description_fi',
      `association;Kyla\u0308seura ry;615;"Rivi yksi\r\nRivi kaksi"`,
      `association;Seura\u202Eexe.fdp;615;`,
      `association;Seura\u0000 ry;615;`,
    ].join('\r\n');
    const res = await system.request<ImportReport>('POST', `${ORGANISATIONS}/import`, {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect({ created: res.body.created, failed: res.body.failed }).toEqual({ created: 1, failed: 2 });
    const [good, rlo, nul] = res.body.rows;
    expect(rlo).toEqual(
      expect.objectContaining({
        row: 3,
        status: 'failed',
        errors: [{ field: 'name_fi', message: expect.stringMatching(/U\+202E at character 6/) as unknown }],
      }),
    );
    expect(nul).toEqual(
      expect.objectContaining({
        row: 4,
        status: 'failed',
        errors: [{ field: 'name_fi', message: expect.stringMatching(/U\+0000 at character 6/) as unknown }],
      }),
    );
    const stored = await system.request<Organisation>('GET', `${ORGANISATIONS}/${good?.id ?? 'missing'}`);
    expect({ name: stored.body.name.fi, description: stored.body.description?.fi }).toEqual({
      name: 'Kyläseura ry',
      description: 'Rivi yksi\nRivi kaksi',
    });
  });
});
