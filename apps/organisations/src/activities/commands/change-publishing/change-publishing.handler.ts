import { Injectable } from '@nestjs/common';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { activityNotFound, activityRegionForbidden, activityStale, badTransition } from '@organisations/activities/activity.errors';
import { activityPublished, activityWithdrawn } from '@organisations/activities/activity.events';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { canSeeActivity, type ActivityState } from '@organisations/activities/activity.state';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

export type PublishingAction = 'publish' | 'withdraw';

/**
 * draft → published → withdrawn, and a withdrawn activity may be published again. Repeating the
 * current state is a no-op (same answer, no new version).
 */
@Injectable()
export class ChangePublishingHandler {
  constructor(private readonly activities: ActivityRepository) {}

  async execute(id: string, action: PublishingAction, identity: Identity, expected?: number): Promise<Loaded<ActivityState>> {
    const updated = await this.activities.update(id, async (current) => {
      const s = current.state;
      // Nothing is published under a deleted organisation.
      if (!canSeeActivity(identity, s) || (await this.activities.organisationGone(s.organisationId))) throw activityNotFound(id);
      if (!canWriteRegions(identity, s.regions)) throw activityRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw activityStale(current.version);
      const target = action === 'publish' ? 'published' : 'withdrawn';
      if (s.publishingState === target) return null;
      if (action === 'withdraw' && s.publishingState === 'draft') throw badTransition('draft', 'withdrawn');
      const now = new Date().toISOString();
      const next: ActivityState = { ...s, publishingState: target, updatedAt: now, ...(action === 'publish' ? { publishedAt: now } : {}) };
      const version = current.version + 1;
      // The organisation moves after this commit; if it was deleted meanwhile, that touch withdraws this activity again.
      return {
        state: next,
        records: [action === 'publish' ? activityPublished(next, version) : activityWithdrawn(next, version)],
        followUps: [touchOrganisation(s.organisationId, 'activities', id)],
      };
    });
    if (!updated) throw activityNotFound(id);
    return updated;
  }
}
