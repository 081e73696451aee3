import { AppError } from '@yp/shared-bootstrap';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { changes } from './import-organisations.handler';
import { cell, csvHead, csvLines, decodeRow, detectDelimiter, encodeOrganisation, readSheet } from './organisation-csv';

const unusable = (text: string): { field: string; message: string }[] => {
  try {
    readSheet(text);
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return error.extensions.errors as { field: string; message: string }[];
    throw error;
  }
  throw new Error('expected the file to be refused');
};

const state = (extra: Partial<OrganisationState> = {}): OrganisationState => ({
  organisationId: 'org_0123456789abcdef0123456789abcdef',
  kind: 'association',
  name: { fi: 'Pudasjärven Kyläyhdistys ry', sv: 'Pudasjärvi byförening rf' },
  businessId: '1572860-0',
  municipalities: ['615', '009'],
  regions: ['17'],
  themes: ['inclusion', 'loneliness'],
  lifeStages: ['older-people'],
  phone: '+358 40 123 4567',
  description: { fi: '- kahvila\n- kirjasto' },
  postalAddress: { street: 'Varsitie 7', postalCode: '93100', postOffice: 'Pudasjärvi' },
  status: 'inactive',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  searchText: 'pudasjarven kylayhdistys ry',
  ...extra,
});

describe('organisation CSV', () => {
  it('detects the delimiter from the header row', () => {
    expect(detectDelimiter('kind;name_fi;municipalities\nassociation;A, B ja C;615')).toBe(';');
    expect(detectDelimiter('kind,name_fi,municipalities\r\nassociation,"A; B",615')).toBe(',');
  });

  it('reads a UTF-8 file with a byte-order mark, CRLF, quoted fields and blank rows', () => {
    const sheet = readSheet(
      '\uFEFFKind, Name_FI ,municipalities\r\nassociation,"Kylä ""Mäki"" ry",615|564\r\n,,\r\nparish,Seurakunta,698\r\n',
    );
    expect(sheet.delimiter).toBe(',');
    expect([...sheet.columns]).toEqual(['kind', 'name_fi', 'municipalities']);
    expect(sheet.rows.map((r) => [r.row, r.cells.name_fi])).toEqual([
      [2, 'Kylä "Mäki" ry'],
      [4, 'Seurakunta'],
    ]);
  });

  it('refuses a file it cannot use as a whole', () => {
    expect(unusable('')[0]?.field).toBe('header');
    expect(unusable('association;Kyläyhdistys;615\n').map((e) => e.field)).toEqual([
      'association',
      'kyläyhdistys',
      '615',
      'kind',
      'name_fi',
      'municipalities',
    ]);
    expect(unusable('kind;name_fi;municipalities;kind\n').map((e) => e.message)).toContain('column "kind" appears more than once');
    expect(unusable('kind;name_fi;municipalities;street\n')[0]?.message).toMatch(/go together/);
    expect(unusable('kind;name_fi;municipalities\nassociation;"broken;615\n')[0]?.message).toMatch(/not valid CSV/);
    expect(unusable('kind;name_fi;municipalities\nassociation;P\uFFFDiv\uFFFD;615\n')[0]?.message).toMatch(/not UTF-8/);
    const many = `kind;name_fi;municipalities\n${'association;X;615\n'.repeat(5001)}`;
    expect(unusable(many)[0]?.message).toMatch(/5001 rows/);
  });

  it('decodes codes separated by | or spaces and restores the zeros a spreadsheet dropped', () => {
    const sheet = readSheet(
      'kind;name_fi;municipalities;themes;postal_code;street;post_office\nassociation;Alavieskan ry;9 | 615;inclusion loneliness;100;Tie 1;Helsinki\n',
    );
    const row = decodeRow(sheet.rows[0], sheet.columns);
    expect(row.errors).toEqual([]);
    expect(row.request.municipalities).toEqual(['009', '615']);
    expect(row.request.themes).toEqual(['inclusion', 'loneliness']);
    expect(row.request.postalAddress?.postalCode).toBe('00100');
  });

  it('validates each row with the API rules and names the CSV column', () => {
    const sheet = readSheet(
      'kind;name_fi;business_id;municipalities;themes;email;status\n' +
        `castle;${'x'.repeat(201)};1572860-1;999;flying;not-an-email;gone\n`,
    );
    const fields = decodeRow(sheet.rows[0], sheet.columns).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'name_fi', 'business_id', 'municipalities', 'themes', 'email', 'status']));
  });

  it('removes the apostrophe exports put before formula-like text', () => {
    expect(cell("'+358 40 123 4567")).toBe('+358 40 123 4567');
    expect(cell("'-kahvila")).toBe('-kahvila');
    expect(cell("'Kuudes' ry")).toBe("'Kuudes' ry");
  });

  it('writes rows that read back as unchanged', () => {
    const original = state();
    const text = csvHead() + csvLines([encodeOrganisation(original.organisationId, original)]);
    expect(text.startsWith('\uFEFFid;kind;name_fi')).toBe(true);
    expect(text).toContain("'+358 40 123 4567");
    const sheet = readSheet(text);
    const row = decodeRow(sheet.rows[0], sheet.columns);
    expect(row.errors).toEqual([]);
    expect(row.id).toBe(original.organisationId);
    expect(changes(original, row, sheet.columns)).toBeUndefined();
  });

  it('finds what a row changes: edited cells, cleared cells, untouched absent columns', () => {
    const sheet = readSheet(
      'kind;name_fi;municipalities;phone;website\nassociation;Pudasjärven Kyläyhdistys ry;009|615;;https://kyla.example.fi\n',
    );
    const row = decodeRow(sheet.rows[0], sheet.columns);
    expect(changes(state(), row, sheet.columns)).toEqual({ phone: null, website: 'https://kyla.example.fi' });
  });
});
