import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, EachMessagePayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
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

/** What a batch handler (`onEvents`) gets besides the events: all of one topic partition, in offset order. */
export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
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
  /**
   * Applies the events of a fetched batch at once, instead of `onEvent` one at a time: for effects
   * that are idempotent by themselves, such as a projection at aggregate versions (the batch is not
   * looked up in the inbox first, only marked in it after, in one write). Valid events only, each
   * event id once, in offset order. If it fails (other than transiently), the batch's events go
   * through it one by one, with the inbox check, retries and dead-lettering of `onEvent`.
   */
  readonly onEvents?: (events: readonly EventEnvelope[], context: BatchContext) => Promise<void>;
  /**
   * The handlers' effects are idempotent by themselves, whatever was applied before: applying an
   * event again, or an older one after a newer one, changes nothing (a projection at aggregate
   * versions: projectionConsumer). Then the inbox is neither read nor written for this group (ADR
   * 013): a redelivery after a crash between the write and the commit is applied again without
   * effect, and is counted in `processed` again.
   */
  readonly idempotent?: boolean;
  /** Topics carrying keyed state records (compacted); a null value is a tombstone. */
  readonly recordTopics?: readonly string[];
  readonly onRecord?: (key: string, value: unknown, context: MessageContext) => Promise<void>;
  readonly fromBeginning?: boolean;
  /**
   * Partitions handled at once by one instance (default DEFAULT_CONCURRENT_PARTITIONS, with
   * `onEvents` DEFAULT_CONCURRENT_BATCH_PARTITIONS). Each
   * partition stays in order; handlers must not assume an order across partitions (they never could
   * across instances). 1 handles one message of the group at a time.
   */
  readonly concurrentPartitions?: number;
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

/**
 * Partitions one instance handles at once with `onEvent`: as many as the services' topics have (3),
 * so that one slow partition (a store round trip per event) does not hold up the others.
 */
export const DEFAULT_CONCURRENT_PARTITIONS = 3;

/**
 * With `onEvents` (batch writes): one partition at a time. Two `insertMany` into one FerretDB v1
 * (SQLite) database at once from one process hung until the process went away (the measure-5
 * benchmark, 3 partitions of 2 000 events); a batch already amortises the round trips.
 */
export const DEFAULT_CONCURRENT_BATCH_PARTITIONS = 1;

/** Most events an `onEvents` handler gets at once (a fetched batch is cut into pieces of this size). */
export const MAX_EVENTS_PER_BATCH = 1000;

