import type { FollowUp } from '@yp/shared-persistence';

/** What changed among the things an organisation owns: its `changedFields` when it moves. */
export const TOUCH_REASONS = ['activities', 'contacts', 'liaison-officers', 'partnerships'] as const;
export type TouchReason = (typeof TOUCH_REASONS)[number];

export const TOUCH_ORGANISATION = 'organisation-touch';

/**
 * The instruction an owned change (an activity, contact, liaison officer or partnership; an
 * organisation's own deletion) commits with itself: "bring this organisation in line with what it
 * owns". Run after the commit by `OrganisationTouch` (activities/organisation-touch.ts), or by the
 * follow-up sweep if the writer died first. `activityId` names the activity that changed, so the
 * touch of a deleted organisation withdraws it even when the states collection lags.
 */
export interface TouchOrganisation extends FollowUp {
  readonly kind: typeof TOUCH_ORGANISATION;
  readonly organisationId: string;
  readonly what: TouchReason;
  readonly activityId?: string;
}

export function touchOrganisation(organisationId: string, what: TouchReason, activityId?: string): TouchOrganisation {
  return { kind: TOUCH_ORGANISATION, organisationId, what, ...(activityId ? { activityId } : {}) };
}

/** The follow-ups moving each organisation once (ids in order, repeats dropped). */
export function touchOrganisations(organisationIds: Iterable<string>, what: TouchReason): TouchOrganisation[] {
  return [...new Set(organisationIds)].map((id) => touchOrganisation(id, what));
}

/** A stored follow-up read back (from the change document): checked, not assumed. */
export function isTouchOrganisation(followUp: FollowUp): followUp is TouchOrganisation {
  return (
    followUp.kind === TOUCH_ORGANISATION &&
    typeof followUp.organisationId === 'string' &&
    (TOUCH_REASONS as readonly unknown[]).includes(followUp.what) &&
    (followUp.activityId === undefined || typeof followUp.activityId === 'string')
  );
}
