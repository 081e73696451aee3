import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import type { SessionState } from './session.state';

/**
 * Sessions in a versioned store: a rotation and a revocation of the same session cannot both win
 * (unique change insert), which FerretDB's read-then-write updates could not guarantee.
 */
@Injectable()
export class SessionRepository {
  readonly store: VersionedStore<SessionState>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<SessionState>(db, 'sessions');
  }

  /** Open sessions of a user (a scan: FerretDB indexes only `_id`; sessions per user are few). */
  async openSessionIdsOf(userId: string): Promise<string[]> {
    const docs = await this.store.states
      .find({ 'state.userId': userId, 'state.revokedAt': { $exists: false } } as never, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id);
  }

  load(id: string): Promise<Loaded<SessionState> | undefined> {
    return this.store.load(id);
  }
}
