import { Injectable, Logger } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type {
  ImportOrganisationsResponseDto,
  ImportRowErrorDto,
  ImportRowResultDto,
  OrganisationCsvColumn,
  UpdateOrganisationRequestDto,
} from '@yp/contracts-http';
import { AppError, canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { currentContext, currentCorrelationId, runWithContext } from '@yp/shared-context';
import { VersionedStore } from '@yp/shared-persistence';
import { regionForbidden } from '@organisations/organisations/organisation.errors';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchable, type OrganisationState } from '@organisations/organisations/organisation.state';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationHandler } from '@organisations/organisations/commands/update-organisation/update-organisation.handler';
import { importCompleted, importStarted } from './organisation-import.events';
import { OrganisationImportRepository } from './organisation-import.repository';
import { noCounts, type OrganisationImportState } from './organisation-import.state';
import { decodeRow, readSheet, type DecodedRow } from './organisation-csv';

/**
 * Rows written at once (rows are independent once planned; the store serialises per organisation).
 * On FerretDB/SQLite the database serialises the writes, so more barely helps there (see
 * docs/benchmarks.md, the import measure); a MongoDB replica set takes them in parallel.
 */
const CONCURRENCY = 8;
/** Organisations read per page while indexing the register for matching. */
const INDEX_PAGE = 1000;
/** Progress is recorded at most this often (and once at the end). */
const PROGRESS_MS = 500;

/** A started import: its id (undefined for a dry run, which records nothing) and the report once it is done. */
export interface StartedImport {
  readonly id: string | undefined;
  readonly done: Promise<ImportOrganisationsResponseDto>;
}

/** What identifies the live organisations, for matching rows: ids, business IDs, names in municipalities. */
interface MatchIndex {
  readonly ids: Set<string>;
  readonly byBusinessId: Map<string, string>;
  readonly byName: Map<string, { id: string; hasBusinessId: boolean }[]>;
}

type Plan =
  | { readonly row: number; readonly failed: ImportRowErrorDto[] }
  | { readonly row: number; readonly decoded: DecodedRow; /** An organisation id, or 'new'. */ readonly target: string };

/** Name (case and diacritics ignored) in a set of municipalities: the match key without a business ID. */
function nameKey(nameFi: string, municipalities: readonly string[]): string {
  return `${searchable(nameFi)}\u0000${[...new Set(municipalities)].sort().join('|')}`;
}

/**
 * Bulk import from CSV: each row is validated with the API's rules, matched to the register (id,
 * business ID, or name with the same municipalities) and then registered, updated or left alone
 * through the same handlers the API uses, with the same region rule per row. A row that fails is
 * reported and the others still apply; running the same file again changes nothing.
 */
