import { Injectable } from '@nestjs/common';
import { organisationUpdated } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { ActivityRepository } from './activity.repository';
import { isVisible } from './activity.state';

/**
 * A change to anything an organisation owns (activities, contacts, its liaison officers' areas) moves the organisation too: a new version, a later
 * `updatedAt` and an `organisation.updated` event with `changedFields` naming what changed (`activities`, `contacts`, `liaison-officers`), so that
 * incremental sync by modification time is complete by construction. It also refreshes the activity
 * types and delivery modes the organisation offers (its visible activities), which the organisation
 * list filters on.
 */
@Injectable()
export class OrganisationTouch {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly activities: ActivityRepository,
  ) {}

  async touch(organisationId: string, what: 'activities' | 'contacts' | 'liaison-officers'): Promise<void> {
    const visible = (await this.activities.ofOrganisation(organisationId)).filter((a) => isVisible(a));
    const activityTypes = [...new Set(visible.map((a) => a.type))].sort();
    const deliveryModes = [...new Set(visible.flatMap((a) => a.deliveryModes))].sort();
    await this.organisations.update(organisationId, (current) => {
      if (current.state.deletedAt) return null;
      const next = { ...current.state, activityTypes, deliveryModes, updatedAt: new Date().toISOString() };
      return { state: next, records: [organisationUpdated(next, current.version + 1, [what])] };
    });
  }
}
