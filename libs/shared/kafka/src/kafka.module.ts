import { Global, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPIC_SPECS } from '@yp/contracts-events';
import { BackendServiceConfig } from '@yp/shared-bootstrap';
import { createKafka } from './kafka-connection';
import type { KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

/** Creates the frozen topics of the topic map at start-up (idempotent, every service may do it). */
@Injectable()
export class TopicProvisioner implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, this.options, TOPIC_SPECS);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: KAFKA_OPTIONS,
      inject: [BackendServiceConfig],
      useFactory: (config: BackendServiceConfig): KafkaOptions => ({
        brokers: config.KAFKA_BROKERS,
        clientId: config.SERVICE_NAME,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
      }),
    },
    { provide: Kafka, inject: [KAFKA_OPTIONS], useFactory: (options: KafkaOptions) => createKafka(options) },
    TopicProvisioner,
  ],
  exports: [KAFKA_OPTIONS, Kafka],
})
export class KafkaModule {}
