import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, FollowUpLog, VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
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

  constructor(
    @InjectConnection() connection: Connection,
    outbox: ChangeLogOutbox,
    followUps: FollowUpLog,
    private readonly organisations: OrganisationRepository,
  ) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<ActivityState>(db, 'activities', { outbox, followUps });
  }

  create(id: string, change: Change<ActivityState>): Promise<Loaded<ActivityState>> {
    return this.store.create(id, change);
  }

  load(id: string): Promise<Loaded<ActivityState> | undefined> {
    return this.store.load(id);
  }

  update(id: string, decide: (current: Loaded<ActivityState>) => Change<ActivityState> | null | Promise<Change<ActivityState> | null>) {
    return this.store.update(id, decide);
  }

  /**
   * `visibility` is the caller's read rule as a query (see visibilityQuery). Activities of deleted
   * organisations are left out: they went with their organisation.
   */
  async list(
    filter: ActivityFilter,
    visibility: Record<string, unknown>,
    after: string | undefined,
    limit: number,
  ): Promise<Loaded<ActivityState>[]> {
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
    const and = [query];
    if (Object.keys(visibility).length > 0) and.push(visibility);
    const gone = await this.deletedOrganisationIds();
    if (gone.length > 0) and.push({ 'state.organisationId': { $nin: gone } });
    return this.store.page(after, limit, and.length > 1 ? { $and: and } : query);
  }

  /** Whether an activity's organisation was deleted (or never existed): then the activity is gone too. */
  async organisationGone(organisationId: string): Promise<boolean> {
    const organisation = await this.organisations.load(organisationId);
    return !organisation || Boolean(organisation.state.deletedAt);
  }

  /** Ids of deleted organisations (a scan of their tombstones, which are few). */
  private async deletedOrganisationIds(): Promise<string[]> {
    const docs = await this.organisations.store.states
      .find({ 'state.deletedAt': { $exists: true } } as never, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id);
  }

  /** Organisations with a published activity whose validFrom or validTo lies in (from, to]. */
  async organisationsWithBoundaryBetween(from: string, to: string): Promise<string[]> {
    const docs = await this.store.states
      .find({
        'state.publishingState': 'published',
        'state.deletedAt': { $exists: false },
        $or: [{ 'state.validFrom': { $gt: from, $lte: to } }, { 'state.validTo': { $gt: from, $lte: to } }],
      } as never)
      .toArray();
    return [...new Set(docs.map((d) => d.state.organisationId))];
  }

  /** Every activity of one organisation, from the state documents (a scan on FerretDB; organisations have few). */
  async ofOrganisation(organisationId: string): Promise<ActivityState[]> {
    const docs = await this.store.states.find({ 'state.organisationId': organisationId } as never).toArray();
    return docs.map((d) => d.state);
  }
}
