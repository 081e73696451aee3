import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { RegisterOrganisationRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { duplicateBusinessId, regionForbidden } from '@organisations/organisations/organisation.errors';
import { organisationRegistered } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchTextOf, type OrganisationState } from '@organisations/organisations/organisation.state';

@Injectable()
export class RegisterOrganisationHandler {
  constructor(private readonly organisations: OrganisationRepository) {}

  async execute(request: RegisterOrganisationRequestDto, identity: Identity): Promise<Loaded<OrganisationState>> {
    const regions = regionsOf(request.municipalities);
    if (!canWriteRegions(identity, regions)) throw regionForbidden();
    const id = VersionedStore.newId('org');
    if (request.businessId) {
      const holder = await this.organisations.claimBusinessId(request.businessId, id);
      if (holder) throw duplicateBusinessId(request.businessId, holder);
    }
    const now = new Date().toISOString();
    const state: OrganisationState = {
      organisationId: id,
      kind: request.kind,
      name: { ...request.name },
      ...(request.businessId ? { businessId: request.businessId } : {}),
      ...(request.associationRegisterNumber ? { associationRegisterNumber: request.associationRegisterNumber } : {}),
      ...(request.description ? { description: { ...request.description } } : {}),
      ...(request.postalAddress ? { postalAddress: { ...request.postalAddress } } : {}),
      municipalities: [...request.municipalities],
      regions,
      themes: [...(request.themes ?? [])].sort(),
      lifeStages: [...(request.lifeStages ?? [])].sort(),
      ...(request.website ? { website: request.website } : {}),
      ...(request.email ? { email: request.email } : {}),
      ...(request.phone ? { phone: request.phone } : {}),
      status: 'active',
      createdAt: now,
      updatedAt: now,
      searchText: searchTextOf(request.name),
    };
    const created = await this.organisations.create(id, { state, records: [organisationRegistered(state)] });
    return created;
  }
}
