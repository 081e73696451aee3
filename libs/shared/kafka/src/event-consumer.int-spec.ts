// EventConsumer against the real broker and FerretDB: inbox deduplication, retries and the
// dead-letter topic for poison, skipping unknown event types, and waiting out transient errors.
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { TOPICS, TOPIC_SPECS, deadLetterTopic, organisationRegisteredV1, type EventEnvelope } from '@yp/contracts-events';
import { Inbox } from '@yp/shared-persistence';
import { connectTestDatabase, eventually, testEndpoints } from '@yp/shared-testing';
import { CORRELATION_HEADER, EVENT_TYPE_HEADER } from './event-codec';
import { DLT_HEADERS, EventConsumer, type MessageContext, type RetryPolicy } from './event-consumer';
import { createKafka } from './kafka-connection';
import { prefixed, type KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';
import { TransientError } from './transient-error';

const FAST_RETRY: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 200, maxTransientBackoffMs: 1000 };
const RUN = randomUUID().slice(0, 8);

interface Invocation {
  readonly id: string;
  readonly attempt: number;
  readonly outcome: 'ok' | 'failed' | 'transient';
  readonly at: number;
}

interface DltMessage {
  readonly key: string | undefined;
  readonly value: string | undefined;
  readonly headers: Record<string, string>;
}

/** One isolated scenario: its own topic prefix, consumer group and consumer. */
interface Scenario {
  readonly options: KafkaOptions;
  readonly groupId: string;
  readonly topic: string;
  readonly dlt: string;
  readonly invocations: Invocation[];
  consumer: EventConsumer | undefined;
}

function envelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return { ...organisationRegisteredV1.fixture, id: randomUUID(), ...overrides };
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

