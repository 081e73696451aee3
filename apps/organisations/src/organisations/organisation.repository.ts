import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, FollowUpLog, isDuplicateKeyError, VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

export interface OrganisationFilter {
  municipality?: string;
  region?: string;
  kind?: string;
  status?: string;
  theme?: string;
  lifeStage?: string;
  activityType?: string;
  deliveryMode?: string;
  /** Already normalised with `searchable`. */
  search?: string;
}

/** Position in (updatedAt, id) order: the stable order of incremental sync. */
export interface SyncPosition {
  updatedAt: string;
  id: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface BusinessIdClaim {
  _id: string;
  organisationId: string;
}

/** A caller's own identifier bound to an organisation: `_id` is `<caller namespace>|<source id>`. */
interface SourceIdClaim {
  _id: string;
  organisationId: string;
  claimedAt: string;
}

/** Organisations' persistence: the versioned store plus the business-ID uniqueness claim. */
@Injectable()
export class OrganisationRepository {
  readonly store: VersionedStore<OrganisationState>;
  private readonly claims;
  private readonly activities;
  private readonly sourceIds;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox, followUps: FollowUpLog) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<OrganisationState>(db, 'organisations', { outbox, followUps });
    this.claims = db.collection<BusinessIdClaim>('organisation_business_ids');
    this.activities = db.collection('activities');
    this.sourceIds = db.collection<SourceIdClaim>('organisation_source_ids');
  }

  /** Atomically claims a business ID (unique `_id` insert); returns the holder if already taken. */
  async claimBusinessId(businessId: string, organisationId: string): Promise<string | undefined> {
    try {
      await this.claims.insertOne({ _id: businessId, organisationId });
      return undefined;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.claims.findOne({ _id: businessId });
      return holder?.organisationId === organisationId ? undefined : (holder?.organisationId ?? 'unknown');
    }
  }

  create(id: string, change: Change<OrganisationState>): Promise<Loaded<OrganisationState>> {
    return this.store.create(id, change);
  }

  load(id: string): Promise<Loaded<OrganisationState> | undefined> {
    return this.store.load(id);
  }

  update(
    id: string,
    decide: (current: Loaded<OrganisationState>) => Change<OrganisationState> | null | Promise<Change<OrganisationState> | null>,
  ) {
    return this.store.update(id, decide);
  }

  list(filter: OrganisationFilter, after: string | undefined, limit: number): Promise<Loaded<OrganisationState>[]> {
    return this.store.page(after, limit, filterQuery(filter));
  }

  /**
   * Everything changed at or after `since` in (updatedAt, id) order — the incremental sync feed:
   * tombstones included, unless `live` filters are given (then only live matches). ISO timestamps of one format sort as strings.
   */
  async changedSince(
    since: string | undefined,
    after: SyncPosition | undefined,
    limit: number,
    live?: OrganisationFilter,
  ): Promise<Loaded<OrganisationState>[]> {
    const and: Record<string, unknown>[] = [];
    if (since) and.push({ 'state.updatedAt': { $gte: since } });
    if (after)
      and.push({ $or: [{ 'state.updatedAt': { $gt: after.updatedAt } }, { 'state.updatedAt': after.updatedAt, _id: { $gt: after.id } }] });
    if (live) and.push(filterQuery(live));
    const docs = await this.store.states
      .find((and.length > 0 ? { $and: and } : {}) as never)
      .sort({ 'state.updatedAt': 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ id: d._id, version: d.version, state: d.state }));
  }

  /** Published activities of an organisation (the activities collection of this same service). */
  async publishedActivityCount(organisationId: string): Promise<number> {
    return this.activities.countDocuments({ 'state.organisationId': organisationId, 'state.publishingState': 'published' });
  }

  /**
   * Binds a source id key to an organisation id with a unique `_id` insert (atomic without
   * transactions): returns the organisation id the key is bound to — this one, or an earlier holder's.
   */
  async claimSourceId(key: string, organisationId: string): Promise<string> {
    try {
      await this.sourceIds.insertOne({ _id: key, organisationId, claimedAt: new Date().toISOString() });
      return organisationId;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.sourceIds.findOne({ _id: key });
      if (!holder) throw error;
      return holder.organisationId;
    }
  }

  /** The organisation id a source id key is bound to, if any. */
  async sourceIdHolder(key: string): Promise<string | undefined> {
    return (await this.sourceIds.findOne({ _id: key }))?.organisationId;
  }

  async releaseBusinessId(businessId: string, organisationId: string): Promise<void> {
    await this.claims.deleteOne({ _id: businessId, organisationId });
  }
}

/** The list filters as a query on the latest states (never tombstones). */
function filterQuery(filter: OrganisationFilter): Record<string, unknown> {
  const query: Record<string, unknown> = { 'state.deletedAt': { $exists: false } };
  if (filter.municipality) query['state.municipalities'] = filter.municipality;
  if (filter.region) query['state.regions'] = filter.region;
  if (filter.kind) query['state.kind'] = filter.kind;
  if (filter.status) query['state.status'] = filter.status;
  if (filter.theme) query['state.themes'] = filter.theme;
  if (filter.lifeStage) query['state.lifeStages'] = filter.lifeStage;
  if (filter.activityType) query['state.activityTypes'] = filter.activityType;
  if (filter.deliveryMode) query['state.deliveryModes'] = filter.deliveryMode;
  if (filter.search) query['state.searchText'] = { $regex: escapeRegex(filter.search) };
  return query;
}
