import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { UpdateActivityRequestDto } from '@yp/contracts-http';
import { canWriteRegions, RequestValidationError, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { searchTextOf } from '@organisations/organisations/organisation.state';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';
import { activityNotFound, activityRegionForbidden, activityStale } from '@organisations/activities/activity.errors';
import { activityPublished } from '@organisations/activities/activity.events';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { assertConsistent } from '@organisations/activities/activity.rules';
import { canSeeActivity, type ActivityState } from '@organisations/activities/activity.state';

const SORTED = new Set(['deliveryModes', 'themes', 'lifeStages']);
const TIMES = new Set(['validFrom', 'validTo']);
/** Fields a PATCH may not clear with null (the optional ones may: null removes them). */
const REQUIRED = ['name', 'type', 'deliveryModes', 'municipalities', 'cost', 'languages', 'themes', 'lifeStages', 'villages'] as const;

/** A partial update; a published activity republishes its new public state. */
@Injectable()
export class UpdateActivityHandler {
  constructor(private readonly activities: ActivityRepository) {}

  async execute(id: string, patch: UpdateActivityRequestDto, identity: Identity, expected?: number): Promise<Loaded<ActivityState>> {
    const nulls = REQUIRED.filter((f) => (patch as Record<string, unknown>)[f] === null).map((field) => ({
      field,
      message: `${field} cannot be null`,
    }));
    if (nulls.length > 0) throw new RequestValidationError(nulls);
    const updated = await this.activities.update(id, async (current) => {
      if (!canSeeActivity(identity, current.state) || (await this.activities.organisationGone(current.state.organisationId)))
        throw activityNotFound(id);
      if (!canWriteRegions(identity, current.state.regions)) throw activityRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw activityStale(current.version);
      const next: ActivityState = { ...current.state };
      // Per attempt: a retry after a concurrent writer compares with that writer's state.
      let changed = false;
      for (const [field, raw] of Object.entries(patch) as [keyof ActivityState, unknown][]) {
        if (raw === undefined) continue;
        let value: unknown = raw === null ? undefined : raw;
        if (SORTED.has(field) && Array.isArray(raw)) value = [...(raw as string[])].sort();
        if (TIMES.has(field) && typeof raw === 'string') value = new Date(raw).toISOString();
        if (JSON.stringify(value) === JSON.stringify(current.state[field])) continue;
        (next as unknown as Record<string, unknown>)[field] = value;
        changed = true;
      }
      if (!changed) return null;
      next.regions = regionsOf(next.municipalities);
      if (!canWriteRegions(identity, next.regions)) throw activityRegionForbidden();
      next.searchText = searchTextOf(next.name);
      next.updatedAt = new Date().toISOString();
      assertConsistent(next);
      const version = current.version + 1;
      return {
        state: next,
        records: next.publishingState === 'published' ? [activityPublished(next, version)] : [],
        followUps: [touchOrganisation(next.organisationId, 'activities', id)],
      };
    });
    if (!updated) throw activityNotFound(id);
    return updated;
  }
}
