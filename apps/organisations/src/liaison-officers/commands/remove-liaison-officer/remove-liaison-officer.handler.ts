import { Injectable } from '@nestjs/common';
import { AppError, canReadRegions, canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { liaisonOfficerRemoved } from '@organisations/liaison-officers/liaison-officer.events';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

const notFound = (id: string) =>
  new AppError('LIAISON_OFFICER.NOT_FOUND', 404, 'Liaison officer not found', `No liaison officer with id ${id}.`);

/**
 * Ends an appointment: the record stays (with `removedAt`) and `liaison-officer.removed.v1` tells
 * the projections to stop addressing the person for those municipalities. Their personal data is
 * not erased by this — that is `POST /persons/{id}/erase`. Removing twice changes nothing.
 */
@Injectable()
export class RemoveLiaisonOfficerHandler {
  constructor(private readonly officers: LiaisonOfficerRepository) {}

  async execute(id: string, identity: Identity): Promise<void> {
    const result = await this.officers.store.update(id, (current) => {
      if (!canReadRegions(identity, current.state.regions)) throw notFound(id);
      const mayAppoint = identity.roles.includes('admin') || identity.roles.includes('coordinator');
      if (!mayAppoint || !canWriteRegions(identity, current.state.regions)) {
        throw new AppError('LIAISON_OFFICER.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not remove liaison officers in that region.');
      }
      if (current.state.removedAt) return null;
      const next = { ...current.state, removedAt: new Date().toISOString() };
      return {
        state: next,
        records: [liaisonOfficerRemoved(next, current.version + 1)],
        followUps: next.organisationId ? [touchOrganisation(next.organisationId, 'liaison-officers')] : [],
      };
    });
    if (!result) throw notFound(id);
  }
}
