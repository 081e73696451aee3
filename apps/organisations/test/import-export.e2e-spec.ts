import { isValidBusinessId } from '@yp/contracts-http';
import { TestSystem, type ApiResponse } from '@yp/shared-testing';

/**
 * Bulk transfer of the register through the gateway, on the real infrastructure: CSV import
 * (semicolons, commas with a byte-order mark, per-row errors, re-runs without duplicates, updates,
 * dry runs, the region rule per row), the CSV export that re-imports unchanged, and the NDJSON
 * export streamed through the gateway.
 */

interface Organisation {
  id: string;
  version: number;
  kind: string;
  name: { fi: string; sv?: string; en?: string };
  businessId?: string;
  municipalities: string[];
  regions: string[];
  themes: string[];
  lifeStages: string[];
  email?: string;
  phone?: string;
  status: string;
  postalAddress?: { street: string; postalCode: string; postOffice: string };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface RowResult {
  row: number;
  status: 'created' | 'updated' | 'unchanged' | 'failed';
  id?: string;
  errors?: { field: string; message: string; code?: string }[];
}
interface Report {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: RowResult[];
}

let system: TestSystem;
const PASSWORD = 'transfer-password-123';

beforeAll(async () => {
  system = await TestSystem.start('transfer', ['gateway', 'organisations']);
});

afterAll(async () => {
  await system?.stop();
});

const usedBusinessIds = new Set<string>();
function businessId(): string {
  for (;;) {
    const body = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    for (let check = 0; check <= 9; check++) {
      const id = `${body}-${check}`;
      if (isValidBusinessId(id) && !usedBusinessIds.has(id)) {
        usedBusinessIds.add(id);
        return id;
      }
    }
  }
}
/** A well-formed business ID whose check digit is wrong. */
function wrongCheckDigit(): string {
  const id = businessId();
  const [body, check] = id.split('-');
  return `${body}-${(Number(check) + 1) % 10}`;
}

function importCsv(csv: string, options: { dryRun?: boolean; token?: string; contentType?: string } = {}): Promise<ApiResponse<Report>> {
  return system.request<Report>('POST', `/api/v1/organisations/import${options.dryRun ? '?dryRun=true' : ''}`, {
    rawBody: csv,
    headers: { 'content-type': options.contentType ?? 'text/csv', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
  });
}

async function mustImport(csv: string, options: { dryRun?: boolean; token?: string } = {}): Promise<Report> {
  const res = await importCsv(csv, options);
  if (res.status !== 200) throw new Error(`import: ${res.status} ${res.text.slice(0, 500)}`);
  return res.body;
}

async function all(query = ''): Promise<Organisation[]> {
  const items: Organisation[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', '200');
    if (cursor) params.set('cursor', cursor);
    const res: ApiResponse<Page<Organisation>> = await system.request('GET', `/api/v1/organisations?${params.toString()}`);
    if (res.status !== 200) throw new Error(`list: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

async function get(id: string): Promise<Organisation> {
  const res = await system.request<Organisation>('GET', `/api/v1/organisations/${id}`);
  if (res.status !== 200) throw new Error(`get ${id}: ${res.status} ${res.text}`);
  return res.body;
}

const byRow = (report: Report, row: number) => report.rows.find((r) => r.row === row);
const fieldsOf = (result: RowResult | undefined) => (result?.errors ?? []).map((e) => e.field);
const stamp = Date.now().toString(36);

// Names unique to this run; the rows below are referred to by their row number (header = row 1).
const pudasjarvi = { name: `Pudasjärven Kyläyhdistys ${stamp}`, businessId: businessId() };
const SEMICOLON_FILE = [
  'kind;name_fi;name_sv;business_id;municipalities;themes;life_stages;email;phone;street;postal_code;post_office',
  `association;${pudasjarvi.name};Pudasjärvi byförening ${stamp};${pudasjarvi.businessId};615;village-development|inclusion;older-people;info@kyla.example.fi;+358 40 123 4567;Varsitie 7;93100;Pudasjärvi`,
  `association;Iin Eläkeläiset ${stamp};;;139 564;loneliness;older-people;;;;;`,
  `parish;Rovaniemen seurakunta ${stamp};;;698;;;;;;;`,
  `association;Väärä tarkiste ${stamp};;${wrongCheckDigit()};615;;;;;;;`,
  `association;Tuntematon kunta ${stamp};;;999;;;;;;;`,
  `association;Tuntematon teema ${stamp};;;615;flying;;;;;;`,
  `association;Huono sähköposti ${stamp};;;615;;;not-an-email;;;;`,
  `association;${'P'.repeat(201)};;;615;;;;;;;`,
].join('\n');

describe('CSV import', () => {
  let first: Report;

  it('imports a semicolon file: good rows apply, bad rows are reported with the column at fault', async () => {
    first = await mustImport(SEMICOLON_FILE);
    expect(first).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0, failed: 5 });
    expect(first.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'failed'],
      [6, 'failed'],
      [7, 'failed'],
      [8, 'failed'],
      [9, 'failed'],
    ]);
    expect(fieldsOf(byRow(first, 5))).toEqual(['business_id']);
    expect(fieldsOf(byRow(first, 6))).toEqual(['municipalities']);
    expect(fieldsOf(byRow(first, 7))).toEqual(['themes']);
    expect(fieldsOf(byRow(first, 8))).toEqual(['email']);
    expect(fieldsOf(byRow(first, 9))).toEqual(['name_fi']);

    const created = await get(byRow(first, 2)!.id!);
    expect(created).toMatchObject({
      kind: 'association',
      name: { fi: pudasjarvi.name, sv: `Pudasjärvi byförening ${stamp}` },
      businessId: pudasjarvi.businessId,
      municipalities: ['615'],
      regions: ['17'],
      themes: ['inclusion', 'village-development'],
      lifeStages: ['older-people'],
      email: 'info@kyla.example.fi',
      phone: '+358 40 123 4567',
      postalAddress: { street: 'Varsitie 7', postalCode: '93100', postOffice: 'Pudasjärvi' },
      status: 'active',
    });
    expect((await get(byRow(first, 3)!.id!)).municipalities).toEqual(['139', '564']);
    expect(await all()).toHaveLength(3);
  });

  it('imports a comma file with a byte-order mark, CRLF and quoted fields', async () => {
    const csv =
      '\uFEFFKind,Name_FI,Municipalities,Description_FI\r\n' +
      `association,"Kemijärven Kylät, Yhdessä ${stamp}",320,"Kyläkahvila; lukupiiri ja ""tietotupa"""\r\n` +
      `company,Sodankylän Palvelu Oy ${stamp},758,\r\n`;
    const report = await mustImport(csv);
    expect(report).toMatchObject({ created: 2, failed: 0 });
    const kemijarvi = await get(byRow(report, 2)!.id!);
    expect(kemijarvi.name.fi).toBe(`Kemijärven Kylät, Yhdessä ${stamp}`);
    expect(kemijarvi).toMatchObject({ municipalities: ['320'], regions: ['19'] });
    expect(await all()).toHaveLength(5);
  });

  it('running the same file again changes nothing and duplicates nothing', async () => {
    const again = await mustImport(SEMICOLON_FILE);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 5 });
    expect([2, 3, 4].map((row) => byRow(again, row)?.id)).toEqual([2, 3, 4].map((row) => byRow(first, row)?.id));
    expect(await all()).toHaveLength(5);
    expect((await get(byRow(first, 2)!.id!)).version).toBe(1);
  });

  it('matches by name ignoring case and diacritics in the same municipalities, and updates what changed', async () => {
    const id = byRow(first, 3)!.id!;
    const csv = ['kind;name_fi;municipalities;email', `association;IIN ELAKELAISET ${stamp};564|139;elakelaiset@ii.example.fi`].join('\n');
    const report = await mustImport(csv);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    expect(byRow(report, 2)).toEqual({ row: 2, status: 'updated', id });
    const updated = await get(id);
    expect(updated).toMatchObject({ version: 2, email: 'elakelaiset@ii.example.fi', name: { fi: `IIN ELAKELAISET ${stamp}` } });
    expect(await all()).toHaveLength(5);
  });

  it('a changed row of the original file updates by business ID; an emptied cell clears; the rest stay unchanged', async () => {
    const changed = SEMICOLON_FILE.replace('info@kyla.example.fi', 'toimisto@kyla.example.fi').replace(
      `Iin Eläkeläiset ${stamp}`,
      `IIN ELAKELAISET ${stamp}`,
    );
    const report = await mustImport(changed);
    expect(report).toMatchObject({ created: 0, updated: 2, unchanged: 1, failed: 5 });
    expect(byRow(report, 2)?.status).toBe('updated');
    expect(byRow(report, 4)?.status).toBe('unchanged');
    expect((await get(byRow(first, 2)!.id!)).email).toBe('toimisto@kyla.example.fi');
    // Row 3 has the email column but an empty cell: the address set by the previous import is cleared.
    expect(byRow(report, 3)?.status).toBe('updated');
    expect((await get(byRow(first, 3)!.id!)).email).toBeUndefined();
  });

  it('dryRun reports what would happen and writes nothing', async () => {
    const before = await all();
    const csv = [
      'kind;name_fi;business_id;municipalities;email',
      `association;${pudasjarvi.name};${pudasjarvi.businessId};615;kokeilu@kyla.example.fi`,
      `association;Uusi Yhdistys ${stamp};;615;`,
      `association;Rikki ${stamp};;999;`,
    ].join('\n');
    const report = await mustImport(csv, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, created: 1, updated: 1, unchanged: 0, failed: 1 });
    expect(byRow(report, 2)).toEqual({ row: 2, status: 'updated', id: byRow(first, 2)!.id });
    expect(await all()).toEqual(before);
  });

  it('refuses, per row, what the caller may not write: a Lapland coordinator and a North Ostrobothnia row', async () => {
    const username = `lapin.koordinaattori.${stamp}@example.fi`;
    const user = await system.request('POST', '/api/v1/users', {
      body: { username, displayName: 'Lapin koordinaattori', roles: ['coordinator'], regions: ['19'], password: PASSWORD },
    });
    expect(user.status).toBe(201);
    const { accessToken } = await system.logIn(username, PASSWORD);
    const csv = [
      'kind;name_fi;municipalities',
      `association;Sallan Nuoret ${stamp};732`,
      `association;Oulun Nuoret ${stamp};564`,
      `association;Kahden maakunnan ${stamp};564 698`,
    ].join('\n');
    const report = await mustImport(csv, { token: accessToken });
    expect(report).toMatchObject({ created: 1, failed: 2 });
    expect(byRow(report, 2)?.status).toBe('created');
    for (const row of [3, 4]) {
      expect(byRow(report, row)).toMatchObject({
        status: 'failed',
        errors: [{ field: 'municipalities', code: 'ORGANISATION.REGION_FORBIDDEN' }],
      });
    }
    // The same coordinator may not change a North Ostrobothnia organisation through a file either.
    const change = await mustImport(
      [
        'kind;name_fi;business_id;municipalities;email',
        `association;${pudasjarvi.name};${pudasjarvi.businessId};615;lappi@example.fi`,
      ].join('\n'),
      { token: accessToken },
    );
    expect(byRow(change, 2)).toMatchObject({
      status: 'failed',
      id: byRow(first, 2)!.id,
      errors: [{ code: 'ORGANISATION.REGION_FORBIDDEN' }],
    });
    expect((await get(byRow(first, 2)!.id!)).email).toBe('toimisto@kyla.example.fi');
  });

  it('integration keys of a region may import; read-only keys and liaison officers may not', async () => {
    const key = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
      body: { name: `lapin avain ${stamp}`, regions: ['19'], access: 'read-write' },
    });
    const reader = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
      body: { name: `lukuavain ${stamp}`, regions: ['19'], access: 'read' },
    });
    const csv = ['kind;name_fi;municipalities', `association;Kittilän Kyläyhdistys ${stamp};261`].join('\n');
    expect((await mustImport(csv, { token: key.body.key })).created).toBe(1);
    expect((await importCsv(csv, { token: reader.body.key })).status).toBe(403);
    const username = `lapin.yhdyshenkilo.${stamp}@example.fi`;
    const user = await system.request('POST', '/api/v1/users', {
      body: { username, displayName: 'Lapin yhdyshenkilö', roles: ['liaison-officer'], regions: ['19'], password: PASSWORD },
    });
    expect(user.status).toBe(201);
    const { accessToken } = await system.logIn(username, PASSWORD);
    expect((await importCsv(csv, { token: accessToken })).status).toBe(403);
    // Reading the register in bulk is open to every role.
    expect(
      (await system.request('GET', '/api/v1/organisations/export.ndjson', { headers: { authorization: `Bearer ${accessToken}` } })).status,
    ).toBe(200);
  });

  it('refuses what is not a CSV file (415), a file over 5 MiB (413) and a file it cannot read (422)', async () => {
    expect((await importCsv('kind;name_fi;municipalities\n', { contentType: 'text/plain' })).status).toBe(415);
    const json = await system.request('POST', '/api/v1/organisations/import', { body: { kind: 'association' } });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const big = await importCsv(
      `kind;name_fi;municipalities\n${'association;Iso tiedosto;615\n'.repeat(Math.ceil((5 * 1024 * 1024) / 28) + 10)}`,
    );
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'REQUEST.PAYLOAD_TOO_LARGE', instance: '/api/v1/organisations/import' });
    const unknown = await importCsv('kind;nimi;municipalities\nassociation;X;615\n');
    expect(unknown.status).toBe(422);
    const problem = unknown.body as unknown as { code: string; errors: { field: string; message: string }[] };
    expect(problem.code).toBe('ORGANISATION.IMPORT_FILE_UNUSABLE');
    expect(problem.errors.find((e) => e.field === 'nimi')?.message).toMatch(/unknown column/);
    const tooMany = await importCsv(
      `kind;name_fi;municipalities\n${Array.from({ length: 5001 }, (_, i) => `association;Rivi ${i};615`).join('\n')}`,
    );
    expect(tooMany.status).toBe(422);
    expect(await all()).toHaveLength(7);
  });
});

describe('exports', () => {
  it('export.csv is a semicolon UTF-8 file with a byte-order mark that re-imports as all unchanged', async () => {
    const res = await fetch(`${system.url('gateway')}/api/v1/organisations/export.csv`, {
      headers: { authorization: `Bearer ${await system.token_()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="organisations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(
      'id;kind;name_fi;name_sv;name_en;business_id;association_register_number;municipalities;themes;life_stages;website;email;phone;street;postal_code;post_office;description_fi;description_sv;description_en;status',
    );
    expect(text).toContain("'+358 40 123 4567");
    const count = (await all()).length;
    expect(text.trim().split('\r\n')).toHaveLength(count + 1);

    const report = await mustImport(text);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: count, failed: 0 });
    expect(await all()).toHaveLength(count);
  });

