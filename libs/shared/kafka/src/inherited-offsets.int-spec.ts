// Where the webhook consumer group starts, on the real broker: on a deployment where group
// `notifications` did the fan-out, at that group's committed offsets (not at the beginning of the
// retained topic); on a new deployment from the beginning; later from its own offsets.
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, TOPICS } from '@yp/contracts-events';
import { createKafka } from './kafka-connection';
import { prefixed, type KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';
import { eventually, testEndpoints } from '@yp/shared-testing';
import { inheritOffsets } from './inherited-offsets';

const GROUPS = { group: CONSUMER_GROUPS.notificationsWebhooks.id, from: CONSUMER_GROUPS.notifications.id };
const RUN = randomUUID().slice(0, 8);

describe('inheritOffsets (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];
  const options = (scenario: string): KafkaOptions => ({
    brokers: testEndpoints().kafka.brokers,
    clientId: `int-inherit-${RUN}`,
    topicPrefix: `int.inherit.${RUN}.${scenario}.`,
  });

  beforeAll(async () => {
    kafka = createKafka(options('admin'));
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await admin.disconnect();
  });

  /** The topic with 12 events, 4 per partition; returns the topic's prefixed name. */
  async function topicWithEvents(o: KafkaOptions): Promise<string> {
    await ensureTopics(kafka, o, [{ name: TOPICS.organisations, partitions: 3 }]);
    const topic = prefixed(o, TOPICS.organisations);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `event ${i}` })),
    });
    await producer.disconnect();
    return topic;
  }

  async function committed(o: KafkaOptions, group: string, topic: string): Promise<Record<number, string>> {
    const [offsets] = await admin.fetchOffsets({ groupId: prefixed(o, group), topics: [topic] });
    return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  it('a new deployment: neither group has read the topic, so the group starts at the beginning', async () => {
    const o = options('fresh');
    await topicWithEvents(o);
    expect(await inheritOffsets(kafka, o, GROUPS, TOPICS.organisations)).toEqual({ outcome: 'none' });
  });

  it('an existing deployment: the group starts where notifications is, reads only what follows, then keeps its own offsets', async () => {
    const o = options('existing');
    const topic = await topicWithEvents(o);
    // Group `notifications` has handled 3 events of partition 0 and 1 of partition 1, none of partition 2.
    await admin.setOffsets({
      groupId: prefixed(o, GROUPS.from),
      topic,
      partitions: [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '1' },
      ],
    });

    expect(await inheritOffsets(kafka, o, GROUPS, TOPICS.organisations)).toEqual({ outcome: 'inherited', offsets: { 0: '3', 1: '1' } });
    expect(await committed(o, GROUPS.group, topic)).toEqual({ 0: '3', 1: '1', 2: '-1' });

    // A consumer of the group (fromBeginning, as EventConsumer subscribes) reads what notifications had not.
    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: prefixed(o, GROUPS.group) });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: ({ partition, message }) => Promise.resolve(void received.push(`${partition}@${message.offset}`)) });
    // Offsets 3 of each partition are the last: once all three arrived, nothing earlier can still come.
    await eventually(() => Promise.resolve([0, 1, 2].every((p) => received.includes(`${p}@3`))), 'the last event of each partition');
    expect(received.sort()).toEqual(['0@3', '1@1', '1@2', '1@3', '2@0', '2@1', '2@2', '2@3']);

    // While it runs, and after it has committed, the group keeps its own offsets.
    expect(await inheritOffsets(kafka, o, GROUPS, TOPICS.organisations)).toEqual({ outcome: 'own' });
    await consumer.disconnect();
    await eventually(
      async () => Object.values(await committed(o, GROUPS.group, topic)).every((offset) => offset === '4'),
      'the group to commit its position',
    );
    expect(await inheritOffsets(kafka, o, GROUPS, TOPICS.organisations)).toEqual({ outcome: 'own' });
  });

  it('another instance already runs the group (it started first): nothing is moved', async () => {
    const o = options('raced');
    const topic = await topicWithEvents(o);
    await admin.setOffsets({ groupId: prefixed(o, GROUPS.from), topic, partitions: [{ partition: 0, offset: '2' }] });
    const consumer = kafka.consumer({ groupId: prefixed(o, GROUPS.group) });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // A member that has not committed anything yet.
    await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    expect(await inheritOffsets(kafka, o, GROUPS, TOPICS.organisations)).toEqual({ outcome: 'running' });
  });
});
