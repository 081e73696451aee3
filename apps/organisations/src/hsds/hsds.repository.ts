import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import type { Identity } from '@yp/shared-bootstrap';
import { isVisible, visibilityQuery, type ActivityState } from '@organisations/activities/activity.state';
import type { OrganisationState } from '@organisations/organisations/organisation.state';

/** Whoever asks: the export holds only what everyone may see (the read rule of an integration key). */
const ANYONE: Identity = { actor: 'hsds:public', roles: ['integration-reader'], regions: [] };

export interface Slice<T> {
  readonly rows: Loaded<T>[];
  readonly total: number;
}

/**
 * Read-only access for the HSDS export: visible activities of live organisations, and live
 * organisations, in id order with page-number paging (HSDS's page object needs the total).
 */
@Injectable()
export class HsdsRepository {
  private readonly activities: VersionedStore<ActivityState>;
  private readonly organisations: VersionedStore<OrganisationState>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.activities = new VersionedStore<ActivityState>(db, 'activities');
    this.organisations = new VersionedStore<OrganisationState>(db, 'organisations');
  }

  async services(
    page: { skip: number; limit: number },
    filter: { modifiedAfter?: string; organisationId?: string },
  ): Promise<Slice<ActivityState>> {
    const now = new Date().toISOString();
    const and: Record<string, unknown>[] = [visibilityQuery(ANYONE, now)];
    const deleted = await this.deletedOrganisationIds();
    if (deleted.length > 0) and.push({ 'state.organisationId': { $nin: deleted } });
    if (filter.organisationId) and.push({ 'state.organisationId': filter.organisationId });
    // A scheduled activity changes nothing when it becomes valid: its validFrom counts as a change.
    if (filter.modifiedAfter)
      and.push({ $or: [{ 'state.updatedAt': { $gte: filter.modifiedAfter } }, { 'state.validFrom': { $gte: filter.modifiedAfter } }] });
    const slice = await this.slice(this.activities, { $and: and }, page);
    return { ...slice, rows: slice.rows.filter((r) => isVisible(r.state, now)) };
  }

  async organizations(page: { skip: number; limit: number }, filter: { modifiedAfter?: string }): Promise<Slice<OrganisationState>> {
    const query: Record<string, unknown> = { 'state.deletedAt': { $exists: false } };
    if (filter.modifiedAfter) query['state.updatedAt'] = { $gte: filter.modifiedAfter };
    return this.slice(this.organisations, query, page);
  }

  /** A visible activity of a live organisation, with that organisation. */
  async service(activityId: string): Promise<{ activity: Loaded<ActivityState>; organisation: Loaded<OrganisationState> } | undefined> {
    const activity = await this.activities.load(activityId);
    if (!activity || !isVisible(activity.state)) return undefined;
    const organisation = await this.organization(activity.state.organisationId);
    return organisation ? { activity, organisation } : undefined;
  }

  async organization(organisationId: string): Promise<Loaded<OrganisationState> | undefined> {
    const found = await this.organisations.load(organisationId);
    return found && !found.state.deletedAt ? found : undefined;
  }

  private async deletedOrganisationIds(): Promise<string[]> {
    const docs = await this.organisations.states
      .find({ 'state.deletedAt': { $exists: true } } as never, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id);
  }

  private async slice<T extends mongo.Document>(
    store: VersionedStore<T>,
    query: Record<string, unknown>,
    page: { skip: number; limit: number },
  ): Promise<Slice<T>> {
    const [total, docs] = await Promise.all([
      store.states.countDocuments(query as never),
      store.states
        .find(query as never)
        .sort({ _id: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray(),
    ]);
    return { total, rows: docs.map((d) => ({ id: d._id, version: d.version, state: d.state })) };
  }
}
