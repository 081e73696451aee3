import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { organisationNotFound, regionForbidden } from '@organisations/organisations/organisation.errors';
import { organisationUpdated } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';

/**
 * Adds one municipality to the area an organisation serves. A read-modify-write on the aggregate:
 * concurrent additions must all survive (the store serialises them per organisation).
 */
@Injectable()
export class AddMunicipalityHandler {
  constructor(private readonly organisations: OrganisationRepository) {}

  async execute(id: string, code: string, identity: Identity): Promise<Loaded<OrganisationState>> {
    const result = await this.organisations.update(id, (current) => {
      if (current.state.deletedAt) throw organisationNotFound(id);
      if (!canWriteRegions(identity, current.state.regions)) throw regionForbidden();
      if (current.state.municipalities.includes(code)) return null;
      const municipalities = [...current.state.municipalities, code];
      const next: OrganisationState = {
        ...current.state,
        municipalities,
        regions: regionsOf(municipalities),
        updatedAt: new Date().toISOString(),
      };
      if (!canWriteRegions(identity, next.regions)) throw regionForbidden();
      return { state: next, records: [organisationUpdated(next, current.version + 1, ['municipalities'])] };
    });
    if (!result) throw organisationNotFound(id);
    return result;
  }
}
