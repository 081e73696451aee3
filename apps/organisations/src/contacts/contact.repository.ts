import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, FollowUpLog, VersionedStore, type Loaded } from '@yp/shared-persistence';
import type { ContactState } from './contact.state';

export const PERSON_ID = /^per_[a-f0-9]{32}$/;

/** Contact persons: a versioned store (`contacts`, change log `contacts_changes`) keyed by person id. */
@Injectable()
export class ContactRepository {
  readonly store: VersionedStore<ContactState>;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox, followUps: FollowUpLog) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<ContactState>(connection.db, 'contacts', { outbox, followUps });
  }

  /** A page of one organisation's contacts in id order after `after`. */
  listByOrganisation(organisationId: string, after: string | undefined, limit: number): Promise<Loaded<ContactState>[]> {
    return this.store.page(after, limit, { 'state.organisationId': organisationId });
  }
}
