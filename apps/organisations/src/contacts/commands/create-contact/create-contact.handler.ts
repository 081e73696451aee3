import { Injectable } from '@nestjs/common';
import type { CreateContactRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { contactRegionForbidden, unknownOrganisation } from '@organisations/contacts/contact.errors';
import { contactRecord } from '@organisations/people/person.events';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import type { ContactState } from '@organisations/contacts/contact.state';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

export interface CreatedContact {
  readonly contact: Loaded<ContactState>;
  readonly regions: string[];
}

@Injectable()
export class CreateContactHandler {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly access: ContactAccess,
  ) {}

  async execute(request: CreateContactRequestDto, identity: Identity): Promise<CreatedContact> {
    const regions = await this.access.liveRegionsOf(request.organisationId);
    if (!regions) throw unknownOrganisation(request.organisationId);
    if (!this.access.mayWrite(identity, regions)) throw contactRegionForbidden();
    // The contact's id is the person id: one id for the person across every service and topic.
    const personId = VersionedStore.newId('per');
    const now = new Date().toISOString();
    const state: ContactState = {
      personId,
      organisationId: request.organisationId,
      name: request.name,
      email: request.email.toLowerCase(),
      ...(request.phone ? { phone: request.phone } : {}),
      ...(request.title ? { title: request.title } : {}),
      language: request.language,
      createdAt: now,
      updatedAt: now,
    };
    // The organisation owns its contacts: its modification time moves after this commit (incremental sync).
    const contact = await this.contacts.store.create(personId, {
      state,
      records: [contactRecord(state)],
      followUps: [touchOrganisation(request.organisationId, 'contacts')],
    });
    return { contact, regions };
  }
}
