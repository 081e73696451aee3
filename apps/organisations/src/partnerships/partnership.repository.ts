import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, FollowUpLog, VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { PartnershipState } from './partnership.state';

export interface PartnershipFilter {
  municipality?: string;
  region?: string;
  organisationId?: string;
  theme?: string;
  status?: string;
}

@Injectable()
export class PartnershipRepository {
  readonly store: VersionedStore<PartnershipState>;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox, followUps: FollowUpLog) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<PartnershipState>(db, 'partnerships', { outbox, followUps });
  }

  create(id: string, change: Change<PartnershipState>): Promise<Loaded<PartnershipState>> {
    return this.store.create(id, change);
  }

  load(id: string): Promise<Loaded<PartnershipState> | undefined> {
    return this.store.load(id);
  }

  update(id: string, decide: (current: Loaded<PartnershipState>) => Change<PartnershipState> | null) {
    return this.store.update(id, decide);
  }

  /**
   * Live agreements only (never tombstones). Filter values arrive validated (codes and ids); only
   * plain strings reach the query.
   */
  list(filter: PartnershipFilter, after: string | undefined, limit: number): Promise<Loaded<PartnershipState>[]> {
    const query: Record<string, unknown> = { 'state.deletedAt': { $exists: false } };
    if (filter.municipality) query['state.municipality'] = filter.municipality;
    if (filter.region) query['state.region'] = filter.region;
    if (filter.organisationId) query['state.partnerOrganisationIds'] = filter.organisationId;
    if (filter.theme) query['state.themes'] = filter.theme;
    if (filter.status) query['state.status'] = filter.status;
    return this.store.page(after, limit, query);
  }
}
