import { Injectable } from '@nestjs/common';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { touchOrganisations } from '@organisations/organisations/touch-organisation.follow-up';
import { partnershipNotFound, partnershipRegionForbidden, partnershipStale } from '@organisations/partnerships/partnership.errors';
import { partnershipChanged } from '@organisations/partnerships/partnership.events';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import type { PartnershipState } from '@organisations/partnerships/partnership.state';

/**
 * Removes an agreement recorded by mistake; ending or cancelling a real one is a status change. Any
 * status may be deleted: a mistake is a mistake whether or not it was already activated, and a
 * mistaken record left `cancelled` would claim an agreement that never existed. The state stays as
 * a tombstone (`deletedAt`) and the deletion is published as the next version, so consumers drop
 * their copy, and its partner organisations move after the commit. Deleting again is a 404, as for
 * organisations.
 */
@Injectable()
export class DeletePartnershipHandler {
  constructor(private readonly partnerships: PartnershipRepository) {}

  async execute(id: string, identity: Identity, expected?: number): Promise<void> {
    const deleted = await this.partnerships.update(id, (current) => {
      if (current.state.deletedAt) throw partnershipNotFound(id);
      // Who may write comes before If-Match: a caller who may not write gets 403, never 412.
      if (!canWriteRegions(identity, [current.state.region])) throw partnershipRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw partnershipStale(current.version);
      const now = new Date().toISOString();
      const next: PartnershipState = { ...current.state, deletedAt: now, updatedAt: now };
      return {
        state: next,
        records: [partnershipChanged(next, current.version + 1)],
        followUps: touchOrganisations(current.state.partnerOrganisationIds, 'partnerships'),
      };
    });
    if (!deleted) throw partnershipNotFound(id);
  }
}
