// A projection consumer (EventConsumers.project's definition: a fetched batch at a time, no inbox) on
// the real broker and FerretDB: a crash after a batch was applied but before it was committed
// redelivers it, and the redelivery changes nothing (nothing lost, nothing doubled), nor does a
// relay's duplicate or a replay of the whole topic; older versions never overwrite newer ones,
// within a batch or across batches; poison still goes to the dead-letter topic.
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import {
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  TOPICS,
  TOPIC_SPECS,
  deadLetterTopic,
  organisationRegisteredV1,
  type ConsumerGroupSpec,
  type EventEnvelope,
} from '@yp/contracts-events';
import { Inbox, Projection } from '@yp/shared-persistence';
import { connectTestDatabase, eventually, testEndpoints } from '@yp/shared-testing';
import { EventConsumer, type RetryPolicy } from './event-consumer';
import { createKafka } from './kafka-connection';
import { prefixed, type KafkaOptions } from './kafka-options';
import { projectionConsumer, type ProjectionHandlers } from './projection-handlers';
import { ensureTopics } from './topic-admin';

const RUN = randomUUID().slice(0, 8);
const FAST_RETRY: RetryPolicy = { maxAttempts: 2, initialBackoffMs: 50, maxBackoffMs: 100, maxTransientBackoffMs: 500 };

interface Snapshot {
  readonly name: string;
  readonly version: number;
}

/** Keeps the Finnish name and the version the event carried, so a test sees which event won. */
const HANDLERS: ProjectionHandlers<Snapshot> = {
  [ORGANISATION_REGISTERED_V1]: (event) => ({ name: event.data.name.fi, version: event.aggregateversion }),
  [ORGANISATION_UPDATED_V1]: (event) => ({ name: event.data.name.fi, version: event.aggregateversion }),
  [ORGANISATION_DELETED_V1]: () => null,
};

function event(type: string, subject: string, version: number, name = `${subject} v${version}`): EventEnvelope {
  const base = organisationRegisteredV1.fixture;
  const data =
    type === ORGANISATION_DELETED_V1
      ? { organisationId: subject, deletedAt: '2026-12-03T12:00:00.000Z' }
      : {
          ...base.data,
          organisationId: subject,
          name: { fi: name },
          ...(type === ORGANISATION_UPDATED_V1 ? { changedFields: ['name'] } : {}),
        };
  return { ...base, id: randomUUID(), type, subject, aggregateversion: version, data };
}

