import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { ActivityState } from './activity.state';

export interface ActivityFilter {
  organisationId?: string;
  municipality?: string;
  region?: string;
  theme?: string;
  lifeStage?: string;
  type?: string;
  deliveryMode?: string;
  state?: string;
  /** Already normalised. */
  search?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

@Injectable()
export class ActivityRepository {
  readonly store: VersionedStore<ActivityState>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<ActivityState>(db, 'activities');
  }

  create(id: string, change: Change<ActivityState>): Promise<Loaded<ActivityState>> {
    return this.store.create(id, change);
  }

  load(id: string): Promise<Loaded<ActivityState> | undefined> {
    return this.store.load(id);
  }

  update(id: string, decide: (current: Loaded<ActivityState>) => Change<ActivityState> | null) {
    return this.store.update(id, decide);
  }

  /** `visibility` is the caller's read rule as a query (see visibilityQuery). */
  list(filter: ActivityFilter, visibility: Record<string, unknown>, after: string | undefined, limit: number): Promise<Loaded<ActivityState>[]> {
    const query: Record<string, unknown> = {};
    if (filter.organisationId) query['state.organisationId'] = filter.organisationId;
    if (filter.municipality) query['state.municipalities'] = filter.municipality;
    if (filter.region) query['state.regions'] = filter.region;
    if (filter.theme) query['state.themes'] = filter.theme;
    if (filter.lifeStage) query['state.lifeStages'] = filter.lifeStage;
    if (filter.type) query['state.type'] = filter.type;
    if (filter.deliveryMode) query['state.deliveryModes'] = filter.deliveryMode;
    if (filter.state) query['state.publishingState'] = filter.state;
    if (filter.search) query['state.searchText'] = { $regex: escapeRegex(filter.search) };
    const combined = Object.keys(visibility).length > 0 ? { $and: [query, visibility] } : query;
    return this.store.page(after, limit, combined);
  }

  /** Every activity of one organisation (a scan on FerretDB; organisations have few). */
  async ofOrganisation(organisationId: string): Promise<ActivityState[]> {
    const docs = await this.store.states.find({ 'state.organisationId': organisationId } as never).toArray();
    return docs.map((d) => d.state);
  }
}