describe('EventConsumer (real Kafka, FerretDB inbox)', () => {
  const brokers = testEndpoints().kafka.brokers;
  const databaseName = `int-event-consumer-test-${RUN}`;
  let connection: Connection;
  let db: mongo.Db;
  let inbox: Inbox;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const scenarios: Scenario[] = [];
  const readers: Consumer[] = [];

  beforeAll(async () => {
    connection = await connectTestDatabase(databaseName);
    if (!connection.db) throw new Error('no database handle');
    db = connection.db;
    inbox = new Inbox(db, 'inbox');
    kafka = createKafka({ brokers, clientId: `int-event-consumer-${RUN}`, topicPrefix: '' });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    for (const s of scenarios) await s.consumer?.stop().catch(() => undefined);
    for (const r of readers) await r.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      const ours = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(`int.event-consumer.${RUN}.`));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    if (db) await db.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  /**
   * Creates the organisations topic of a fresh prefix and starts an EventConsumer on it whose handler
   * logs every invocation and applies `behaviour` (throw to fail).
   */
  async function startScenario(
    name: string,
    behaviour: (event: EventEnvelope, context: MessageContext) => Promise<void>,
  ): Promise<Scenario> {
    const options: KafkaOptions = {
      brokers,
      clientId: `int-event-consumer-${RUN}-${name}`,
      topicPrefix: `int.event-consumer.${RUN}.${name}.`,
    };
    const groupId = `int-${name}`;
    const spec = TOPIC_SPECS.find((t) => t.name === TOPICS.organisations);
    if (!spec) throw new Error('organisations topic spec missing');
    await ensureTopics(kafka, options, [spec]);
    const invocations: Invocation[] = [];
    const scenario: Scenario = {
      options,
      groupId,
      topic: prefixed(options, TOPICS.organisations),
      dlt: prefixed(options, deadLetterTopic(groupId)),
      invocations,
      consumer: undefined,
    };
    scenarios.push(scenario);
    const consumer = new EventConsumer(
      createKafka(options),
      options,
      inbox,
      {
        groupId,
        eventTopics: [TOPICS.organisations],
        fromBeginning: true,
        onEvent: async (event, context) => {
          try {
            await behaviour(event, context);
          } catch (error) {
            invocations.push({
              id: event.id,
              attempt: context.attempt,
              outcome: error instanceof TransientError ? 'transient' : 'failed',
              at: Date.now(),
            });
            throw error;
          }
          invocations.push({ id: event.id, attempt: context.attempt, outcome: 'ok', at: Date.now() });
        },
      },
      FAST_RETRY,
    );
    scenario.consumer = consumer;
    await consumer.start();
    return scenario;
  }

  async function produce(scenario: Scenario, messages: { key: string; value: string; type?: string }[]): Promise<void> {
    await producer.send({
      topic: scenario.topic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key,
        value: m.value,
        headers: { [CORRELATION_HEADER]: randomUUID(), ...(m.type ? { [EVENT_TYPE_HEADER]: m.type } : {}) },
      })),
    });
  }

  const asMessage = (event: EventEnvelope) => ({ key: event.subject, value: JSON.stringify(event), type: event.type });

  /** Reads the dead-letter topic from the beginning with a second consumer until `count` messages. */
  async function readDlt(scenario: Scenario, count: number): Promise<DltMessage[]> {
    const reader = kafka.consumer({ groupId: `${scenario.options.topicPrefix}dlt-reader`, allowAutoTopicCreation: false });
    readers.push(reader);
    const messages: DltMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topics: [scenario.dlt], fromBeginning: true });
    await reader.run({
      eachMessage: ({ message }) => {
        messages.push({ key: message.key?.toString(), value: message.value?.toString(), headers: headersToStrings(message.headers) });
        return Promise.resolve();
      },
    });
    try {
      await eventually(() => Promise.resolve(messages.length >= count), `${count} message(s) on ${scenario.dlt}`, 30000);
    } finally {
      await reader.disconnect();
    }
    return messages;
  }

  async function dltSize(scenario: Scenario): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(scenario.dlt);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }

  const okIds = (s: Scenario) => s.invocations.filter((i) => i.outcome === 'ok').map((i) => i.id);

  it('(a) is idempotent: the same envelope produced twice has its effect once (the inbox skips the second)', async () => {
    const s = await startScenario('dedupe', () => Promise.resolve());
    const duplicate = envelope({ subject: 'org_dedupe' });
    const sentinel = envelope({ subject: 'org_dedupe' });
    // Same key: one partition, so the sentinel comes after both copies.
    await produce(s, [asMessage(duplicate), asMessage(duplicate)]);
    await produce(s, [asMessage(sentinel)]);
    await eventually(() => Promise.resolve(okIds(s).includes(sentinel.id)), 'the sentinel to be processed', 60000);

    expect(okIds(s)).toEqual([duplicate.id, sentinel.id]);
    expect(s.invocations.filter((i) => i.id === duplicate.id)).toHaveLength(1);
    expect(s.consumer?.processed).toBe(2);
    expect(await inbox.seen(s.groupId, duplicate.id)).toBe(true);
    expect(await inbox.seen('some-other-group', duplicate.id)).toBe(false);
    expect(await dltSize(s)).toBe(0);
  });

  it('(b) dead-letters a poison message after maxAttempts and moves on to the next ones on the partition', async () => {
    const a = envelope({ subject: 'org_poison' });
    const b = envelope({ subject: 'org_poison' });
    const c = envelope({ subject: 'org_poison' });
    const s = await startScenario('poison', (event) =>
      event.id === a.id ? Promise.reject(new Error(`handler refuses ${event.id}`)) : Promise.resolve(),
    );
    await produce(s, [asMessage(a), asMessage(b), asMessage(c)]);
    await eventually(() => Promise.resolve(okIds(s).includes(c.id)), 'C to be processed', 60000);

    const forA = s.invocations.filter((i) => i.id === a.id);
    expect(forA.map((i) => [i.attempt, i.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(okIds(s)).toEqual([b.id, c.id]);
    // B only after A was given up on: the partition keeps its order.
    const lastA = forA[forA.length - 1].at;
    const firstB = s.invocations.find((i) => i.id === b.id)?.at ?? -1;
    expect(firstB).toBeGreaterThanOrEqual(lastA);
    expect(await inbox.seen(s.groupId, a.id)).toBe(false);
    expect(await inbox.seen(s.groupId, c.id)).toBe(true);

    const [dead, ...more] = await readDlt(s, 1);
    expect(more).toHaveLength(0);
    expect(dead.key).toBe('org_poison');
    expect(JSON.parse(dead.value ?? 'null')).toMatchObject({ id: a.id });
    expect(dead.headers[DLT_HEADERS.attempts]).toBe('3');
    expect(dead.headers[DLT_HEADERS.reason]).toContain(`handler refuses ${a.id}`);
    expect(dead.headers[DLT_HEADERS.originalTopic]).toBe(s.topic);
    expect(dead.headers[DLT_HEADERS.originalOffset]).toMatch(/^\d+$/);
    expect(dead.headers[DLT_HEADERS.group]).toBe(prefixed(s.options, s.groupId));
    // The original headers travel along.
    expect(dead.headers[EVENT_TYPE_HEADER]).toBe(a.type);
    expect(s.consumer?.deadLettered).toBe(1);
  });

  it('(c) dead-letters invalid JSON and contract violations immediately (attempts 0) and keeps going', async () => {
    const s = await startScenario('malformed', () => Promise.resolve());
    const breaksContract = envelope({
      subject: 'org_malformed',
      data: { ...(organisationRegisteredV1.fixture.data as object), municipalities: ['6150'] },
    });
    const good = envelope({ subject: 'org_malformed' });
    await produce(s, [{ key: 'org_malformed', value: '{"specversion":"1.0", not json' }, asMessage(breaksContract), asMessage(good)]);
    await eventually(() => Promise.resolve(okIds(s).includes(good.id)), 'the valid event after the poison to be processed', 60000);

    expect(okIds(s)).toEqual([good.id]);
    expect(s.invocations.filter((i) => i.id === breaksContract.id)).toHaveLength(0);

    const dead = await readDlt(s, 2);
    expect(dead).toHaveLength(2);
    expect(dead.map((d) => d.headers[DLT_HEADERS.attempts])).toEqual(['0', '0']);
    expect(dead[0].value).toBe('{"specversion":"1.0", not json');
    expect(dead[0].headers[DLT_HEADERS.reason]).toMatch(/^poison: SyntaxError/);
    expect(JSON.parse(dead[1].value ?? 'null')).toMatchObject({ id: breaksContract.id });
    expect(dead[1].headers[DLT_HEADERS.reason]).toMatch(/^poison: ContractViolationError.*data\/municipalities\/0/);
    expect(Number(dead[1].headers[DLT_HEADERS.originalOffset])).toBe(Number(dead[0].headers[DLT_HEADERS.originalOffset]) + 1);
  });

  it('(d) skips an unknown event type without dead-lettering it', async () => {
    const s = await startScenario('unknown', () => Promise.resolve());
    const exploded = envelope({ subject: 'org_unknown', type: 'organisations.organisation.exploded.v1' });
    const after = envelope({ subject: 'org_unknown' });
    await produce(s, [asMessage(exploded), asMessage(after)]);
    await eventually(() => Promise.resolve(okIds(s).includes(after.id)), 'the event after the unknown one to be processed', 60000);

    expect(s.invocations.map((i) => i.id)).toEqual([after.id]);
    expect(s.consumer?.deadLettered).toBe(0);
    expect(await dltSize(s)).toBe(0);
    expect(await inbox.seen(s.groupId, exploded.id)).toBe(false);
  });

  it('(e) waits out a transient error on the same message, without DLT and without using up attempts', async () => {
    const flaky = envelope({ subject: 'org_transient' });
    const next = envelope({ subject: 'org_transient' });
    let failuresLeft = 2;
    const s = await startScenario('transient', (event) => {
      if (event.id === flaky.id && failuresLeft > 0) {
        failuresLeft--;
        return Promise.reject(new TransientError('db away'));
      }
      return Promise.resolve();
    });
    await produce(s, [asMessage(flaky), asMessage(next)]);
    await eventually(() => Promise.resolve(okIds(s).includes(next.id)), 'the event after the flaky one to be processed', 60000);

    expect(s.invocations.filter((i) => i.id === flaky.id).map((i) => [i.attempt, i.outcome])).toEqual([
      [1, 'transient'],
      [1, 'transient'],
      [1, 'ok'],
    ]);
    expect(okIds(s)).toEqual([flaky.id, next.id]);
    expect(s.consumer?.deadLettered).toBe(0);
    expect(await dltSize(s)).toBe(0);
    expect(await inbox.seen(s.groupId, flaky.id)).toBe(true);
  });
});
