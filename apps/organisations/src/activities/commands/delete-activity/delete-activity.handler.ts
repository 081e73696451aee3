import { Injectable } from '@nestjs/common';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { activityNotFound, activityRegionForbidden, activityStale } from '@organisations/activities/activity.errors';
import { activityWithdrawn } from '@organisations/activities/activity.events';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { canSeeActivity, type ActivityState } from '@organisations/activities/activity.state';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

/**
 * Removes a mistaken or duplicate activity (ending one is a withdrawal). The state stays as a
 * tombstone with `deletedAt`, so its organisation's change feed and the change log can account
 * for it; afterwards it is 404 for every read and write, as if it never existed. Deleting it again
 * is 404, as for organisations.
 */
@Injectable()
export class DeleteActivityHandler {
  constructor(private readonly activities: ActivityRepository) {}

  async execute(id: string, identity: Identity, expected?: number): Promise<void> {
    const deleted = await this.activities.update(id, async (current) => {
      const s = current.state;
      // The same rules, in the same order, as a PATCH: unseen is 404, region 403, then If-Match 412.
      if (!canSeeActivity(identity, s) || (await this.activities.organisationGone(s.organisationId))) throw activityNotFound(id);
      if (!canWriteRegions(identity, s.regions)) throw activityRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw activityStale(current.version);
      const now = new Date().toISOString();
      const version = current.version + 1;
      // Consumers were told it was published: they are told to drop it, by the contract they know.
      // The tombstone says `withdrawn` too, so nothing counts it as published any more.
      const published = s.publishingState === 'published';
      const next: ActivityState = { ...s, publishingState: published ? 'withdrawn' : s.publishingState, deletedAt: now, updatedAt: now };
      return {
        state: next,
        records: published ? [activityWithdrawn(next, version)] : [],
        followUps: [touchOrganisation(s.organisationId, 'activities', id)],
      };
    });
    if (!deleted) throw activityNotFound(id);
  }
}
