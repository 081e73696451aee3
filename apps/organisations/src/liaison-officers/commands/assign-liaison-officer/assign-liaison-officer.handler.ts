import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { AssignLiaisonOfficerRequestDto } from '@yp/contracts-http';
import { AppError, RequestValidationError, canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { liaisonOfficerAssigned } from '@organisations/liaison-officers/liaison-officer.events';
import { contactRecord } from '@organisations/people/person.events';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import type { LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

const regionForbidden = () =>
  new AppError('LIAISON_OFFICER.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not assign liaison officers in that region.');

@Injectable()
export class AssignLiaisonOfficerHandler {
  constructor(
    private readonly officers: LiaisonOfficerRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(request: AssignLiaisonOfficerRequestDto, identity: Identity): Promise<Loaded<LiaisonOfficerState>> {
    const regions = regionsOf(request.municipalities);
    // Integration keys may write register data but not appoint people.
    const mayAppoint = identity.roles.includes('admin') || identity.roles.includes('coordinator');
    if (!mayAppoint || !canWriteRegions(identity, regions)) throw regionForbidden();
    if (request.activeFrom && request.activeTo && request.activeTo < request.activeFrom) {
      throw new RequestValidationError([{ field: 'activeTo', message: 'activeTo must not be before activeFrom' }]);
    }
    // The employing organisation moves with the appointment: it must exist, and be one the writer may change.
    if (request.organisationId) {
      const employer = await this.organisations.load(request.organisationId);
      if (!employer || employer.state.deletedAt) {
        throw new RequestValidationError([
          { field: 'organisationId', message: `no organisation with id ${request.organisationId} is registered` },
        ]);
      }
      if (!canWriteRegions(identity, employer.state.regions)) throw regionForbidden();
    }
    const id = VersionedStore.newId('lo');
    const state: LiaisonOfficerState = {
      liaisonOfficerId: id,
      personId: VersionedStore.newId('per'),
      name: request.name,
      email: request.email.toLowerCase(),
      language: request.language,
      municipalities: [...request.municipalities],
      regions,
      ...(request.organisationId ? { organisationId: request.organisationId } : {}),
      ...(request.healthCentre ? { healthCentre: request.healthCentre } : {}),
      ...(request.activeFrom ? { activeFrom: request.activeFrom } : {}),
      ...(request.activeTo ? { activeTo: request.activeTo } : {}),
      assignedAt: new Date().toISOString(),
    };
    // The organisation the officer belongs to changed what it owns: it moves after this commit (incremental sync).
    return this.officers.store.create(id, {
      state,
      records: [contactRecord(state), liaisonOfficerAssigned(state, 1)],
      followUps: state.organisationId ? [touchOrganisation(state.organisationId, 'liaison-officers')] : [],
    });
  }
}
