import { Global, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { FollowUpLog } from '@yp/shared-persistence';
import { FollowUpSweep } from './follow-up-sweep';

/**
 * The service's follow-up log (inject `FollowUpLog` into a repository and build its store with
 * `{ outbox, followUps }`) and the sweep that completes what a writer left unfinished. Handlers of
 * each kind register themselves (`OrganisationTouch`).
 */
@Global()
@Module({
  providers: [
    {
      provide: FollowUpLog,
      inject: [getConnectionToken()],
      useFactory: (connection: Connection) => {
        if (!connection.db) throw new Error('MongoDB connection is not open');
        return new FollowUpLog(connection.db);
      },
    },
    FollowUpSweep,
  ],
  exports: [FollowUpLog],
})
export class FollowUpsModule {}