@Injectable()
export class ImportOrganisationsHandler {
  private readonly logger = new Logger(ImportOrganisationsHandler.name);

  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly imports: OrganisationImportRepository,
    private readonly registerHandler: RegisterOrganisationHandler,
    private readonly updateHandler: UpdateOrganisationHandler,
  ) {}

  /** Imports the file and answers when every row is done (the synchronous POST /organisations-import). */
  async execute(csv: string, identity: Identity, dryRun: boolean): Promise<ImportOrganisationsResponseDto> {
    return (await this.start(csv, identity, dryRun)).done;
  }

  /**
   * Reads and plans the file (a file that cannot be used throws at once, and nothing is recorded),
   * records the import (organisations.import.started.v1) and starts writing its rows; `done`
   * settles with the report. Every event the rows cause carries the import's id as `bulkid`, so
   * that notifications announce the import once per recipient instead of once per row. A dry run
   * records nothing and publishes nothing.
   */
  async start(csv: string, identity: Identity, dryRun: boolean): Promise<StartedImport> {
    const sheet = readSheet(csv);
    const decoded = sheet.rows.map((row) => decodeRow(row, sheet.columns));
    const plans = plan(decoded, await this.index());
    const apply = (p: Plan) =>
      'failed' in p ? Promise.resolve(failed(p.row, p.failed)) : this.apply(p.decoded, p.target, sheet.columns, identity, dryRun);
    if (dryRun) return { id: undefined, done: mapConcurrently(plans, CONCURRENCY, apply).then((rows) => report(true, rows)) };

    const id = VersionedStore.newId('imp');
    const context = currentContext();
    const bulk = { correlationId: context?.correlationId ?? currentCorrelationId(), actor: identity.actor, bulkId: id };
    return runWithContext(bulk, async () => {
      const now = new Date().toISOString();
      const state: OrganisationImportState = {
        importId: id,
        actor: identity.actor,
        status: 'running',
        total: plans.length,
        counts: noCounts(),
        regions: regionsOf([...new Set(decoded.flatMap((row) => row.request.municipalities ?? []))]),
        startedAt: now,
        updatedAt: now,
        rows: [],
      };
      await this.imports.create(id, { state, records: [importStarted(state)] });
      const progress = new ImportProgress(id, this.imports);
      const done = mapConcurrently(plans, CONCURRENCY, async (p) => {
        const row = await apply(p);
        await progress.record(row);
        return row;
      }).then(
        async (rows) => {
          await progress.complete(rows);
          return report(false, rows);
        },
        async (error: unknown) => {
          await progress.fail(error).catch((e: unknown) => this.logger.error(`Import ${id}: could not record its failure: ${String(e)}`));
          throw error;
        },
      );
      return { id, done };
    });
  }

  private async index(): Promise<MatchIndex> {
    const index: MatchIndex = { ids: new Set(), byBusinessId: new Map(), byName: new Map() };
    let after: string | undefined;
    for (;;) {
      const page = await this.organisations.list({}, after, INDEX_PAGE);
      for (const { id, state } of page) {
        index.ids.add(id);
        if (state.businessId) index.byBusinessId.set(state.businessId, id);
        const key = nameKey(state.name.fi, state.municipalities);
        index.byName.set(key, [...(index.byName.get(key) ?? []), { id, hasBusinessId: Boolean(state.businessId) }]);
      }
      if (page.length < INDEX_PAGE) return index;
      after = page[page.length - 1]?.id;
    }
  }

  private async apply(
    row: DecodedRow,
    target: string,
    columns: ReadonlySet<OrganisationCsvColumn>,
    identity: Identity,
    dryRun: boolean,
  ): Promise<ImportRowResultDto> {
    try {
      return target === 'new' ? await this.create(row, identity, dryRun) : await this.change(row, target, columns, identity, dryRun);
    } catch (error) {
      // Refusals of the register (region, duplicate business ID, a concurrent change) fail the row;
      // anything else (the database gone) stops the import: re-running it is safe.
      if (error instanceof AppError && error.status < 500) return failed(row.row, [rowError(error)]);
      throw error;
    }
  }

  private async create(row: DecodedRow, identity: Identity, dryRun: boolean): Promise<ImportRowResultDto> {
    if (!canWriteRegions(identity, regionsOf(row.request.municipalities))) return failed(row.row, [rowError(regionForbidden())]);
    if (dryRun) return { row: row.row, status: 'created' };
    let created = await this.registerHandler.execute(row.request, identity);
    if (row.status && row.status !== created.state.status) {
      created = await this.updateHandler.execute(created.id, { status: row.status }, identity, created.version);
    }
    return { row: row.row, status: 'created', id: created.id };
  }

  private async change(
    row: DecodedRow,
    id: string,
    columns: ReadonlySet<OrganisationCsvColumn>,
    identity: Identity,
    dryRun: boolean,
  ): Promise<ImportRowResultDto> {
    const current = await this.organisations.load(id);
    if (!current || current.state.deletedAt)
      return failed(row.row, [{ field: 'id', message: `organisation ${id} was removed while the file was imported` }]);
    const patch = changes(current.state, row, columns);
    if (!patch) return { row: row.row, status: 'unchanged', id };
    const regions = patch.municipalities ? regionsOf(patch.municipalities) : current.state.regions;
    if (!canWriteRegions(identity, current.state.regions) || !canWriteRegions(identity, regions))
      return failed(row.row, [rowError(regionForbidden())], id);
    if (dryRun) return { row: row.row, status: 'updated', id };
    // Conditional on the version compared against: a concurrent change fails the row (412), not the change.
    const updated = await this.updateHandler.execute(id, patch, identity, current.version);
    return { row: row.row, status: updated.version > current.version ? 'updated' : 'unchanged', id };
  }
}

