// The "consumers caught up" marker against the real broker: it must fail while a group lags, and
// hold only once the group has handled every record that was on its topic when it was asked.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { groupsCaughtUp } from './markers';
import { testEndpoints } from './test-infra';

describe('groupsCaughtUp (real Kafka)', () => {
  const prefix = `int.markers.${randomUUID().slice(0, 8)}.`;
  const group = { id: 'slow-consumer', topics: ['records'] };
  const topic = `${prefix}records`;
  const records = ['a', 'b', 'c', 'd', 'e', 'f'];
  const kafka = new Kafka({ clientId: 'markers-int', brokers: testEndpoints().kafka.brokers, logLevel: logLevel.NOTHING });
  const handled: string[] = [];
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r, value: r })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('fails while no one has handled the records', async () => {
    await expect(groupsCaughtUp(prefix, [group], 'nobody', 1500)).rejects.toThrow(/slow-consumer at -1 of \d+ on/);
  });

  it('holds once a slow consumer has handled every record, and not before', async () => {
    consumer = kafka.consumer({ groupId: `${prefix}${group.id}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        await delay(300); // a slow handler: the marker must wait for it
        handled.push(message.value?.toString() ?? '');
      },
    });
    await groupsCaughtUp(prefix, [group], 'the slow consumer', 30000);
    expect([...handled].sort()).toEqual(records);
  });
});
