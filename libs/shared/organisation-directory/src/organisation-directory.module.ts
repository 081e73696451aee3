import { Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { ConsumerGroupSpec } from '@yp/contracts-events';
import { EventConsumers, EventConsumersModule } from '@yp/shared-kafka';
import { OrganisationDirectoryController } from './organisation-directory.controller';
import { ORGANISATION_DIRECTORY_COLLECTION, ORGANISATION_DIRECTORY_HANDLERS, OrganisationDirectory } from './organisation-directory';

/** Declares the directory's indexes at start (MongoDB uses them; FerretDB accepts them). */
@Injectable()
class OrganisationDirectoryIndexes implements OnModuleInit {
  constructor(private readonly directory: OrganisationDirectory) {}

  async onModuleInit(): Promise<void> {
    await this.directory.ensureIndexes();
  }
}

/**
 * The organisation directory of a service: the projection kept by the service's own consumer group,
 * its read API (`OrganisationDirectory`, exported) and `GET /organisation-directory/stats`.
 * One line in an app module:
 * `OrganisationDirectoryModule.forRoot(CONSUMER_GROUPS.villagesOrganisationDirectory)`.
 */
@Module({})
export class OrganisationDirectoryModule {
  static forRoot(group: ConsumerGroupSpec): DynamicModule {
    return {
      module: OrganisationDirectoryModule,
      imports: [EventConsumersModule],
      controllers: [OrganisationDirectoryController],
      providers: [
        {
          provide: OrganisationDirectory,
          inject: [EventConsumers],
          useFactory: (consumers: EventConsumers) =>
            new OrganisationDirectory(
              consumers.project({ group, collection: ORGANISATION_DIRECTORY_COLLECTION, handlers: ORGANISATION_DIRECTORY_HANDLERS }),
            ),
        },
        OrganisationDirectoryIndexes,
      ],
      exports: [OrganisationDirectory],
    };
  }
}