/** How often a consumer heartbeats while a batch is being applied (well within the session timeout). */
const BATCH_HEARTBEAT_MS = 3000;

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
    if (this.definition.onEvents) {
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.definition.concurrentPartitions ?? DEFAULT_CONCURRENT_BATCH_PARTITIONS,
        eachBatch: (p) => this.handleBatch(p),
      });
    } else {
      await consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently: this.definition.concurrentPartitions ?? DEFAULT_CONCURRENT_PARTITIONS,
        eachMessage: (p) => this.handle(p),
      });
    }
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

  /** One event at a time: `onEvent`, or else `onEvents` with a batch of one. */
  private async applyOne(event: EventEnvelope, context: MessageContext): Promise<void> {
    if (this.definition.onEvent) await this.definition.onEvent(event, context);
    else await this.definition.onEvents?.([event], context);
  }

  /**
   * A fetched batch (one topic partition), in pieces of at most MAX_EVENTS_PER_BATCH: each piece
   * applied, marked in the inbox (unless `idempotent`), then its offsets resolved and committed. A
   * crash in between redelivers the piece, which `onEvents` applies again without effect.
   */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = unprefixed(this.options, batch.topic);
    const isRecordTopic = this.definition.recordTopics?.includes(topic) ?? false;
    for (let from = 0; from < batch.messages.length; from += MAX_EVENTS_PER_BATCH) {
      if (!payload.isRunning() || payload.isStale()) return;
      const messages = batch.messages.slice(from, from + MAX_EVENTS_PER_BATCH);
      if (isRecordTopic) {
        for (const message of messages) {
          await this.handle(messagePayload(payload, message));
          payload.resolveOffset(message.offset);
        }
      } else {
        await this.handleEvents(topic, payload, messages);
        payload.resolveOffset(messages[messages.length - 1].offset);
      }
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }

  private async handleEvents(topic: string, payload: EachBatchPayload, messages: readonly KafkaMessage[]): Promise<void> {
    const onEvents = this.definition.onEvents;
    if (!onEvents) return;
    const { partition } = payload.batch;
    const heartbeat = () => payload.heartbeat();
    const { events, poison, unknown, duplicates } = decodeBatch(messages);
    for (const { message, error } of poison) await this.deadLetter(messagePayload(payload, message), `poison: ${String(error)}`, 0);
    if (unknown > 0) this.logger.debug(`Ignoring ${unknown} events of types this consumer does not know`);
    if (duplicates > 0) this.logger.debug(`Skipping ${duplicates} events already in this batch`);
    const ids = new Set(events.map((e) => e.id));
    if (events.length === 0) return;
    try {
      await runWithContext({ correlationId: correlationIdFrom(undefined), actor: `system:${this.definition.groupId}` }, () =>
        whileHeartbeating(heartbeat, () => this.withTransientRetry(() => onEvents(events, { topic, partition, heartbeat }), heartbeat)),
      );
    } catch (error) {
      if (this.stopping) throw error;
      this.logger.warn(`A batch of ${events.length} events failed on ${topic}/${partition}, applying them one by one: ${String(error)}`);
      for (const message of messages) await this.handle(messagePayload(payload, message), ids);
      return;
    }
    this.processed += this.definition.idempotent
      ? events.length
      : await this.withTransientRetry(() => this.inbox.markAllProcessed(this.definition.groupId, [...ids]), heartbeat);
  }

  /** `only`: the event ids to handle (the others were dead-lettered or skipped already). */
  private async handle(payload: EachMessagePayload, only?: ReadonlySet<string>): Promise<void> {
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
        if (only) return; // handled when its batch was decoded
        if (isUnknownEventType(error)) {
          this.logger.debug(`Ignoring an event type this consumer does not know: ${String(error)}`);
          return;
        }
        await this.deadLetter(payload, `poison: ${String(error)}`, 0);
        return;
      }
      if (event && only && !only.has(event.id)) return;
      const useInbox = this.definition.idempotent !== true;
      if (event && useInbox && (await this.withTransientRetry(() => this.inbox.seen(this.definition.groupId, event.id), heartbeat))) {
        this.logger.debug(`Skipping duplicate event ${event.id}`);
        return;
      }
      for (let attempt = 1; ; attempt++) {
        const context: MessageContext = { topic, partition, offset: message.offset, attempt, heartbeat };
        try {
          if (event) {
            await this.applyOne(event, context);
            if (useInbox) await this.withTransientRetry(() => this.inbox.markProcessed(this.definition.groupId, event.id), heartbeat);
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

export interface DecodedBatch {
  /** The valid events, each event id once (its first message), in offset order. */
  readonly events: EventEnvelope[];
  /** Messages that are not valid events (invalid JSON, contract violations): for the dead-letter topic. */
  readonly poison: { readonly message: KafkaMessage; readonly error: unknown }[];
  /** Events of types this consumer does not know (skipped). */
  readonly unknown: number;
  /** Messages whose event id came earlier in the batch (skipped). */
  readonly duplicates: number;
}

/** Validates a batch's messages as `onEvents` gets them. */
export function decodeBatch(messages: readonly KafkaMessage[]): DecodedBatch {
  const events: EventEnvelope[] = [];
  const poison: DecodedBatch['poison'] = [];
  const ids = new Set<string>();
  let unknown = 0;
  for (const message of messages) {
    let event: EventEnvelope;
    try {
      event = decodeEvent(message.value);
    } catch (error) {
      if (isUnknownEventType(error)) unknown++;
      else poison.push({ message, error });
      continue;
    }
    if (ids.has(event.id)) continue;
    ids.add(event.id);
    events.push(event);
  }
  return { events, poison, unknown, duplicates: messages.length - events.length - poison.length - unknown };
}

/** One message of a batch as `eachMessage` would have been given it. */
function messagePayload(payload: EachBatchPayload, message: KafkaMessage): EachMessagePayload {
  return {
    topic: payload.batch.topic,
    partition: payload.batch.partition,
    message,
    heartbeat: () => payload.heartbeat(),
    pause: () => payload.pause(),
  };
}

/** Runs `work`, heartbeating every few seconds meanwhile (a long batch keeps the group membership). */
async function whileHeartbeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), BATCH_HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
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
