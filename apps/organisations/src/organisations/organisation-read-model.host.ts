import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPICS } from '@yp/contracts-events';
import { Readiness } from '@yp/shared-bootstrap';
import { KAFKA_OPTIONS, ReadModelHost, type KafkaOptions } from '@yp/shared-kafka';
import { OrganisationRepository } from './organisation.repository';

/**
 * The organisations read model (OrganisationRepository.readModel) built at start and kept current
 * with the other instances' commits through the service's own `organisation.*` events (ReadModelHost).
 * Without Kafka (specs of a single instance) it is only built.
 */
@Injectable()
export class OrganisationReadModelHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly host: ReadModelHost;

  constructor(
    repository: OrganisationRepository,
    @Optional() kafka?: Kafka,
    @Optional() @Inject(KAFKA_OPTIONS) options?: KafkaOptions,
    @Optional() readiness?: Readiness,
  ) {
    this.host = new ReadModelHost({
      name: 'organisations',
      model: repository.readModel,
      topic: TOPICS.organisations,
      aggregate: 'organisation',
      kafka: kafka && options ? { client: kafka, options } : undefined,
      readiness,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.host.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.host.stop();
  }
}