describe('projection consumer: a batch at a time (real Kafka, FerretDB)', () => {
  const brokers = testEndpoints().kafka.brokers;
  const databaseName = `int-projection-consumer-test-${RUN}`;
  let connection: Connection;
  let db: mongo.Db;
  let inbox: Inbox;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    connection = await connectTestDatabase(databaseName);
    if (!connection.db) throw new Error('no database handle');
    db = connection.db;
    inbox = new Inbox(db);
    kafka = createKafka({ brokers, clientId: `int-projection-consumer-${RUN}`, topicPrefix: '' });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    for (const c of consumers) await c.stop().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      const ours = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(`int.projection-consumer.${RUN}.`));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    if (db) await db.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  async function scenario(name: string) {
    const options: KafkaOptions = {
      brokers,
      clientId: `int-projection-consumer-${RUN}-${name}`,
      topicPrefix: `int.projection-consumer.${RUN}.${name}.`,
    };
    const spec = TOPIC_SPECS.find((t) => t.name === TOPICS.organisations);
    if (!spec) throw new Error('organisations topic spec missing');
    await ensureTopics(kafka, options, [spec]);
    const group: ConsumerGroupSpec = { id: `int-projection-${name}`, topics: [TOPICS.organisations] };
    const projection = new Projection<Snapshot>(db, `projection_${name}`);
    const definition = projectionConsumer(group, projection, HANDLERS);
    const start = async (
      wrap?: (definition: typeof projectionConsumer extends (...a: never[]) => infer D ? D : never) => typeof definition,
    ) => {
      const consumer = new EventConsumer(createKafka(options), options, inbox, wrap ? wrap(definition) : definition, FAST_RETRY);
      consumers.push(consumer);
      await consumer.start();
      return consumer;
    };
    /** One key for all, so one partition and this order. */
    const send = (events: EventEnvelope[], key = `${name}-key`) =>
      producer.send({
        topic: prefixed(options, TOPICS.organisations),
        acks: -1,
        messages: events.map((e) => ({ key, value: JSON.stringify(e) })),
      });
    const held = async (id: string) => projection.get(id);
    /** The document once it is there (`eventually` waits for a value other than undefined). */
    const arrived = async (id: string) => (await projection.get(id)) ?? undefined;
    return { options, group, projection, start, send, held, arrived };
  }

  it('redelivers a batch applied but not committed when the consumer crashed, and the redelivery changes nothing', async () => {
    const s = await scenario('crash');
    const ids = Array.from({ length: 20 }, (_, i) => `org_crash_${i}`);
    const events = [
      ...ids.map((id) => event(ORGANISATION_REGISTERED_V1, id, 1)),
      ...ids.slice(0, 10).map((id) => event(ORGANISATION_UPDATED_V1, id, 2)),
      event(ORGANISATION_DELETED_V1, ids[19], 2),
    ];
    const expectFinal = async () => {
      expect(await s.projection.collection.countDocuments({})).toBe(ids.length);
      for (const [i, id] of ids.entries()) {
        const doc = await s.held(id);
        if (i === 19) expect(doc).toMatchObject({ version: 2, data: null, deleted: true });
        else if (i < 10) expect(doc).toMatchObject({ version: 2, data: { name: `${id} v2`, version: 2 } });
        else expect(doc).toMatchObject({ version: 1, data: { name: `${id} v1`, version: 1 } });
      }
    };

    // The first consumer applies what it fetched, then "crashes": stops before committing.
    let applied = 0;
    const crashing: { consumer?: EventConsumer } = {};
    const first = await s.start((definition) => ({
      ...definition,
      onEvents: async (batch, context) => {
        await definition.onEvents?.(batch, context);
        if (!crashing.consumer) throw new Error('the events are sent once the consumer has started');
        applied += batch.length;
        void crashing.consumer.stop();
        throw new Error('crash after applying, before committing');
      },
    }));
    crashing.consumer = first;
    await s.send(events);
    await eventually(() => Promise.resolve(applied > 0 && !first.isRunning), 'the first consumer to apply a batch and stop', 60_000);
    expect(first.processed).toBe(0);
    expect(await s.held(ids[0])).not.toBeNull(); // applied, though not committed

    // Started again: everything is redelivered (nothing was committed) and applied without effect where it was already.
    const second = await s.start();
    await eventually(() => Promise.resolve(second.processed >= events.length), 'the second consumer to process every event', 60_000);
    expect(second.processed).toBe(events.length);
    await expectFinal();
    // A projection consumer keeps no inbox: its writes at aggregate versions are what make a redelivery harmless.
    for (const e of events) expect(await inbox.seen(s.group.id, e.id)).toBe(false);

    // Delivered once more (a relay publishing twice): applied again, without effect.
    const sentinel = event(ORGANISATION_REGISTERED_V1, 'org_crash_sentinel', 1);
    await s.send([...events.slice(0, 5), sentinel]);
    await eventually(() => s.arrived(sentinel.subject), 'the sentinel', 60_000);
    await eventually(() => Promise.resolve(second.processed === events.length + 6), 'the redelivery counted', 10_000);
    await s.projection.collection.deleteOne({ _id: sentinel.subject });
    await expectFinal();

    // The whole topic replayed from the beginning by another group over the same projection (every
    // older version after the newer one held): nothing changes.
    await second.stop();
    const before = await s.projection.collection.find({}).sort({ _id: 1 }).toArray();
    const replaying = await s.start((definition) => ({ ...definition, groupId: `${definition.groupId}-replay` }));
    const last = event(ORGANISATION_REGISTERED_V1, 'org_crash_last', 1);
    await s.send([last]); // after everything else on the one partition: once it is there, the replay is done
    await eventually(() => s.arrived(last.subject), 'the replay', 60_000);
    // Every event id once at least (the relay's duplicates may fall in the batch of their originals, skipped there).
    await eventually(() => Promise.resolve(replaying.processed >= events.length + 2), 'the replay counted', 10_000);
    const after = await s.projection.collection
      .find({ _id: { $nin: [sentinel.subject, last.subject] } })
      .sort({ _id: 1 })
      .toArray();
    expect(after).toEqual(before);
  });

  it('never lets an older version overwrite a newer one, within a batch or across batches', async () => {
    const s = await scenario('versions');
    const consumer = await s.start();
    // In one batch: a newer version before an older one, and a registration, update and deletion of another.
    await s.send([
      event(ORGANISATION_UPDATED_V1, 'org_a', 3),
      event(ORGANISATION_UPDATED_V1, 'org_a', 2),
      event(ORGANISATION_REGISTERED_V1, 'org_b', 1),
      event(ORGANISATION_UPDATED_V1, 'org_b', 2),
      event(ORGANISATION_DELETED_V1, 'org_b', 3),
      event(ORGANISATION_REGISTERED_V1, 'org_c', 1),
    ]);
    await eventually(() => Promise.resolve(consumer.processed >= 6), 'the first batch', 60_000);
    expect(await s.held('org_a')).toMatchObject({ version: 3, data: { name: 'org_a v3' } });
    expect(await s.held('org_b')).toMatchObject({ version: 3, data: null, deleted: true });
    expect(await s.held('org_c')).toMatchObject({ version: 1, data: { name: 'org_c v1' } });

    // Later batches over what is held: older and equal versions change nothing, a newer one wins.
    await s.send([event(ORGANISATION_UPDATED_V1, 'org_a', 1), event(ORGANISATION_UPDATED_V1, 'org_c', 1, 'same version again')]);
    await s.send([event(ORGANISATION_UPDATED_V1, 'org_c', 2), event(ORGANISATION_REGISTERED_V1, 'org_b', 1)]);
    await eventually(() => Promise.resolve(consumer.processed >= 10), 'the later batches', 60_000);
    expect(await s.held('org_a')).toMatchObject({ version: 3, data: { name: 'org_a v3' } });
    expect(await s.held('org_b')).toMatchObject({ version: 3, deleted: true });
    expect(await s.held('org_c')).toMatchObject({ version: 2, data: { name: 'org_c v2' } });
    expect(await s.projection.collection.countDocuments({})).toBe(3);
  });

  it('dead-letters poison out of a batch and applies the rest', async () => {
    const s = await scenario('poison');
    const consumer = await s.start();
    const good = event(ORGANISATION_REGISTERED_V1, 'org_good', 1);
    const broken = { ...event(ORGANISATION_REGISTERED_V1, 'org_broken', 1), data: { municipalities: ['6150'] } };
    await s.send([event(ORGANISATION_REGISTERED_V1, 'org_before', 1), broken, good]);
    await eventually(() => s.arrived('org_good'), 'the event after the poison', 60_000);
    expect(await s.held('org_before')).toMatchObject({ version: 1 });
    expect(await s.held('org_broken')).toBeNull();
    expect(consumer.deadLettered).toBe(1);
    const offsets = await admin.fetchTopicOffsets(prefixed(s.options, deadLetterTopic(s.group.id)));
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  });
});
