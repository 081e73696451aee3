import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { OrganisationImportState } from './organisation-import.state';

/**
 * Imports in a versioned store of their own (`organisation_imports`): version 1 publishes
 * organisations.import.started.v1, progress versions publish nothing, the last one publishes
 * organisations.import.completed.v1 — through the same outbox as every other change.
 */
@Injectable()
export class OrganisationImportRepository {
  private readonly store: VersionedStore<OrganisationImportState>;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<OrganisationImportState>(connection.db, 'organisation_imports', { outbox });
  }

  create(id: string, change: Change<OrganisationImportState>): Promise<Loaded<OrganisationImportState>> {
    return this.store.create(id, change);
  }

  load(id: string): Promise<Loaded<OrganisationImportState> | undefined> {
    return this.store.load(id);
  }

  update(
    id: string,
    decide: (current: Loaded<OrganisationImportState>) => Change<OrganisationImportState> | null,
  ): Promise<Loaded<OrganisationImportState> | undefined> {
    return this.store.update(id, decide);
  }
}
