import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { RegisterOrganisationRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionConflictError, VersionedStore, type Loaded } from '@yp/shared-persistence';
import { duplicateBusinessId, regionForbidden } from '@organisations/organisations/organisation.errors';
import { organisationRegistered } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchTextOf, type OrganisationState } from '@organisations/organisations/organisation.state';

@Injectable()
export class RegisterOrganisationHandler {
  constructor(private readonly organisations: OrganisationRepository) {}

  /**
   * Registers a new organisation, under a new id or under `id` chosen beforehand (PUT by source id).
   * Throws VersionConflictError when an organisation with that id exists already.
   */
  async execute(
    request: RegisterOrganisationRequestDto,
    identity: Identity,
    id = VersionedStore.newId('org'),
  ): Promise<Loaded<OrganisationState>> {
    const regions = regionsOf(request.municipalities);
    if (!canWriteRegions(identity, regions)) throw regionForbidden();
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
    try {
      return await this.organisations.create(id, { state, records: [organisationRegistered(state)] });
    } catch (error) {
      // Not created: the business ID must not stay held by an organisation that does not exist (on a
      // version conflict it does exist, under this id, and holds it).
      if (request.businessId && !(error instanceof VersionConflictError))
        await this.organisations.releaseBusinessId(request.businessId, id);
      throw error;
    }
  }
}