  it('an edited export updates what was edited, including a rename matched by id', async () => {
    const res = await system.request('GET', `/api/v1/organisations/export.csv?municipality=698`);
    expect(res.status).toBe(200);
    const edited = res.text.replace(`Rovaniemen seurakunta ${stamp}`, `Rovaniemen ev.-lut. seurakunta ${stamp}`);
    const report = await mustImport(edited);
    expect(report).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect((await get(report.rows[0].id!)).name.fi).toBe(`Rovaniemen ev.-lut. seurakunta ${stamp}`);
  });

  it('export.ndjson streams one organisation per line, shaped as GET /organisations/{id}, with the list filters', async () => {
    const res = await fetch(`${system.url('gateway')}/api/v1/organisations/export.ndjson`, {
      headers: { authorization: `Bearer ${await system.token_()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    // Streamed through the gateway, not buffered: no length known in advance.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Organisation);
    const listed = await all();
    expect(lines.map((o) => o.id).sort()).toEqual(listed.map((o) => o.id).sort());
    const one = lines.find((o) => o.name.fi === pudasjarvi.name)!;
    expect(one).toEqual(await get(one.id));

    const lapland = await system.request('GET', '/api/v1/organisations/export.ndjson?region=19&kind=association');
    const laplandLines = lapland.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Organisation);
    expect(laplandLines.map((o) => o.id).sort()).toEqual((await all('region=19&kind=association')).map((o) => o.id).sort());
    expect(laplandLines.every((o) => o.regions.includes('19') && o.kind === 'association')).toBe(true);
    const none = await system.request('GET', '/api/v1/organisations/export.ndjson?municipality=047');
    expect(none.status).toBe(200);
    expect(none.text).toBe('');
    expect((await system.request('GET', '/api/v1/organisations/export.ndjson?region=99')).status).toBe(422);
  });

  it('streams a register larger than one page of the service (1200 organisations imported in one file)', async () => {
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `association;Massatuonti ${stamp} ${String(i).padStart(4, '0')};${i % 2 ? '698' : '615'};inclusion`,
    );
    const started = Date.now();
    const report = await mustImport(['kind;name_fi;municipalities;themes', ...rows].join('\n'));
    const seconds = (Date.now() - started) / 1000;
    expect(report).toMatchObject({ created: 1200, failed: 0 });
    process.stdout.write(`imported 1200 rows in ${seconds.toFixed(1)} s\n`);
    const total = (await all()).length;
    const ndjson = await system.request('GET', '/api/v1/organisations/export.ndjson');
    expect(ndjson.text.trimEnd().split('\n')).toHaveLength(total);
    const csv = await system.request('GET', '/api/v1/organisations/export.csv?theme=inclusion');
    expect(csv.text.trim().split('\r\n').length - 1).toBe((await all('theme=inclusion')).length);
  }, 300_000);

  it('anonymous callers get 401 on every transfer route', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/organisations/export.csv'],
      ['GET', '/api/v1/organisations/export.ndjson'],
      ['POST', '/api/v1/organisations/import'],
    ] as const) {
      expect(
        (
          await system.request(method, path, {
            auth: false,
            ...(method === 'POST' ? { rawBody: 'kind;name_fi;municipalities\n', headers: { 'content-type': 'text/csv' } } : {}),
          })
        ).status,
      ).toBe(401);
    }
  });
});