/** Matches every valid row (in file order, without writing) and refuses rows that collide in the file. */
function plan(rows: readonly DecodedRow[], index: MatchIndex): Plan[] {
  const matchedBy = new Map<string, number>();
  const newKeys = new Map<string, number>();
  return rows.map((row): Plan => {
    if (row.errors.length > 0) return { row: row.row, failed: row.errors };
    const target = match(row, index);
    if (typeof target !== 'string') return { row: row.row, failed: [target] };
    if (target !== 'new') {
      const earlier = matchedBy.get(target);
      if (earlier !== undefined)
        return {
          row: row.row,
          failed: [{ field: 'row', message: `matches the same organisation (${target}) as row ${earlier}; keep one of the two` }],
        };
      matchedBy.set(target, row.row);
      return { row: row.row, decoded: row, target };
    }
    const businessId = row.request.businessId;
    const own = businessId ? `bid:${businessId}` : `name:${nameKey(row.request.name.fi, row.request.municipalities)}`;
    const earlier = newKeys.get(own);
    if (earlier !== undefined) {
      const what = businessId ? `business ID ${businessId}` : 'name and municipalities';
      return {
        row: row.row,
        failed: [
          {
            field: businessId ? 'business_id' : 'name_fi',
            message: `the same new organisation (${what}) as row ${earlier}; keep one of the two`,
          },
        ],
      };
    }
    if (businessId) newKeys.set(`bid:${businessId}`, row.row);
    newKeys.set(`name:${nameKey(row.request.name.fi, row.request.municipalities)}`, row.row);
    return { row: row.row, decoded: row, target };
  });
}

/** The organisation a row is about: by id, else business ID, else name in the same municipalities. */
function match(row: DecodedRow, index: MatchIndex): string | ImportRowErrorDto {
  const businessId = row.request.businessId;
  if (row.id) {
    if (!index.ids.has(row.id)) return { field: 'id', message: `no organisation has id ${row.id}` };
    const holder = businessId ? index.byBusinessId.get(businessId) : undefined;
    if (holder && holder !== row.id)
      return {
        field: 'business_id',
        message: `business ID ${businessId} belongs to another organisation (${holder})`,
        code: 'ORGANISATION.DUPLICATE_BUSINESS_ID',
      };
    return row.id;
  }
  const holder = businessId ? index.byBusinessId.get(businessId) : undefined;
  if (holder) return holder;
  // A business ID nobody has yet may be the missing one of an organisation already registered by name.
  const candidates = (index.byName.get(nameKey(row.request.name.fi, row.request.municipalities)) ?? []).filter(
    (c) => !businessId || !c.hasBusinessId,
  );
  if (candidates.length > 1) {
    return {
      field: 'name_fi',
      message: `matches ${candidates.length} organisations of this name in these municipalities (${candidates.map((c) => c.id).join(', ')}); add an id or business_id column to choose one`,
    };
  }
  return candidates[0]?.id ?? 'new';
}

// --- What a row changes -----------------------------------------------------------------------

/** A value compared without regard to key order, empty texts, absent or null fields. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (v === null || v === undefined || v === '') return undefined;
    if (Array.isArray(v)) return v.map(norm);
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => [k, norm(x)] as const)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b));
      return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
    return v;
  };
  return JSON.stringify(norm(value)) ?? '';
}

const sorted = (values: readonly string[] | undefined) => [...new Set(values ?? [])].sort();

/**
 * The partial update that makes the organisation look like the row, or undefined when it already
 * does. Columns left out of the file are left alone; an empty cell clears (null, as PATCH takes it),
 * except business_id and status, which an empty cell never clears.
 */
export function changes(
  s: OrganisationState,
  row: DecodedRow,
  columns: ReadonlySet<OrganisationCsvColumn>,
): UpdateOrganisationRequestDto | undefined {
  const r = row.request;
  const has = (column: OrganisationCsvColumn) => columns.has(column);
  const patch: Record<string, unknown> = {};
  const set = (field: keyof UpdateOrganisationRequestDto, desired: unknown, current: unknown) => {
    if (canonical(desired) !== canonical(current)) patch[field] = canonical(desired) === '' ? null : desired;
  };
  const localised = (
    column: (l: 'fi' | 'sv' | 'en') => OrganisationCsvColumn,
    given: Record<string, string | undefined> | undefined,
    current: Record<string, string | undefined> | undefined,
  ) =>
    Object.fromEntries(
      (['fi', 'sv', 'en'] as const)
        .map((l) => [l, has(column(l)) ? given?.[l] : current?.[l]] as const)
        .filter((entry): entry is readonly ['fi' | 'sv' | 'en', string] => typeof entry[1] === 'string' && entry[1] !== ''),
    );

  set('kind', r.kind, s.kind);
  set(
    'name',
    localised((l) => `name_${l}`, { ...r.name }, { ...s.name }),
    s.name,
  );
  if (r.businessId) set('businessId', r.businessId, s.businessId);
  if (has('association_register_number')) set('associationRegisterNumber', r.associationRegisterNumber, s.associationRegisterNumber);
  if (has('description_fi') || has('description_sv') || has('description_en')) {
    set(
      'description',
      localised((l) => `description_${l}`, r.description ? { ...r.description } : undefined, s.description ?? undefined),
      s.description,
    );
  }
  if (has('street')) set('postalAddress', r.postalAddress ? { ...r.postalAddress } : undefined, s.postalAddress);
  if (canonical(sorted(r.municipalities)) !== canonical(sorted(s.municipalities))) patch.municipalities = [...r.municipalities];
  if (has('themes') && canonical(sorted(r.themes)) !== canonical(sorted(s.themes))) patch.themes = [...(r.themes ?? [])];
  if (has('life_stages') && canonical(sorted(r.lifeStages)) !== canonical(sorted(s.lifeStages)))
    patch.lifeStages = [...(r.lifeStages ?? [])];
  if (has('website')) set('website', r.website, s.website);
  if (has('email')) set('email', r.email, s.email);
  if (has('phone')) set('phone', r.phone, s.phone);
  if (row.status) set('status', row.status, s.status);
  // The patch holds only fields of UpdateOrganisationRequestDto, from a validated row (null clears).
  const update: UpdateOrganisationRequestDto = patch;
  return Object.keys(update).length > 0 ? update : undefined;
}

