import { Logger } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { ChangeLogOutbox } from '@yp/shared-persistence';
import { prefixed, type KafkaOptions } from './kafka-options';

export interface OutboxRelayOptions {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly maxBackoffMs: number;
}

const DEFAULTS: OutboxRelayOptions = { pollIntervalMs: 250, batchSize: 100, maxBackoffMs: 10000 };

/**
 * Publishes committed changes from the outbox to Kafka, oldest first, then marks them published.
 * While the broker is away, writes keep committing to the outbox and the relay backs off; when it
 * returns, everything pending goes out. At-least-once: a crash between send and mark re-sends, and
 * consumers deduplicate on the event id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: OutboxRelayOptions;
  private producer: Producer | undefined;
  private connected = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  published = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly kafkaOptions: KafkaOptions,
    private readonly outbox: ChangeLogOutbox,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks the relay to look now (after a commit) instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async backlog(): Promise<number> {
    return this.outbox.backlog();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    if (this.producer) await this.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      try {
        const sent = await this.publishBatch();
        this.failures = 0;
        if (sent === this.options.batchSize) delay = 0;
      } catch (error) {
        this.failures++;
        this.connected = false;
        delay = Math.min(this.options.maxBackoffMs, this.options.pollIntervalMs * 2 ** Math.min(this.failures, 10));
        this.logger.warn(`Outbox publish failed (attempt ${this.failures}), retrying in ${delay} ms: ${String(error)}`);
        await this.resetProducer();
      }
      if (this.running && delay > 0) await this.sleep(delay);
    }
  }

  private async publishBatch(): Promise<number> {
    const entries = await this.outbox.pending(this.options.batchSize);
    if (entries.length === 0) return 0;
    const producer = await this.ensureProducer();
    try {
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: groupByTopic(
          entries.flatMap((e) => e.records),
          (topic) => prefixed(this.kafkaOptions, topic),
        ),
      });
    } catch (error) {
      await this.outbox.markFailed(entries, String(error));
      throw error;
    }
    await this.outbox.markPublished(entries);
    this.published += entries.length;
    return entries.length;
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer && this.connected) return this.producer;
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    this.connected = true;
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.disconnect().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function groupByTopic(
  records: readonly { topic: string; key: string; value: string | null; headers: Record<string, string> }[],
  name: (topic: string) => string,
) {
  const byTopic = new Map<string, { key: string; value: string | null; headers: Record<string, string> }[]>();
  for (const r of records) {
    const topic = name(r.topic);
    const list = byTopic.get(topic) ?? [];
    list.push({ key: r.key, value: r.value, headers: r.headers });
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
