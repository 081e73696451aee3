import { Global, Inject, Injectable, Module, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import type { ConsumerGroupSpec } from '@yp/contracts-events';
import { Readiness } from '@yp/shared-bootstrap';
import { Inbox, Projection } from '@yp/shared-persistence';
import { dispatchByType, EventConsumer, type ConsumerDefinition, type EventHandlers, type RetryPolicy } from './event-consumer';
import { KAFKA_OPTIONS } from './kafka.module';
import type { KafkaOptions } from './kafka-options';
import { projectionConsumer, type ProjectionHandlers } from './projection-handlers';

export interface EventHandlersDefinition {
  /** One of CONSUMER_GROUPS: its id and the topics it reads. */
  readonly group: ConsumerGroupSpec;
  readonly handlers: EventHandlers;
  readonly retry?: RetryPolicy;
}

export interface ProjectionDefinition<T extends object> {
  readonly group: ConsumerGroupSpec;
  /** The projection's collection in the service's database. */
  readonly collection: string;
  readonly handlers: ProjectionHandlers<T>;
  readonly retry?: RetryPolicy;
}

/**
 * The event consumers of a service: builds each on the service's broker connection and inbox,
 * starts them with the app, stops them before the database connection closes, and registers each
 * in readiness (`consumer:<group id>`: its group is running). A consumer is then a definition:
 *
 * ```ts
 * constructor(consumers: EventConsumers) {
 *   this.meetings = consumers.project<MeetingV1>({
 *     group: CONSUMER_GROUPS.villagesMeetings,
 *     collection: 'meetings',
 *     handlers: { [MEETING_SCHEDULED_V1]: (event) => event.data, [MEETING_CANCELLED_V1]: () => null },
 *   });
 * }
 * ```
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: EventConsumer[] = [];
  private readonly db: mongo.Db;
  private readonly inbox: Inbox;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
    @Optional() private readonly readiness?: Readiness,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.db = connection.db;
    this.inbox = new Inbox(connection.db);
  }

  /** The consumers added so far (operators' and tests' view). */
  get all(): readonly EventConsumer[] {
    return this.consumers;
  }

  /** A consumer with any definition (record topics too); started with the app. */
  add(definition: ConsumerDefinition, retry?: RetryPolicy): EventConsumer {
    const consumer = new EventConsumer(this.kafka, this.options, this.inbox, definition, retry);
    this.readiness?.add({ name: `consumer:${definition.groupId}`, check: () => Promise.resolve(consumer.isRunning) });
    this.consumers.push(consumer);
    return consumer;
  }

  /** A consumer group whose events go to handlers by type (typed by their contracts). */
  handle(definition: EventHandlersDefinition): EventConsumer {
    return this.add(
      { groupId: definition.group.id, eventTopics: definition.group.topics, onEvent: dispatchByType(definition.handlers) },
      definition.retry,
    );
  }

  /**
   * A projection kept from a consumer group's events, a fetched batch at a time (one insert or bulk
   * write per batch, not a write per event: projectionConsumer); returns the projection to read.
   */
  project<T extends object>(definition: ProjectionDefinition<T>): Projection<T> {
    const projection = new Projection<T>(this.db, definition.collection);
    this.add(projectionConsumer(definition.group, projection, definition.handlers), definition.retry);
    return projection;
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}

/** Provides `EventConsumers` (needs the service's database and KafkaModule). */
@Global()
@Module({ providers: [EventConsumers], exports: [EventConsumers] })
export class EventConsumersModule {}
