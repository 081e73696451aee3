import { Global, Module, type DynamicModule } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthController } from './health';
import { databaseReadiness, Readiness } from './readiness';

export interface HealthOptions {
  /** Ready only while the service's own database answers a ping. */
  readonly database?: boolean;
}

/** Token of the provider that registers the database ping at start. */
class DatabaseReadinessRegistration {}

/**
 * `/health/live` and `/health/ready` with the service's readiness checks: the database ping when
 * asked for, and whatever registers with `Readiness` (the outbox relay, each event consumer).
 * One line in an app module: `HealthModule.forRoot({ database: true })`.
 */
@Global()
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        Readiness,
        ...(options.database
          ? [
              {
                provide: DatabaseReadinessRegistration,
                inject: [Readiness, getConnectionToken()],
                useFactory: (readiness: Readiness, connection: Connection) => {
                  readiness.add(databaseReadiness(connection));
                  return new DatabaseReadinessRegistration();
                },
              },
            ]
          : []),
      ],
      exports: [Readiness],
    };
  }
}
