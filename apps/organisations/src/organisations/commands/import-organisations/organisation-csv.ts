import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  ORGANISATION_CSV_COLUMNS,
  ORGANISATION_CSV_REQUIRED_COLUMNS,
  ORGANISATION_IMPORT_MAX_ROWS,
  RegisterOrganisationRequestDto,
  UpdateOrganisationRequestDto,
  type ImportRowErrorDto,
  type OrganisationCsvColumn,
  type OrganisationStatus,
} from '@yp/contracts-http';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { importFileUnusable } from './import-organisations.errors';

/**
 * The organisation CSV both ways: reading an uploaded sheet into validated register requests, and
 * writing organisations as rows an import reads back unchanged. Pure: no I/O.
 */

export type Cells = Partial<Record<OrganisationCsvColumn, string>>;

export interface SheetRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  readonly cells: Cells;
  /** Values beyond the header's columns (a row that does not fit its header). */
  readonly overflow: number;
}

export interface Sheet {
  readonly delimiter: ';' | ',';
  readonly columns: ReadonlySet<OrganisationCsvColumn>;
  readonly rows: readonly SheetRow[];
}

/** One data row as the register understands it. */
export interface DecodedRow {
  readonly row: number;
  readonly id?: string;
  /** The row as a registration (validated with the API's own rules when `errors` is empty). */
  readonly request: RegisterOrganisationRequestDto;
  readonly status?: OrganisationStatus;
  readonly errors: ImportRowErrorDto[];
}

const KNOWN = new Set<string>(ORGANISATION_CSV_COLUMNS);
const ADDRESS_COLUMNS: readonly OrganisationCsvColumn[] = ['street', 'postal_code', 'post_office'];
const ORGANISATION_ID = /^org_[a-f0-9]{32}$/;
const BOM = '\uFEFF';

/** Picks the separator from the header row: whichever of ";" and "," it holds more of (";" on a tie). */
export function detectDelimiter(text: string): ';' | ',' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

/**
 * Reads the file: header, delimiter and data rows. Throws a 422 when the file as a whole cannot be
 * used (not UTF-8, broken quoting, no or unknown header columns, too many rows).
 */
