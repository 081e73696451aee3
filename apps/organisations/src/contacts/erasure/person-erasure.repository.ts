import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, VersionedStore, type Loaded } from '@yp/shared-persistence';
import { LIAISON_OFFICER_PERSONAL_FIELDS, type LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import { CONTACT_PERSONAL_FIELDS, type ContactState } from '@organisations/contacts/contact.state';
import { ChangeLogScrubber } from './change-log-scrubber';

/**
 * The record that a person was erased: ids and audit facts only (who, when, which aggregates). Its
 * change log carries the tombstone and the `contact.erased.v1` event through the outbox; its unique
 * id (the person id) makes a second erasure a no-op.
 */
export interface PersonErasureState {
  personId: string;
  erasedAt: string;
  erasedBy: string;
  contacts: string[];
  liaisonOfficers: string[];
  /** Set once every version was seen scrubbed after the relay stopped writing it. */
  verifiedAt?: string;
}

export interface PersonAggregates {
  readonly contacts: string[];
  readonly liaisonOfficers: string[];
}

/** Where a person's data lives in this service, and the erasure records. */
@Injectable()
export class PersonErasureRepository {
  readonly erasures: VersionedStore<PersonErasureState>;
  readonly contacts: ChangeLogScrubber<ContactState>;
  readonly officers: ChangeLogScrubber<LiaisonOfficerState>;

  constructor(
    @InjectConnection() connection: Connection,
    outbox: ChangeLogOutbox,
    contacts: ContactRepository,
    officers: LiaisonOfficerRepository,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.erasures = new VersionedStore<PersonErasureState>(connection.db, 'person_erasures', { outbox });
    this.contacts = new ChangeLogScrubber(contacts.store, CONTACT_PERSONAL_FIELDS);
    this.officers = new ChangeLogScrubber(officers.store, LIAISON_OFFICER_PERSONAL_FIELDS);
  }

  /** Every aggregate that ever held the person's data, found in the change logs (erased or not). */
  async aggregatesOf(personId: string): Promise<PersonAggregates> {
    return {
      contacts: await this.contacts.aggregatesWhere('aggregateId', personId),
      liaisonOfficers: await this.officers.aggregatesWhere('state.personId', personId),
    };
  }

  /** Erasures whose scrubbing is not yet verified as final (a scan; a short list). */
  async unverified(limit: number): Promise<Loaded<PersonErasureState>[]> {
    return this.erasures.page(undefined, limit, { 'state.verifiedAt': { $exists: false } });
  }
}
