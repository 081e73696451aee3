import { Injectable } from '@nestjs/common';
import type { UpdateContactRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import type { Loaded, OutboxRecord } from '@yp/shared-persistence';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { contactNotFound, contactRegionForbidden, contactStaleVersion, unknownOrganisation } from '@organisations/contacts/contact.errors';
import { contactRecord } from '@organisations/people/person.events';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import type { ContactState } from '@organisations/contacts/contact.state';
import { touchOrganisations } from '@organisations/organisations/touch-organisation.follow-up';

const FIELDS = ['name', 'email', 'phone', 'title', 'language', 'organisationId'] as const;
/** What the contacts topic carries: a change of these republishes the person's record. */
const RECORD_FIELDS = new Set<string>(['name', 'email', 'language']);

export interface UpdatedContact {
  readonly contact: Loaded<ContactState>;
  readonly regions: string[];
}

@Injectable()
export class UpdateContactHandler {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly access: ContactAccess,
  ) {}

  /**
   * A partial update as the next version; `expected` (from If-Match) makes it conditional. Outside
   * the caller's regions the contact does not exist (404); readable but not writable is 403.
   */
  async execute(id: string, patch: UpdateContactRequestDto, identity: Identity, expected?: number): Promise<UpdatedContact> {
    let regions: string[] = [];
    const result = await this.contacts.store.update(id, async (current) => {
      regions = (await this.access.regionsOf(current.state.organisationId)) ?? [];
      if (!this.access.mayRead(identity, regions)) throw contactNotFound(id);
      if (!this.access.mayWrite(identity, regions)) throw contactRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw contactStaleVersion(current.version);
      const next: ContactState = { ...current.state };
      const changed: string[] = [];
      for (const field of FIELDS) {
        const raw = patch[field];
        if (raw === undefined) continue;
        const value = field === 'email' && typeof raw === 'string' ? raw.toLowerCase() : raw;
        if ((value ?? undefined) === current.state[field]) continue;
        if (value === null) delete next[field as 'phone' | 'title'];
        else (next as unknown as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
      if (changed.length === 0) return null;
      if (changed.includes('organisationId')) {
        const target = await this.access.liveRegionsOf(next.organisationId);
        if (!target) throw unknownOrganisation(next.organisationId);
        if (!this.access.mayWrite(identity, target)) throw contactRegionForbidden();
        regions = target;
      }
      next.updatedAt = new Date().toISOString();
      const records: OutboxRecord[] = changed.some((f) => RECORD_FIELDS.has(f)) ? [contactRecord(next)] : [];
      // Its organisation moves after this commit; a contact that moved away changes the one it left too.
      return { state: next, records, followUps: touchOrganisations([next.organisationId, current.state.organisationId], 'contacts') };
    });
    if (!result) throw contactNotFound(id);
    return { contact: result, regions };
  }
}
