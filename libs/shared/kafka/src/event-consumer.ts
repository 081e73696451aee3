import { Logger } from '@nestjs/common';
import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import {
  DEAD_LETTER_HEADER_NAMES,
  deadLetterTopic,
  TOPIC_SPECS,
  type EventEnvelope,
  type EventType,
  type TypedEventEnvelope,
} from '@yp/contracts-events';
import { correlationIdFrom, runWithContext } from '@yp/shared-context';
import type { Inbox } from '@yp/shared-persistence';
import { CORRELATION_HEADER, decodeEvent } from './event-codec';
import { prefixed, unprefixed, type KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';
import { isTransientError } from './transient-error';

export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
  heartbeat(): Promise<void>;
}

/**
 * Handlers by event type, each receiving the envelope typed by its contract (no casts of `data`).
 * Types without a handler are skipped (and still marked processed).
 */
export type EventHandlers = {
  readonly [T in EventType]?: (event: TypedEventEnvelope<T>, context: MessageContext) => Promise<void>;
};

/** One `onEvent` that calls the handler registered for the event's type. */
export function dispatchByType(handlers: EventHandlers): (event: EventEnvelope, context: MessageContext) => Promise<void> {
  return async (event, context) => {
    const handler = handlers[event.type as EventType] as ((event: EventEnvelope, context: MessageContext) => Promise<void>) | undefined;
    // The codec validated `data` against the contract registered for `event.type` (decodeEvent).
    await handler?.(event, context);
  };
}

export interface ConsumerDefinition {
  /** Consumer group id, unprefixed. One group per service and purpose. */
  readonly groupId: string;
  /** Topics carrying event envelopes (validated, deduplicated by event id through the inbox). */
  readonly eventTopics: readonly string[];
  readonly onEvent?: (event: EventEnvelope, context: MessageContext) => Promise<void>;
  /** Topics carrying keyed state records (compacted); a null value is a tombstone. */
  readonly recordTopics?: readonly string[];
  readonly onRecord?: (key: string, value: unknown, context: MessageContext) => Promise<void>;
  readonly fromBeginning?: boolean;
}

export interface RetryPolicy {
  /** Attempts for a failing handler before the message goes to the dead-letter topic. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Upper bound for waiting out transient errors between attempts. */
  readonly maxTransientBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 5000,
  maxTransientBackoffMs: 30000,
};

/** Headers added to a dead-lettered message; the names are part of the published contract. */
export const DLT_HEADERS = DEAD_LETTER_HEADER_NAMES;

class PoisonMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/**
 * Runs one consumer group with the reliability rules of DESIGN.md: messages are validated; an
 * event already in the inbox is skipped (at-least-once delivery, exactly-once effect); a failing
 * handler is retried with backoff and then dead-lettered so the partition moves on; transient
 * errors are waited out on the same message; a crashed consumer is restarted.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private consumer: Consumer | undefined;
  private dltProducer: Producer | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  processed = 0;
  deadLettered = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaOptions,
    private readonly inbox: Inbox,
    private readonly definition: ConsumerDefinition,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.logger = new Logger(`EventConsumer:${definition.groupId}`);
  }

  get groupId(): string {
    return prefixed(this.options, this.definition.groupId);
  }

  get isRunning(): boolean {
    return this.consumer !== undefined && !this.stopping;
  }

  /** Ensures its topics exist (services may start in any order), then joins the group; retries a broker still starting. */
  async start(): Promise<void> {
    this.stopping = false;
    const subscribed = [...this.definition.eventTopics, ...(this.definition.recordTopics ?? [])];
    const specs = subscribed.map((name) => TOPIC_SPECS.find((t) => t.name === name) ?? { name, partitions: 3, compacted: false });
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureTopics(this.kafka, this.options, [...specs, { name: deadLetterTopic(this.definition.groupId), partitions: 1 }]);
        this.dltProducer ??= this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await this.dltProducer.connect();
        await this.startConsumer();
        return;
      } catch (error) {
        if (this.stopping || attempt >= 10) throw error;
        this.logger.warn(
          `Consumer start failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
        const consumer = this.consumer;
        this.consumer = undefined;
        if (consumer) await consumer.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect().catch(() => undefined);
    if (this.dltProducer) await this.dltProducer.disconnect().catch(() => undefined);
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      // A fetch waits at most this long for new data; disconnecting waits for the fetch in flight, so a
      // shorter wait is a quicker graceful shutdown (kafkajs default 5 s). Messages still arrive at once.
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10000 },
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.stopping) return;
      const restart = (event.payload as { restart?: boolean }).restart;
      this.logger.error(`Consumer crashed (kafkajs restart=${String(restart)}): ${String(event.payload.error)}`);
      if (!restart) this.scheduleRestart();
    });
    this.consumer = consumer;
    await consumer.connect();
    const topics = [...this.definition.eventTopics, ...(this.definition.recordTopics ?? [])].map((t) => prefixed(this.options, t));
    await consumer.subscribe({ topics, fromBeginning: this.definition.fromBeginning ?? true });
    await consumer.run({ autoCommit: true, partitionsConsumedConcurrently: 1, eachMessage: (p) => this.handle(p) });
  }

  /** kafkajs gives up on some errors (e.g. the broker gone too long): build a new consumer. */
  private scheduleRestart(delayMs = 2000): void {
    if (this.stopping || this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      const old = this.consumer;
      this.consumer = undefined;
      void (async () => {
        if (old) await old.disconnect().catch(() => undefined);
        try {
          await this.startConsumer();
          this.logger.log('Consumer restarted');
        } catch (error) {
          this.logger.error(`Consumer restart failed: ${String(error)}`);
          this.scheduleRestart(Math.min(delayMs * 2, 30000));
        }
      })();
    }, delayMs);
  }

  private async handle(payload: EachMessagePayload): Promise<void> {
    const { message, partition } = payload;
    const heartbeat = () => payload.heartbeat();
    const topic = unprefixed(this.options, payload.topic);
    const correlationId = correlationIdFrom(headerValue(message.headers, CORRELATION_HEADER));
    await runWithContext({ correlationId, actor: `system:${this.definition.groupId}` }, async () => {
      const isRecordTopic = this.definition.recordTopics?.includes(topic) ?? false;
      let event: EventEnvelope | undefined;
      let record: { key: string; value: unknown } | undefined;
      try {
        if (isRecordTopic) {
          const key = message.key?.toString('utf8');
          if (!key) throw new PoisonMessageError('Record without a key');
          record = { key, value: message.value === null ? null : (JSON.parse(message.value.toString('utf8')) as unknown) };
        } else {
          event = decodeEvent(message.value);
        }
      } catch (error) {
        if (isUnknownEventType(error)) {
          this.logger.debug(`Ignoring an event type this consumer does not know: ${String(error)}`);
          return;
        }
        await this.deadLetter(payload, `poison: ${String(error)}`, 0);
        return;
      }
      if (event && (await this.withTransientRetry(() => this.inbox.seen(this.definition.groupId, event.id), heartbeat))) {
        this.logger.debug(`Skipping duplicate event ${event.id}`);
        return;
      }
      for (let attempt = 1; ; attempt++) {
        const context: MessageContext = { topic, partition, offset: message.offset, attempt, heartbeat };
        try {
          if (event) {
            await this.definition.onEvent?.(event, context);
            await this.withTransientRetry(() => this.inbox.markProcessed(this.definition.groupId, event.id), heartbeat);
          } else if (record) {
            await this.definition.onRecord?.(record.key, record.value, context);
          }
          this.processed++;
          return;
        } catch (error) {
          if (this.stopping) throw error;
          if (isTransientError(error)) {
            const wait = Math.min(this.retry.maxTransientBackoffMs, this.retry.initialBackoffMs * 2 ** Math.min(attempt, 10));
            this.logger.warn(`Transient failure on ${topic}/${partition}@${message.offset}, retrying in ${wait} ms: ${String(error)}`);
            await sleepWithHeartbeat(wait, heartbeat);
            attempt--; // transient failures do not use up the attempts
            continue;
          }
          if (attempt >= this.retry.maxAttempts) {
            await this.deadLetter(payload, String(error), attempt);
            return;
          }
          const wait = Math.min(this.retry.maxBackoffMs, this.retry.initialBackoffMs * 2 ** (attempt - 1));
          this.logger.warn(
            `Handler failed on ${topic}/${partition}@${message.offset} (attempt ${attempt}/${this.retry.maxAttempts}): ${String(error)}`,
          );
          await sleepWithHeartbeat(wait, heartbeat);
        }
      }
    });
  }

  private async withTransientRetry<T>(work: () => Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (this.stopping || !isTransientError(error)) throw error;
        await sleepWithHeartbeat(
          Math.min(this.retry.maxTransientBackoffMs, this.retry.initialBackoffMs * 2 ** Math.min(attempt, 10)),
          heartbeat,
        );
      }
    }
  }

  private async deadLetter(payload: EachMessagePayload, reason: string, attempts: number): Promise<void> {
    const { message, partition } = payload;
    const dlt = prefixed(this.options, deadLetterTopic(this.definition.groupId));
    this.logger.error(`Dead-lettering ${payload.topic}/${partition}@${message.offset} to ${dlt}: ${reason}`);
    if (!this.dltProducer) throw new Error('Dead-letter producer not started');
    await this.dltProducer.send({
      topic: dlt,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DLT_HEADERS.reason]: reason.slice(0, 1000),
            [DLT_HEADERS.originalTopic]: payload.topic,
            [DLT_HEADERS.originalPartition]: String(partition),
            [DLT_HEADERS.originalOffset]: message.offset,
            [DLT_HEADERS.attempts]: String(attempts),
            [DLT_HEADERS.group]: this.groupId,
          },
        },
      ],
    });
    this.deadLettered++;
  }
}

function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function isUnknownEventType(error: unknown): boolean {
  return error instanceof Error && error.name === 'ContractViolationError' && error.message.startsWith('Unknown event type');
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
