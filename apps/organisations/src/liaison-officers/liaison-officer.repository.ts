import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ChangeLogOutbox, FollowUpLog, VersionedStore } from '@yp/shared-persistence';
import type { LiaisonOfficerState } from './liaison-officer.state';

@Injectable()
export class LiaisonOfficerRepository {
  readonly store: VersionedStore<LiaisonOfficerState>;

  constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox, followUps: FollowUpLog) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<LiaisonOfficerState>(connection.db, 'liaison_officers', { outbox, followUps });
  }
}
