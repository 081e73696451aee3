import { Injectable } from '@nestjs/common';
import { canReadRegions, canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';

/**
 * Who may see and change a contact person: decided by the regions of the organisation the person
 * represents, read live from the register (same service), so a change of the organisation's area
 * moves its contacts with it. People data: only people (admins, coordinators of every region
 * involved) write it; integration keys may read it in their regions but not write it.
 */
@Injectable()
export class ContactAccess {
  constructor(private readonly organisations: OrganisationRepository) {}

  /** The organisation's regions, or undefined when no such organisation was ever registered. */
  async regionsOf(organisationId: string): Promise<string[] | undefined> {
    return (await this.organisations.load(organisationId))?.state.regions;
  }

  /** Regions of a live (not deleted) organisation, for attaching a contact to it. */
  async liveRegionsOf(organisationId: string): Promise<string[] | undefined> {
    const found = await this.organisations.load(organisationId);
    return found && !found.state.deletedAt ? found.state.regions : undefined;
  }

  mayWrite(identity: Identity, regions: readonly string[]): boolean {
    const isPerson = identity.roles.includes('admin') || identity.roles.includes('coordinator');
    return isPerson && canWriteRegions(identity, regions);
  }

  mayRead(identity: Identity, regions: readonly string[]): boolean {
    return canReadRegions(identity, regions);
  }
}
