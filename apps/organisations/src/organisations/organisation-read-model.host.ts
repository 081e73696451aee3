import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Consumer } from 'kafkajs';
import { contractFor, EVENT_HEADER_NAMES, TOPIC_SPECS, TOPICS } from '@yp/contracts-events';
import { Readiness } from '@yp/shared-bootstrap';
import { ensureTopics, KAFKA_OPTIONS, prefixed, type KafkaOptions } from '@yp/shared-kafka';
import type { OrganisationReadModel } from './organisation-read-model';
import { OrganisationRepository } from './organisation.repository';

/** Retry of a failed build (the database not reachable at start). */
const BUILD_RETRY_MS = 2000;

/**
 * Builds the organisations read model at start and keeps it current with the commits of the other
 * instances of this service. Ready (`read-model:organisations`) once built; until then queries wait.
 *
 * Other instances' commits arrive as this service's own events: a consumer of the organisations
 * topic in a group of this process alone (`organisations.read-model.<host>.<pid>.<random>`, deleted
 * at shutdown; a crashed process's expires with its offsets), which starts at the end of the topic and reloads
 * each organisation an event names by id (point lookups, healing as `load` does). It joins before
 * the build reads the store, and the build's change-log pass covers what committed in between, so
 * nothing falls in the gap. Without Kafka (specs of a single instance) it only builds.
 */
@Injectable()
export class OrganisationReadModelHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrganisationReadModelHost.name);
  private readonly model: OrganisationReadModel;
  private consumer: Consumer | undefined;
  private groupId: string | undefined;
  private feedJoined = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Events that reached this model from other instances (and this one's own, which change nothing). */
  refreshed = 0;

  constructor(
    repository: OrganisationRepository,
    @Optional() private readonly kafka?: Kafka,
    @Optional() @Inject(KAFKA_OPTIONS) private readonly options?: KafkaOptions,
    @Optional() readiness?: Readiness,
  ) {
    this.model = repository.readModel;
    readiness?.add({
      name: 'read-model:organisations',
      check: () =>
        Promise.resolve(
          this.model.isBuilt &&
            `${this.model.size} organisations${this.kafka ? (this.feedJoined ? ', following events' : ', events not followed') : ''}`,
        ),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.kafka && this.options) await this.follow(this.kafka, this.options);
    this.buildInBackground();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.model.close();
    if (!this.consumer || !this.kafka || !this.groupId) return;
    await this.consumer.disconnect().catch(() => undefined);
    // The group is this process's alone: leave nothing behind (a crashed process's group expires with its offsets).
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId as string]))
      .catch(() => undefined)
      .finally(() => void admin.disconnect().catch(() => undefined));
  }

  /** The build runs after start so that liveness answers meanwhile; readiness waits for it. */
  private buildInBackground(): void {
    const started = Date.now();
    this.model.build().then(
      () => {
        this.logger.log(`Read model built: ${this.model.size} organisations in ${Date.now() - started} ms`);
        this.model.healed().then(
          () => this.logger.log(`Read model checked against the change log ${Date.now() - started} ms after start`),
          (error: unknown) => this.logger.error(`Read model check against the change log failed: ${String(error)}`),
        );
      },
      (error: unknown) => {
        if (this.stopping) return;
        this.logger.error(`Read model build failed, retrying in ${BUILD_RETRY_MS} ms: ${String(error)}`);
        this.retryTimer = setTimeout(() => this.buildInBackground(), BUILD_RETRY_MS);
      },
    );
  }

  private async follow(kafka: Kafka, options: KafkaOptions): Promise<void> {
    const spec = TOPIC_SPECS.find((t) => t.name === TOPICS.organisations) ?? { name: TOPICS.organisations, partitions: 3 };
    const groupId = (this.groupId = prefixed(
      options,
      `organisations.read-model.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`,
    ));
    try {
      await ensureTopics(kafka, options, [spec]);
      const consumer = kafka.consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
      this.consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, () => (this.feedJoined = true));
      consumer.on(consumer.events.CRASH, (event) => {
        this.feedJoined = false;
        this.logger.error(`Read model feed crashed: ${String(event.payload.error)}`);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [prefixed(options, spec.name)], fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString('utf8');
          const header = message.headers?.[EVENT_HEADER_NAMES.eventType];
          const type = (Array.isArray(header) ? header[0] : header)?.toString();
          if (!key || !type || contractFor(type)?.aggregate !== 'organisation') return;
          await this.model.refresh(key);
          this.refreshed++;
        },
      });
    } catch (error) {
      // Lists still answer, from this instance's own commits and the build; say so in readiness.
      this.logger.error(`Read model feed did not start: ${String(error)}`);
    }
  }
}
