import { Injectable } from '@nestjs/common';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import {
  hasPublishedActivities,
  organisationNotFound,
  regionForbidden,
  staleVersion,
} from '@organisations/organisations/organisation.errors';
import { organisationDeleted } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

/**
 * Removes a mistaken or duplicate entry (leaving the network is status `archived`). The state stays
 * as a tombstone so incremental sync can tell integrators to delete their copy; the business ID is
 * freed for a correct entry.
 *
 * An organisation with published activities is refused (409), but a publication racing the deletion
 * can pass that check (it commits after the count): so the deletion carries the organisation's
 * touch, which for a deleted organisation withdraws whatever is published (OrganisationTouch),
 * after this commit; the publication's own touch does the same if it lands after the deletion.
 */
@Injectable()
export class DeleteOrganisationHandler {
  constructor(private readonly organisations: OrganisationRepository) {}

  async execute(id: string, identity: Identity, expected?: number): Promise<void> {
    const deleted = await this.organisations.update(id, async (current) => {
      if (current.state.deletedAt) throw organisationNotFound(id);
      if (!canWriteRegions(identity, current.state.regions)) throw regionForbidden();
      if (expected !== undefined && expected !== current.version) throw staleVersion(current.version);
      // Residents are still pointed to its published activities (counted again on a retry).
      const published = await this.organisations.publishedActivityCount(id);
      if (published > 0) throw hasPublishedActivities(published);
      const now = new Date().toISOString();
      const next = { ...current.state, deletedAt: now, updatedAt: now };
      return { state: next, records: [organisationDeleted(next, current.version + 1)], followUps: [touchOrganisation(id, 'activities')] };
    });
    if (!deleted) throw organisationNotFound(id);
    if (deleted.state.businessId) await this.organisations.releaseBusinessId(deleted.state.businessId, id);
  }
}
