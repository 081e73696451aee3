import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError, VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

export interface OrganisationFilter {
  municipality?: string;
  region?: string;
  kind?: string;
  status?: string;
}

interface BusinessIdClaim {
  _id: string;
  organisationId: string;
}

/** Organisations' persistence: the versioned store plus the business-ID uniqueness claim. */
@Injectable()
export class OrganisationRepository {
  readonly store: VersionedStore<OrganisationState>;
  private readonly claims;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<OrganisationState>(db, 'organisations');
    this.claims = db.collection<BusinessIdClaim>('organisation_business_ids');
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

  update(id: string, decide: (current: Loaded<OrganisationState>) => Change<OrganisationState> | null) {
    return this.store.update(id, decide);
  }

  list(filter: OrganisationFilter, after: string | undefined, limit: number): Promise<Loaded<OrganisationState>[]> {
    const query: Record<string, unknown> = {};
    if (filter.municipality) query['state.municipalities'] = filter.municipality;
    if (filter.region) query['state.regions'] = filter.region;
    if (filter.kind) query['state.kind'] = filter.kind;
    if (filter.status) query['state.status'] = filter.status;
    return this.store.page(after, limit, query);
  }
}