// --- Results ----------------------------------------------------------------------------------

function report(dryRun: boolean, rows: ImportRowResultDto[]): ImportOrganisationsResponseDto {
  const count = (status: ImportRowResultDto['status']) => rows.filter((r) => r.status === status).length;
  return { dryRun, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: count('failed'), rows };
}

/**
 * The progress of one import, in memory, written to its record at most every PROGRESS_MS (one
 * write at a time; rows finishing meanwhile are counted in the next), and once at the end with the
 * whole report and the completed event.
 */
class ImportProgress {
  private readonly counts = noCounts();
  private readonly failedRows: ImportRowResultDto[] = [];
  private lastWrite = Date.now();
  private writing: Promise<void> | undefined;

  constructor(
    private readonly id: string,
    private readonly imports: OrganisationImportRepository,
  ) {}

  async record(row: ImportRowResultDto): Promise<void> {
    this.counts[row.status]++;
    if (row.status === 'failed') this.failedRows.push(row);
    if (this.writing || Date.now() - this.lastWrite < PROGRESS_MS) return;
    this.writing = this.write((s) => ({ ...s, counts: { ...this.counts }, rows: sortedRows(this.failedRows) }), null);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
      this.lastWrite = Date.now();
    }
  }

  async complete(rows: ImportRowResultDto[]): Promise<void> {
    await this.writing;
    const completedAt = new Date().toISOString();
    await this.write((s) => ({ ...s, status: 'completed', counts: { ...this.counts }, rows, completedAt }), 'completed');
  }

  async fail(error: unknown): Promise<void> {
    await this.writing?.catch(() => undefined);
    const reason = error instanceof AppError ? (error.detail ?? error.title) : 'the service could not write (see its logs)';
    await this.write(
      (s) => ({ ...s, status: 'failed', counts: { ...this.counts }, rows: sortedRows(this.failedRows), error: reason }),
      null,
    );
  }

  private async write(next: (s: OrganisationImportState) => Omit<OrganisationImportState, 'updatedAt'>, event: 'completed' | null) {
    await this.imports.update(this.id, (current) => {
      const state: OrganisationImportState = { ...next(current.state), updatedAt: new Date().toISOString() };
      return { state, records: event ? [importCompleted(state, current.version + 1)] : [] };
    });
  }
}

const sortedRows = (rows: readonly ImportRowResultDto[]) => [...rows].sort((a, b) => a.row - b.row);

function failed(row: number, errors: ImportRowErrorDto[], id?: string): ImportRowResultDto {
  return { row, status: 'failed', ...(id ? { id } : {}), errors };
}

const ERROR_FIELDS: Record<string, string> = {
  'ORGANISATION.REGION_FORBIDDEN': 'municipalities',
  'ORGANISATION.DUPLICATE_BUSINESS_ID': 'business_id',
  'ORGANISATION.NOT_FOUND': 'id',
};

function rowError(error: AppError): ImportRowErrorDto {
  return { field: ERROR_FIELDS[error.code] ?? 'row', message: error.detail ?? error.title, code: error.code };
}

/** `fn` over `items`, at most `limit` at a time, results in input order; stops taking work on the first error. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
