import {
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import type { ProjectionHandlers } from '@yp/shared-kafka';
import type { Projection, ProjectionDocument } from '@yp/shared-persistence';

/** An organisation's public state as its events carry it (no personal data). */
export type OrganisationSnapshot = OrganisationRegisteredV1;

/** One organisation of the directory, at the version of its last event. */
export interface DirectoryEntry {
  readonly id: string;
  readonly version: number;
  readonly organisation: OrganisationSnapshot;
}

export interface DirectoryQuery {
  /** Official three-digit municipality code. */
  readonly municipality?: string;
  /** Theme code (vocabularies in @yp/contracts-reference). */
  readonly theme?: string;
  /** Cursor: the last id of the previous page. */
  readonly after?: string;
  /** Page size, 1–500 (default 100). */
  readonly limit?: number;
}

/** The collection each service keeps its copy in (its own database). */
export const ORGANISATION_DIRECTORY_COLLECTION = 'organisation_directory';

/**
 * Indexes MongoDB uses for `find` (equality on one array field, then `_id` order; two array fields
 * cannot share a compound index). FerretDB v1 accepts them but scans (only `_id` point lookups are
 * indexed there), which is fine at the register's size: docs/operations.md.
 */
export const ORGANISATION_DIRECTORY_INDEXES = [
  { key: { 'data.municipalities': 1, _id: 1 }, name: 'by_municipality' },
  { key: { 'data.themes': 1, _id: 1 }, name: 'by_theme' },
] as const;

/** What the directory keeps of each organisations event: the snapshot, or nothing once deleted. */
export const ORGANISATION_DIRECTORY_HANDLERS: ProjectionHandlers<OrganisationSnapshot> = {
  [ORGANISATION_REGISTERED_V1]: (event) => event.data,
  [ORGANISATION_UPDATED_V1]: ({ data: { changedFields: _changedFields, ...snapshot } }) => snapshot,
  [ORGANISATION_DELETED_V1]: () => null,
  // organisation.archived.v1 comes with the organisation.updated.v1 of the same version (status archived).
};

const MAX_LIMIT = 500;

/**
 * A service's own copy of the organisation register, built from the organisations service's events
 * (no service reads another's database), and its read API. Newer versions win; duplicates and
 * replays change nothing.
 */
export class OrganisationDirectory {
  constructor(readonly projection: Projection<OrganisationSnapshot>) {}

  async ensureIndexes(): Promise<void> {
    await this.projection.collection.createIndexes(ORGANISATION_DIRECTORY_INDEXES.map((i) => ({ key: { ...i.key }, name: i.name })));
  }

  /** The organisation, archived ones included (their status says so); undefined if unknown or deleted. */
  async get(id: string): Promise<DirectoryEntry | undefined> {
    const doc = await this.projection.get(id);
    return doc ? entryOf(doc) : undefined;
  }

  /**
   * Organisations still in the network (neither archived nor deleted) in a municipality and/or with
   * a theme, in id order, one page at a time.
   */
  async find(query: DirectoryQuery): Promise<DirectoryEntry[]> {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_LIMIT);
    const filter: Record<string, unknown> = { deleted: { $ne: true }, 'data.status': { $ne: 'archived' } };
    if (query.municipality !== undefined) filter['data.municipalities'] = query.municipality;
    if (query.theme !== undefined) filter['data.themes'] = query.theme;
    if (query.after !== undefined) filter._id = { $gt: query.after };
    const docs = await this.projection.collection
      .find(filter as never)
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.flatMap((d) => {
      const entry = entryOf(d);
      return entry ? [entry] : [];
    });
  }

  /** How many organisations it holds (deleted ones not counted). A scan: for operators and tests. */
  count(): Promise<number> {
    return this.projection.count();
  }
}

function entryOf(doc: ProjectionDocument<OrganisationSnapshot>): DirectoryEntry | undefined {
  if (doc.deleted || !doc.data) return undefined;
  return { id: doc._id, version: doc.version, organisation: doc.data };
}
