import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { CreatePartnershipRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { touchOrganisations } from '@organisations/organisations/touch-organisation.follow-up';
import { invalidPartnership, partnershipRegionForbidden } from '@organisations/partnerships/partnership.errors';
import { partnershipChanged } from '@organisations/partnerships/partnership.events';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import { assertConsistent, assertPartnersExist } from '@organisations/partnerships/partnership.rules';
import type { PartnershipState } from '@organisations/partnerships/partnership.state';

/**
 * Records an agreement as a draft; the writer must be allowed in the municipality's region. Each
 * partner organisation moves after the commit (`changedFields: ["partnerships"]`).
 */
@Injectable()
export class CreatePartnershipHandler {
  constructor(
    private readonly partnerships: PartnershipRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(request: CreatePartnershipRequestDto, identity: Identity): Promise<Loaded<PartnershipState>> {
    const [region] = regionsOf([request.municipality]);
    if (!region) throw invalidPartnership('municipality', 'municipality must be an official municipality code');
    if (!canWriteRegions(identity, [region])) throw partnershipRegionForbidden();
    const id = VersionedStore.newId('prt');
    const now = new Date().toISOString();
    const state: PartnershipState = {
      partnershipId: id,
      municipality: request.municipality,
      region,
      partnerOrganisationIds: [...request.partnerOrganisationIds],
      title: { ...request.title },
      ...(request.description ? { description: { ...request.description } } : {}),
      themes: [...request.themes].sort(),
      startsOn: request.startsOn,
      ...(request.endsOn ? { endsOn: request.endsOn } : {}),
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    };
    assertConsistent(state);
    await assertPartnersExist(this.organisations, state.partnerOrganisationIds);
    return this.partnerships.create(id, {
      state,
      records: [partnershipChanged(state, 1)],
      followUps: touchOrganisations(state.partnerOrganisationIds, 'partnerships'),
    });
  }
}
