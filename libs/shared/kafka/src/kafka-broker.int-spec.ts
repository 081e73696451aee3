// Smoke test of every Kafka API the code uses, through kafkajs 2.2.4 against the real broker
// (Kafka 4.x removed the old protocol versions; this proves the ones kafkajs speaks still work):
// create topics, metadata, configs, idempotent produce, consumer group join and commit, describe
// groups, fetch offsets, seek, delete topics, and that the broker does not auto-create topics.
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type Admin, type Consumer, type EachMessagePayload, type Producer } from 'kafkajs';
import { eventually, testEndpoints } from '@yp/shared-testing';
import { createKafka } from './kafka-connection';
import { prefixed, type KafkaOptions } from './kafka-options';

interface Seen {
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: string;
}

describe('Kafka broker smoke test (kafkajs 2.2.4 against the real broker)', () => {
  const run = randomUUID().slice(0, 8);
  const options: KafkaOptions = {
    brokers: testEndpoints().kafka.brokers,
    clientId: `int-kafka-broker-${run}`,
    topicPrefix: `int.kafka-broker.${run}.`,
  };
  const eventsTopic = prefixed(options, 'events');
  const compactedTopic = prefixed(options, 'records');
  const missingTopic = prefixed(options, 'never-created');
  const groupId = prefixed(options, 'smoke-group');

  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  const clients: { disconnect(): Promise<void> }[] = [];

  beforeAll(async () => {
    kafka = createKafka(options);
    admin = kafka.admin();
    clients.push(admin);
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    clients.push(producer);
    await producer.connect();
  });

  afterAll(async () => {
    if (consumer) await consumer.disconnect().catch(() => undefined);
    try {
      const existing = new Set(await admin.listTopics());
      const ours = [eventsTopic, compactedTopic].filter((t) => existing.has(t));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    } catch {
      // best effort; the test "deletes topics" asserts the real thing
    }
    for (const c of clients.reverse()) await c.disconnect().catch(() => undefined);
  });

  it('creates a 3-partition topic and a compacted topic, lists them and fetches their metadata', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: eventsTopic, numPartitions: 3 },
        {
          topic: compactedTopic,
          numPartitions: 3,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'min.cleanable.dirty.ratio', value: '0.1' },
          ],
        },
      ],
    });
    expect(created).toBe(true);
    // Creating an existing topic again is reported as "not created", not thrown (ensureTopics relies on listTopics, but both must hold).
    await expect(admin.createTopics({ waitForLeaders: true, topics: [{ topic: eventsTopic, numPartitions: 3 }] })).resolves.toBe(false);

    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([eventsTopic, compactedTopic]));

    const metadata = await admin.fetchTopicMetadata({ topics: [eventsTopic, compactedTopic] });
    const byName = new Map(metadata.topics.map((t) => [t.name, t]));
    for (const name of [eventsTopic, compactedTopic]) {
      const partitions = byName.get(name)?.partitions ?? [];
      expect(partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
      for (const p of partitions) {
        expect(p.leader).toBeGreaterThanOrEqual(0);
        expect(p.isr.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('describeConfigs shows cleanup.policy=compact on the compacted topic and delete on the other', async () => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: compactedTopic, configNames: ['cleanup.policy', 'min.cleanable.dirty.ratio'] },
        { type: ConfigResourceTypes.TOPIC, name: eventsTopic, configNames: ['cleanup.policy'] },
      ],
    });
    const config = (topic: string, name: string) =>
      described.resources.find((r) => r.resourceName === topic)?.configEntries.find((e) => e.configName === name)?.configValue;
    expect(config(compactedTopic, 'cleanup.policy')).toBe('compact');
    expect(config(compactedTopic, 'min.cleanable.dirty.ratio')).toBe('0.1');
    expect(config(eventsTopic, 'cleanup.policy')).toBe('delete');
  });

  it('the broker has auto topic creation off (broker config, and metadata/produce for an unknown topic fail)', async () => {
    const broker = await admin.describeCluster();
    expect(broker.brokers.length).toBeGreaterThanOrEqual(1);
    const brokerConfig = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.brokers[0].nodeId), configNames: ['auto.create.topics.enable'] }],
    });
    expect(brokerConfig.resources[0].configEntries.find((e) => e.configName === 'auto.create.topics.enable')?.configValue).toBe('false');

    // Metadata for an unknown topic: kafkajs asks with allowAutoTopicCreation (admin default true) and the broker answers UNKNOWN_TOPIC_OR_PARTITION.
    await expect(admin.fetchTopicMetadata({ topics: [missingTopic] })).rejects.toMatchObject({
      name: 'KafkaJSProtocolError',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });

    // Producing: a separate client with one retry, so the failure comes fast (createKafka's clients retry 8 times).
    const quick = new Kafka({
      clientId: `${options.clientId}-quick`,
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
    });
    const strict = quick.producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
    clients.push(strict);
    await strict.connect();
    const failure = await strict.send({ topic: missingTopic, messages: [{ key: 'k', value: 'v' }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // kafkajs retries the retriable UNKNOWN_TOPIC_OR_PARTITION, then gives up wrapping it as the cause.
    expect(failure).toMatchObject({
      name: 'KafkaJSNumberOfRetriesExceeded',
      message: 'This server does not host this topic-partition',
      cause: { name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION' },
    });
    // And it really was not created as a side effect.
    expect(await admin.listTopics()).not.toContain(missingTopic);
  });

  const keys = ['org_a', 'org_b', 'org_c', 'org_d', 'org_e'];
  const produced: { key: string; value: string; partition: number; offset: string }[] = [];

  it('an idempotent producer sends and sends batches; the same key always lands on the same partition', async () => {
    const single = await producer.send({
      topic: eventsTopic,
      acks: -1,
      messages: keys.map((key) => ({ key, value: `${key}#1`, headers: { 'event-type': 'smoke' } })),
    });
    expect(single).toHaveLength(new Set(single.map((r) => r.partition)).size);
    const batch = await producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic: eventsTopic,
          messages: keys.flatMap((key) => [
            { key, value: `${key}#2` },
            { key, value: `${key}#3` },
          ]),
        },
        {
          topic: compactedTopic,
          messages: [
            { key: 'person_1', value: '{"v":1}' },
            { key: 'person_1', value: null },
          ],
        },
      ],
    });
    expect(batch.map((r) => r.topicName)).toEqual(expect.arrayContaining([eventsTopic, compactedTopic]));
    for (const r of [...single, ...batch]) expect(r.errorCode).toBe(0);

    // Read back where each message landed: the end offsets add up to what was sent.
    const offsets = await admin.fetchTopicOffsets(eventsTopic);
    expect(offsets).toHaveLength(3);
    expect(offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)).toBe(keys.length * 3);
  });

  let seen: Seen[] = [];

  it('a consumer group joins, receives every message, commits; fetchOffsets equals what was consumed; describeGroups shows a member', async () => {
    consumer = kafka.consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000, allowAutoTopicCreation: false });
    const joined = new Promise<void>((resolve) => consumer?.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [eventsTopic], fromBeginning: true });
    const active = consumer;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
        seen.push({ partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
        await active.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    await joined;
    await eventually(() => Promise.resolve(seen.length >= keys.length * 3), `${keys.length * 3} messages consumed`, 30000);
    expect(seen).toHaveLength(keys.length * 3);

    // Same key, same partition; and per key, order is the send order.
    for (const key of keys) {
      const forKey = seen.filter((s) => s.key === key);
      expect(new Set(forKey.map((s) => s.partition)).size).toBe(1);
      expect(forKey.map((s) => s.value)).toEqual([`${key}#1`, `${key}#2`, `${key}#3`]);
      produced.push(...forKey.map((s) => ({ key, value: s.value, partition: s.partition, offset: s.offset })));
    }

    const groups = await admin.describeGroups([groupId]);
    expect(groups.groups).toHaveLength(1);
    expect(groups.groups[0].groupId).toBe(groupId);
    expect(groups.groups[0].state).toBe('Stable');
    expect(groups.groups[0].members.length).toBe(1);
    expect(groups.groups[0].protocolType).toBe('consumer');

    const committed = await admin.fetchOffsets({ groupId, topics: [eventsTopic] });
    const topicOffsets = await admin.fetchTopicOffsets(eventsTopic);
    expect(committed).toHaveLength(1);
    for (const p of committed[0].partitions) {
      const lastSeen = seen.filter((s) => s.partition === p.partition).map((s) => Number(s.offset));
      const expected = lastSeen.length === 0 ? -1 : Math.max(...lastSeen) + 1;
      expect(Number(p.offset)).toBe(expected);
      const high = topicOffsets.find((o) => o.partition === p.partition)?.high;
      if (lastSeen.length > 0) expect(p.offset).toBe(high);
    }
  });

  it('consumer.seek to offset 0 re-reads a partition', async () => {
    const active = consumer;
    if (!active) throw new Error('consumer not running');
    const partition = produced[0].partition;
    const onPartition = seen.filter((s) => s.partition === partition).length;
    expect(onPartition).toBeGreaterThan(0);
    seen = [];
    active.seek({ topic: eventsTopic, partition, offset: '0' });
    await eventually(
      () => Promise.resolve(seen.filter((s) => s.partition === partition).length >= onPartition),
      're-read after seek',
      30000,
    );
    const reread = seen.filter((s) => s.partition === partition);
    expect(reread[0].offset).toBe('0');
    expect(reread).toHaveLength(onPartition);
  });

  it('the group leaves on disconnect (describeGroups: Empty) and keeps its committed offsets', async () => {
    await consumer?.disconnect();
    consumer = undefined;
    const group = await eventually(
      async () => {
        const g = (await admin.describeGroups([groupId])).groups[0];
        return g.state === 'Empty' ? g : undefined;
      },
      'group to become Empty',
      20000,
    );
    expect(group.members).toHaveLength(0);
    const committed = await admin.fetchOffsets({ groupId, topics: [eventsTopic] });
    const total = committed[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(total).toBe(keys.length * 3);
  });

  it('deletes the topics', async () => {
    await admin.deleteTopics({ topics: [eventsTopic, compactedTopic], timeout: 15000 });
    await eventually(
      async () => {
        const topics = await admin.listTopics();
        return !topics.includes(eventsTopic) && !topics.includes(compactedTopic);
      },
      'topics deleted',
      20000,
    );
  });
});
