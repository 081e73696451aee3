import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  ChangeLogOutbox,
  FollowUpLog,
  InMemoryReadModel,
  isDuplicateKeyError,
  VersionedStore,
  type Change,
  type Loaded,
  type ReadModelFilter,
} from '@yp/shared-persistence';
import { ORGANISATION_READ_MODEL, type OrganisationField, type OrganisationReadModel } from './organisation-read-model';
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

/**
 * Organisations' persistence: the versioned store plus the business-ID uniqueness claim. Lists,
 * search and the change feed read the in-memory read model of the latest states (built at start by
 * OrganisationReadModelHost, kept current by every commit and load of the store), never a scan.
 */
@Injectable()
export class OrganisationRepository {
  readonly store: VersionedStore<OrganisationState>;
  readonly readModel: OrganisationReadModel;
  private readonly claims;
  private readonly activities;
  private readonly sourceIds;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox, followUps: FollowUpLog) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<OrganisationState>(db, 'organisations', { outbox, followUps });
    this.readModel = new InMemoryReadModel(this.store, ORGANISATION_READ_MODEL);
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

  /** Live organisations matching `filter` in id order after `after` (from the read model). */
  async list(filter: OrganisationFilter, after: string | undefined, limit: number): Promise<Loaded<OrganisationState>[]> {
    await this.readModel.whenBuilt();
    return this.readModel.page(readModelFilter(filter), after, limit);
  }

  /**
   * Everything changed at or after `since` in (updatedAt, id) order — the incremental sync feed:
   * tombstones included, unless `live` filters are given (then only live matches). From the read model.
   */
  async changedSince(
    since: string | undefined,
    after: SyncPosition | undefined,
    limit: number,
    live?: OrganisationFilter,
  ): Promise<Loaded<OrganisationState>[]> {
    await this.readModel.whenBuilt();
    return this.readModel.changes(
      {
        since,
        after: after ? { changedAt: after.updatedAt, id: after.id } : undefined,
        live: live ? readModelFilter(live) : undefined,
      },
      limit,
    );
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

/** The list filters as read model filters (an empty value filters nothing, as before). */
function readModelFilter(filter: OrganisationFilter): ReadModelFilter<OrganisationField> {
  return {
    where: {
      municipality: filter.municipality || undefined,
      region: filter.region || undefined,
      kind: filter.kind || undefined,
      status: filter.status || undefined,
      theme: filter.theme || undefined,
      lifeStage: filter.lifeStage || undefined,
      activityType: filter.activityType || undefined,
      deliveryMode: filter.deliveryMode || undefined,
    },
    text: filter.search || undefined,
  };
}
