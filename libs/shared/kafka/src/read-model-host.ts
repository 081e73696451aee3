import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { contractFor, EVENT_HEADER_NAMES, TOPIC_SPECS } from '@yp/contracts-events';
import type { Readiness } from '@yp/shared-bootstrap';
import { prefixed, type KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';
import type { InMemoryReadModel } from '@yp/shared-persistence';

/** What the host uses of an InMemoryReadModel (of any state). */
export type HostedReadModel = Pick<
  InMemoryReadModel<never, never>,
  'isBuilt' | 'size' | 'build' | 'healed' | 'close' | 'refresh' | 'isNewer'
>;

export interface ReadModelHostOptions {
  /** Names the readiness check (`read-model:<name>`), the logs and the consumer group. */
  readonly name: string;
  readonly model: HostedReadModel;
  /** The service's own topic carrying the aggregate's events, keyed by aggregate id. */
  readonly topic: string;
  /** The aggregate as its event contracts name it: events of others on the topic are skipped. */
  readonly aggregate: string;
  /** Absent: the model is only built (a single instance, or specs without a broker). */
  readonly kafka?: { readonly client: Kafka; readonly options: KafkaOptions } | undefined;
  readonly readiness?: Readiness | undefined;
}

/** Retry of a failed build (the database not reachable at start). */
const BUILD_RETRY_MS = 2000;

/**
 * Builds an InMemoryReadModel when the service starts and keeps it current with the commits of the
 * service's other instances. Ready (`read-model:<name>`) once built; until then queries wait.
 *
 * Other instances' commits arrive as the service's own events: a consumer of its topic in a group
 * of this process alone (`<name>.read-model.<host>.<pid>.<random>`, deleted at shutdown; a crashed
 * process's expires with its offsets), which starts at the end of the topic and reloads each
 * aggregate an event names by id (point lookups, healing as `load` does) unless the model holds that
 * version already (this process's own commits: no read). It joins before the build
 * reads the store, and the change-log check after the build covers what committed in between.
 */
export class ReadModelHost {
  private readonly logger: Logger;
  private consumer: Consumer | undefined;
  private groupId: string | undefined;
  private following = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: ReadModelHostOptions) {
    this.logger = new Logger(`ReadModel:${host.name}`);
    host.readiness?.add({
      name: `read-model:${host.name}`,
      check: () =>
        Promise.resolve(
          host.model.isBuilt &&
            `${host.model.size} ${host.name}${host.kafka ? (this.following ? ', following events' : ', events not followed') : ''}`,
        ),
    });
  }

  async start(): Promise<void> {
    if (this.host.kafka) await this.follow(this.host.kafka.client, this.host.kafka.options);
    this.buildInBackground();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.host.model.close();
    const kafka = this.host.kafka?.client;
    const groupId = this.groupId;
    if (!this.consumer || !kafka || !groupId) return;
    await this.consumer.disconnect().catch(() => undefined);
    // The group is this process's alone: leave nothing behind.
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => void admin.disconnect().catch(() => undefined));
  }

  /** The build runs after start so that liveness answers meanwhile; readiness waits for it. */
  private buildInBackground(): void {
    const started = Date.now();
    const { model, name } = this.host;
    model.build().then(
      () => {
        this.logger.log(`Read model built: ${model.size} ${name} in ${Date.now() - started} ms`);
        model.healed().then(
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
    const { topic, aggregate, model, name } = this.host;
    const spec = TOPIC_SPECS.find((t) => t.name === topic) ?? { name: topic, partitions: 3 };
    const groupId = (this.groupId = prefixed(options, `${name}.read-model.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`));
    try {
      await ensureTopics(kafka, options, [spec]);
      const consumer = kafka.consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
      this.consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, () => (this.following = true));
      consumer.on(consumer.events.CRASH, (event) => {
        this.following = false;
        this.logger.error(`Read model feed crashed: ${String(event.payload.error)}`);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [prefixed(options, topic)], fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString('utf8');
          const header = message.headers?.[EVENT_HEADER_NAMES.eventType];
          const type = (Array.isArray(header) ? header[0] : header)?.toString();
          if (!key || !type || contractFor(type)?.aggregate !== aggregate) return;
          // This process's own commits (and versions it loaded) are held already: no reload.
          const version = aggregateVersionOf(message.value);
          if (version === undefined || model.isNewer(key, version)) await model.refresh(key);
        },
      });
    } catch (error) {
      // Lists still answer, from this instance's own commits and the build; readiness says so.
      this.logger.error(`Read model feed did not start: ${String(error)}`);
    }
  }
}

/** The envelope's `aggregateversion`, or undefined when the value does not carry one. */
function aggregateVersionOf(value: Buffer | null): number | undefined {
  if (!value) return undefined;
  try {
    const version = (JSON.parse(value.toString('utf8')) as { aggregateversion?: unknown }).aggregateversion;
    return typeof version === 'number' ? version : undefined;
  } catch {
    return undefined;
  }
}