export function readSheet(raw: string): Sheet {
  const text = raw.startsWith(BOM) ? raw.slice(1) : raw;
  if (text.includes('\uFFFD')) {
    throw importFileUnusable([{ field: 'file', message: 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again' }]);
  }
  if (text.trim() === '')
    throw importFileUnusable([{ field: 'header', message: 'the file is empty; the first row must name the columns' }]);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw importFileUnusable([
      { field: 'file', message: `the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  const [header = [], ...data] = records;
  const columns = readHeader(header);
  const rows: SheetRow[] = [];
  data.forEach((record, index) => {
    if (record.every((value) => value.trim() === '')) return;
    const cells: Cells = {};
    columns.forEach((column, i) => {
      if (column) cells[column] = record[i] ?? '';
    });
    rows.push({ row: index + 2, cells, overflow: Math.max(0, record.length - columns.length) });
  });
  if (rows.length > ORGANISATION_IMPORT_MAX_ROWS) {
    throw importFileUnusable([
      {
        field: 'file',
        message: `the file has ${rows.length} rows; one import takes at most ${ORGANISATION_IMPORT_MAX_ROWS} (split the file: imports are re-runnable)`,
      },
    ]);
  }
  return { delimiter, columns: new Set(columns), rows };
}

function readHeader(header: readonly string[]): OrganisationCsvColumn[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const errors: ImportRowErrorDto[] = [];
  const seen = new Set<string>();
  names.forEach((name) => {
    if (name === '') errors.push({ field: 'header', message: 'a column has no name' });
    else if (!KNOWN.has(name))
      errors.push({ field: name, message: `unknown column "${name}"; the columns are ${ORGANISATION_CSV_COLUMNS.join(', ')}` });
    else if (seen.has(name)) errors.push({ field: name, message: `column "${name}" appears more than once` });
    seen.add(name);
  });
  for (const required of ORGANISATION_CSV_REQUIRED_COLUMNS) {
    if (!seen.has(required)) errors.push({ field: required, message: `required column "${required}" is missing` });
  }
  const address = ADDRESS_COLUMNS.filter((c) => seen.has(c));
  if (address.length > 0 && address.length < ADDRESS_COLUMNS.length) {
    errors.push({ field: 'street', message: 'street, postal_code and post_office go together: include all three columns or none' });
  }
  if (errors.length > 0) throw importFileUnusable(errors);
  return names as OrganisationCsvColumn[];
}

// --- One row → a register request -------------------------------------------------------------

/** Trimmed; a formula-escaping apostrophe (added by exports) removed. */
export function cell(value: string | undefined): string {
  return (value ?? '').trim().replace(/^'(?=[=+\-@])/, '');
}

/** Codes separated by "|", whitespace (or a stray comma or semicolon inside a quoted cell). */
function codes(value: string | undefined): string[] {
  return cell(value)
    .split(/[\s|,;]+/)
    .filter((c) => c.length > 0);
}

/** Spreadsheets read "009" as the number 9: restore the leading zeros of a three-digit code. */
const municipalityCode = (code: string) => (/^\d{1,2}$/.test(code) ? code.padStart(3, '0') : code);
/** …and of a five-digit postal code. */
const postalCode = (code: string) => (/^\d{1,4}$/.test(code) ? code.padStart(5, '0') : code);

const optional = (value: string) => (value === '' ? undefined : value);

/** Which column a validation error of the request is about. */
const FIELD_COLUMNS: Record<string, string> = {
  name: 'name_fi',
  'name.fi': 'name_fi',
  'name.sv': 'name_sv',
  'name.en': 'name_en',
  businessId: 'business_id',
  associationRegisterNumber: 'association_register_number',
  'description.fi': 'description_fi',
  'description.sv': 'description_sv',
  'description.en': 'description_en',
  postalAddress: 'street',
  'postalAddress.street': 'street',
  'postalAddress.postalCode': 'postal_code',
  'postalAddress.postOffice': 'post_office',
  lifeStages: 'life_stages',
};

function fieldErrors(errors: readonly ValidationError[], prefix = ''): ImportRowErrorDto[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const field = FIELD_COLUMNS[path] ?? path;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `unknown field "${path}"` : message,
    }));
    return [...own, ...fieldErrors(e.children ?? [], path)];
  });
}

const VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** The row as a registration, validated with the same DTO rules as POST /organisations. */
export function decodeRow(row: SheetRow, columns: ReadonlySet<OrganisationCsvColumn>): DecodedRow {
  const c = row.cells;
  const has = (column: OrganisationCsvColumn) => columns.has(column);
  const text = (column: OrganisationCsvColumn) => cell(c[column]);
  const name = {
    fi: text('name_fi'),
    ...(optional(text('name_sv')) ? { sv: text('name_sv') } : {}),
    ...(optional(text('name_en')) ? { en: text('name_en') } : {}),
  };
  const description: Record<string, string> = {};
  for (const l of ['fi', 'sv', 'en'] as const) if (text(`description_${l}`) !== '') description[l] = text(`description_${l}`);
  const address = ADDRESS_COLUMNS.map(text);
  const plain: Record<string, unknown> = {
    kind: text('kind'),
    name,
    ...(text('business_id') ? { businessId: text('business_id') } : {}),
    ...(text('association_register_number') ? { associationRegisterNumber: text('association_register_number') } : {}),
    ...(Object.keys(description).length > 0 ? { description } : {}),
    ...(address.some((v) => v !== '')
      ? { postalAddress: { street: address[0], postalCode: postalCode(address[1] ?? ''), postOffice: address[2] } }
      : {}),
    municipalities: codes(c.municipalities).map(municipalityCode),
    ...(has('themes') ? { themes: codes(c.themes) } : {}),
    ...(has('life_stages') ? { lifeStages: codes(c.life_stages) } : {}),
    ...(text('website') ? { website: text('website') } : {}),
    ...(text('email') ? { email: text('email') } : {}),
    ...(text('phone') ? { phone: text('phone') } : {}),
  };
  const request = plainToInstance(RegisterOrganisationRequestDto, plain);
  const errors = fieldErrors(validateSync(request, VALIDATION));
  const status = text('status');
  if (status) errors.push(...fieldErrors(validateSync(plainToInstance(UpdateOrganisationRequestDto, { status }), VALIDATION)));
  const id = text('id');
  if (id && !ORGANISATION_ID.test(id))
    errors.push({ field: 'id', message: 'id must be an organisation id this API returned, such as org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' });
  if (row.overflow > 0) errors.push({ field: 'row', message: `the row has ${row.overflow} more value(s) than the header has columns` });
  return { row: row.row, ...(id ? { id } : {}), request, ...(status ? { status: status as OrganisationStatus } : {}), errors };
}

// --- Organisations → rows ---------------------------------------------------------------------

/** One organisation as a CSV row (the import reads it back as unchanged). */
export function encodeOrganisation(id: string, s: OrganisationState): string[] {
  const cells: Record<OrganisationCsvColumn, string | undefined> = {
    id,
    kind: s.kind,
    name_fi: s.name.fi,
    name_sv: s.name.sv,
    name_en: s.name.en,
    business_id: s.businessId,
    association_register_number: s.associationRegisterNumber,
    municipalities: s.municipalities.join('|'),
    themes: (s.themes ?? []).join('|'),
    life_stages: (s.lifeStages ?? []).join('|'),
    website: s.website,
    email: s.email,
    phone: s.phone,
    street: s.postalAddress?.street,
    postal_code: s.postalAddress?.postalCode,
    post_office: s.postalAddress?.postOffice,
    description_fi: s.description?.fi,
    description_sv: s.description?.sv,
    description_en: s.description?.en,
    status: s.status,
  };
  return ORGANISATION_CSV_COLUMNS.map((column) => cells[column] ?? '');
}

/**
 * Rows as CSV for spreadsheets: semicolons (what Finnish Excel expects), CRLF, quoting where
 * needed, and an apostrophe before text a spreadsheet would run as a formula (= + - @).
 */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { delimiter: ';', record_delimiter: 'windows', escape_formulas: true });
}

/** The first bytes of an export: the byte-order mark Excel needs to read UTF-8, and the header. */
export function csvHead(): string {
  return BOM + csvLines([[...ORGANISATION_CSV_COLUMNS]]);
}
