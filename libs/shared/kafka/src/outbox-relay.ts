import { Logger } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { markerId, type ChangeLogOutbox, type PendingOutboxEntry } from '@yp/shared-persistence';
import { prefixed, type KafkaOptions } from './kafka-options';

export interface OutboxRelayOptions {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly maxBackoffMs: number;
}

const DEFAULTS: OutboxRelayOptions = { pollIntervalMs: 250, batchSize: 100, maxBackoffMs: 10000 };

/** Committed changes the relay holds in memory at most (beyond, it finds them by their markers). */
const MAX_HANDED_OVER = 10_000;

/** Read the marker count at most this often while the backlog is larger than one read. */
const COUNT_EVERY_MS = 2000;

/**
 * Publishes committed changes from the outbox to Kafka, oldest first, then marks them published.
 * While the broker is away, writes keep committing to the outbox and the relay backs off; when it
 * returns, everything pending goes out. At-least-once: a crash between send and mark re-sends, and
 * consumers deduplicate on the event id.
 *
 * A poll reads the pending markers (as many as the backlog, never the change logs) and each change
 * by `_id`; every commit of a registered store nudges the relay and hands it the change it
 * committed, which the relay publishes without reading it back (the marker stays until then, so
 * the poll, at least every `pollIntervalMs` even under a stream of commits, is the safety net for
 * anything a nudge did not bring: other instances' commits, a crash). The relay keeps the backlog
 * it last saw (`backlog`), so that readiness and metrics never read the database for it.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: OutboxRelayOptions;
  private producer: Producer | undefined;
  private connected = false;
  /** Whether the relay has tried to reach the broker yet (it connects when there is something to send). */
  private contacted = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  private nudged = false;
  private unsubscribe: (() => void) | undefined;
  private lastUnresolved = 0;
  private countedAt = 0;
  private backfilled = false;
  /** Changes committed in this process and handed over by their nudge, in commit order, not yet published. */
  private readonly committed = new Map<string, PendingOutboxEntry>();
  private polledAt = 0;
  published = 0;
  /** Changes pending when the relay last looked (markers), or undefined before its first look or after a failed read. */
  backlog: number | undefined;

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
    this.unsubscribe = this.outbox.onCommit((entry) => {
      // Beyond a cap (a broker away for long) the markers alone carry the backlog.
      if (entry && this.committed.size < MAX_HANDED_OVER) this.committed.set(markerId(entry.collection, entry.id), entry);
      this.nudge();
    });
    this.loop = this.run();
  }

  /**
   * Asks the relay to look now instead of at the next poll; every commit of a store bound to the
   * outbox does this. A nudge during a publish is remembered; while backing off from a failure,
   * nudges wait for the backoff (a broker outage is not hammered by every write).
   */
  nudge(): void {
    this.nudged = true;
    if (this.failures === 0) this.wake?.();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** For readiness: the broker state and the last backlog seen. Reads nothing. */
  describe(): string {
    const broker = this.connected ? 'connected' : this.contacted ? 'broker unreachable' : 'broker not contacted yet';
    return `${broker}, backlog ${this.backlog ?? 'not counted yet'}`;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.loop;
    if (this.producer) await this.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      this.nudged = false;
      try {
        const sent = await this.publishBatch();
        this.failures = 0;
        if (sent >= this.options.batchSize) delay = 0;
      } catch (error) {
        this.failures++;
        this.connected = false;
        delay = Math.min(this.options.maxBackoffMs, this.options.pollIntervalMs * 2 ** Math.min(this.failures, 10));
        this.logger.warn(`Outbox publish failed (attempt ${this.failures}), retrying in ${delay} ms: ${String(error)}`);
        await this.resetProducer();
      }
      if (this.running && delay > 0 && !(this.nudged && this.failures === 0)) await this.sleep(delay);
    }
  }

  private async publishBatch(): Promise<number> {
    if (!this.backfilled) {
      await this.outbox.ensureIndexes();
      const marked = await this.outbox.backfill();
      if (marked > 0) this.logger.log(`Marked ${marked} change(s) committed before the pending markers existed`);
      this.backfilled = true;
    }
    const entries = (await this.fromCommits()) ?? (await this.poll());
    if (entries.length === 0) return 0;
    const messages = entries.flatMap((e) => e.records);
    if (messages.length > 0) {
      const producer = await this.ensureProducer();
      try {
        await producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: groupByTopic(messages, (topic) => prefixed(this.kafkaOptions, topic)),
        });
      } catch (error) {
        await this.outbox.markFailed(entries, String(error));
        throw error;
      }
    }
    await this.outbox.markPublished(entries);
    for (const entry of entries) this.committed.delete(markerId(entry.collection, entry.id));
    this.published += entries.length;
    if (this.backlog !== undefined) this.backlog = Math.max(0, this.backlog - entries.length);
    return entries.length;
  }

  /**
   * The changes handed over by commits of this process (oldest first), unless it is time for a
   * poll or there are none: undefined then.
   */
  private fromCommits(): Promise<PendingOutboxEntry[] | undefined> {
    if (this.committed.size === 0 || Date.now() - this.polledAt >= this.options.pollIntervalMs) return Promise.resolve(undefined);
    const entries: PendingOutboxEntry[] = [];
    for (const entry of this.committed.values()) {
      entries.push(entry);
      if (entries.length >= this.options.batchSize) break;
    }
    return Promise.resolve(entries);
  }

  /** The oldest pending changes, by their markers. */
  private async poll(): Promise<PendingOutboxEntry[]> {
    this.polledAt = Date.now();
    // Markers whose change is still in flight stay at the head: read past them.
    const limit = this.options.batchSize + this.lastUnresolved;
    let batch;
    try {
      // Changes this process handed over are not read back: the marker says they are pending.
      batch = await this.outbox.pending(limit, (marker) => this.committed.get(marker._id));
    } catch (error) {
      this.backlog = undefined;
      throw error;
    }
    this.lastUnresolved = batch.unresolved;
    await this.count(batch.markersRead, limit);
    return batch.entries;
  }

  /** A read shorter than its limit saw every marker; a full one is counted (the marker collection only), at most every 2 s. */
  private async count(markersRead: number, limit: number): Promise<void> {
    if (markersRead < limit) {
      this.backlog = markersRead;
      return;
    }
    if (this.backlog !== undefined && Date.now() - this.countedAt < COUNT_EVERY_MS) return;
    this.backlog = await this.outbox.countMarkers();
    this.countedAt = Date.now();
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer && this.connected) return this.producer;
    this.contacted = true;
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
