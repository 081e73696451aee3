import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  CONSUMER_GROUPS,
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  TOPICS,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import { EventConsumer, KAFKA_OPTIONS, type KafkaOptions } from '@yp/shared-kafka';
import { Inbox, Projection } from '@yp/shared-persistence';

/**
 * The villages service's own copy of the organisation register, built from organisations events
 * (no service reads another's database). Newer versions win; duplicates and replays change nothing.
 */
@Injectable()
export class OrganisationDirectoryConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  readonly consumer: EventConsumer;
  readonly directory: Projection<OrganisationRegisteredV1>;

  constructor(@InjectConnection() connection: Connection, kafka: Kafka, @Inject(KAFKA_OPTIONS) options: KafkaOptions) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.directory = new Projection<OrganisationRegisteredV1>(connection.db, 'organisation_directory');
    this.consumer = new EventConsumer(kafka, options, new Inbox(connection.db), {
      groupId: CONSUMER_GROUPS.villagesOrganisationDirectory.id,
      eventTopics: [TOPICS.organisations],
      onEvent: async (event) => {
        if (event.type === ORGANISATION_REGISTERED_V1 || event.type === ORGANISATION_UPDATED_V1) {
          await this.directory.apply(event.subject, event.aggregateversion, event.data as OrganisationRegisteredV1);
        } else if (event.type === ORGANISATION_DELETED_V1) {
          await this.directory.apply(event.subject, event.aggregateversion, null);
        }
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
