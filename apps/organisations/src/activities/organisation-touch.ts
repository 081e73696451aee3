import { Injectable, Logger } from '@nestjs/common';
import { FollowUpLog, type FollowUp, type FollowUpContext } from '@yp/shared-persistence';
import { OrganisationsConfig } from '@organisations/organisations-config';
import { organisationUpdated } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { isTouchOrganisation, TOUCH_ORGANISATION, type TouchReason } from '@organisations/organisations/touch-organisation.follow-up';
import { activityWithdrawn } from './activity.events';
import { ActivityRepository } from './activity.repository';
import { isVisible } from './activity.state';

/**
 * A change to anything an organisation owns (activities, contacts, its liaison officers, the
 * partnerships it is in) moves the organisation too: a new version, a later `updatedAt` and an
 * `organisation.updated` event with `changedFields` naming what changed (`activities`, `contacts`,
 * `liaison-officers`, `partnerships`), so that incremental sync by modification time is complete by
 * construction. It also refreshes the activity types and delivery modes the organisation offers
 * (its visible activities), which the organisation list filters on.
 *
 * The owned change commits the instruction with itself (`touchOrganisation(...)` in its
 * `followUps`), and this class is its handler: run right after the commit, or by the follow-up
 * sweep when the writer died in between (FollowUpLog). Running it twice only moves the
 * organisation twice (one more version and event with the same content), which consumers applying
 * by version take as any other change.
 *
 * A deleted organisation does not move; instead none of its activities may stay published. A
 * publication that raced the deletion is withdrawn here: the publish's touch re-reads the
 * organisation after the activity's commit, and the deletion's touch re-reads the activities after
 * the organisation's, so whichever lands second sees the other.
 */
@Injectable()
export class OrganisationTouch {
  private readonly logger = new Logger(OrganisationTouch.name);
  /** When this instance started (the `TEST_FAULT=freeze-follow-ups` hook). */
  private readonly startedAt = new Date();

  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly activities: ActivityRepository,
    private readonly config: OrganisationsConfig,
    followUps: FollowUpLog,
  ) {
    followUps.handle(TOUCH_ORGANISATION, (followUp, context) => this.run(followUp, context));
  }

  async touch(organisationId: string, what: TouchReason, activityId?: string): Promise<void> {
    // Heals the changed activity's state document first, so that the reads below include its change.
    if (activityId) await this.activities.load(activityId);
    const visible = (await this.activities.ofOrganisation(organisationId)).filter((a) => isVisible(a));
    const activityTypes = [...new Set(visible.map((a) => a.type))].sort();
    const deliveryModes = [...new Set(visible.flatMap((a) => a.deliveryModes))].sort();
    let deleted = false;
    await this.organisations.update(organisationId, (current) => {
      if (current.state.deletedAt) {
        deleted = true;
        return null;
      }
      const next = { ...current.state, activityTypes, deliveryModes, updatedAt: new Date().toISOString() };
      return { state: next, records: [organisationUpdated(next, current.version + 1, [what])] };
    });
    if (deleted) await this.withdrawPublished(organisationId, activityId);
  }

  /** Withdraws every published activity of a deleted organisation (each its own version and `activity.withdrawn.v1`). */
  private async withdrawPublished(organisationId: string, activityId: string | undefined): Promise<void> {
    const ids = new Set(
      (await this.activities.ofOrganisation(organisationId)).filter((a) => a.publishingState === 'published').map((a) => a.activityId),
    );
    if (activityId) ids.add(activityId);
    for (const id of ids) {
      let withdrawn = false;
      await this.activities.update(id, (current) => {
        if (current.state.publishingState !== 'published' || current.state.organisationId !== organisationId) return null;
        const next = { ...current.state, publishingState: 'withdrawn' as const, updatedAt: new Date().toISOString() };
        withdrawn = true;
        return { state: next, records: [activityWithdrawn(next, current.version + 1)] };
      });
      if (withdrawn) this.logger.log(`Withdrew activity ${id}: its organisation ${organisationId} was deleted`);
    }
  }

  private async run(followUp: FollowUp, context: FollowUpContext): Promise<void> {
    if (!isTouchOrganisation(followUp)) {
      this.logger.error(`Skipping a malformed ${followUp.kind} follow-up of ${context.changeId}`);
      return;
    }
    if (this.config.TEST_FAULT === 'freeze-follow-ups' && context.markedAt >= this.startedAt) {
      this.logger.warn(`TEST_FAULT=freeze-follow-ups: ${context.changeId} is committed; its organisation touch waits forever`);
      await new Promise<never>(() => undefined);
    }
    await this.touch(followUp.organisationId, followUp.what, followUp.activityId);
  }
}
