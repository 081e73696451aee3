import { Injectable } from '@nestjs/common';
import type { Identity } from '@yp/shared-bootstrap';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { contactNotFound, contactRegionForbidden, contactStaleVersion } from '@organisations/contacts/contact.errors';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import { ErasePersonHandler } from '@organisations/contacts/commands/erase-person/erase-person.handler';

/**
 * Removes a contact person from the register. A contact is personal data held only for the
 * organisation, so removing it *is* erasing it: the same erasure as `POST /persons/{id}/erase`
 * (state, change-log scrub, tombstone on the contacts topic, `contact.erased.v1`, the organisation
 * moves), allowed to whoever may change the contact (admins, coordinators of its regions).
 */
@Injectable()
export class DeleteContactHandler {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly access: ContactAccess,
    private readonly eraser: ErasePersonHandler,
  ) {}

  async execute(id: string, identity: Identity, expected?: number): Promise<void> {
    const current = await this.contacts.store.load(id);
    if (!current?.state) throw contactNotFound(id);
    const regions = (await this.access.regionsOf(current.state.organisationId)) ?? [];
    if (!this.access.mayRead(identity, regions)) throw contactNotFound(id);
    if (!this.access.mayWrite(identity, regions)) throw contactRegionForbidden();
    if (expected !== undefined && expected !== current.version) throw contactStaleVersion(current.version);
    await this.eraser.erase(id, identity.actor);
  }
}
