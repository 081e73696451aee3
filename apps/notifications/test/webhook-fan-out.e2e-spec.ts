// Webhook fan-out and email read the organisations topic in two consumer groups: a fan-out that
// fails on every attempt is retried and dead-lettered in its own group (`notifications.webhooks`),
// while the email planning of the same event goes on (group `notifications`). The notifications
// service alone, on the real Kafka, FerretDB and SMTP server; events are produced as the
// organisations service would.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  CONSUMER_GROUPS,
  CONTACT_RECORD_V1,
  DEAD_LETTER_HEADER_NAMES,
  deadLetterTopic,
  EVENT_HEADER_NAMES,
  liaisonOfficerAssignedV1,
  TOPICS,
  type ContactRecordV1,
  type EventEnvelope,
} from '@yp/contracts-events';
import { connectTestDatabase, eventually, Mailbox, produceRaw, readTopic, TestSystem } from '@yp/shared-testing';

describe('webhook fan-out apart from email', () => {
  let system: TestSystem;
  let db: Connection;
  const mailbox = new Mailbox();

  beforeAll(async () => {
    system = await TestSystem.start('fanout', ['notifications']);
    db = await connectTestDatabase(system.databaseName('notifications'));
  });

  afterAll(async () => {
    await db?.close();
    await system?.stop();
  });

  it('a fan-out failing on every attempt is dead-lettered in its own group; the welcome email still goes out', async () => {
    const tag = randomBytes(4).toString('hex');
    const personId = `per_${tag}`;
    const email = `fanout.${tag}@kunta.example.fi`;
    const appointment = `lo_${tag}`;
    const event: EventEnvelope = {
      ...liaisonOfficerAssignedV1.fixture,
      id: randomUUID(),
      subject: appointment,
      time: new Date().toISOString(),
      data: { ...liaisonOfficerAssignedV1.fixture.data, liaisonOfficerId: appointment, personId },
    };
    // The fan-out of this aggregate fails whatever the attempt: the regions it last saw are not a list.
    await db
      .collection('webhook_subject_regions')
      .insertOne({ _id: appointment, version: 1, data: { regions: 5 }, updatedAt: new Date() } as never);

    const contact: ContactRecordV1 = { schema: CONTACT_RECORD_V1, personId, name: 'Fanni Fanout', email, language: 'fi' };
    await produceRaw(`${system.topicPrefix}${TOPICS.organisationContacts}`, [{ key: personId, value: JSON.stringify(contact) }]);
    await produceRaw(`${system.topicPrefix}${TOPICS.organisations}`, [
      {
        key: appointment,
        value: JSON.stringify(event),
        headers: { [EVENT_HEADER_NAMES.correlationId]: event.correlationid, [EVENT_HEADER_NAMES.eventType]: event.type },
      },
    ]);

    // Email planning went on: the welcome arrives.
    const welcome = await eventually(async () => {
      const mails = await mailbox.to(email);
      return mails.length > 0 ? mails : undefined;
    }, 'the welcome email');
    expect(welcome).toHaveLength(1);

    // The fan-out gave up in its own group, after its retries.
    const webhooksDlt = `${system.topicPrefix}${deadLetterTopic(CONSUMER_GROUPS.notificationsWebhooks.id)}`;
    const dead = await eventually(async () => {
      const found = (await readTopic(webhooksDlt)).filter((m) => m.value?.toString('utf8').includes(event.id));
      return found.length > 0 ? found : undefined;
    }, 'the event in the webhook group’s dead-letter topic');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.headers[DEAD_LETTER_HEADER_NAMES.group]).toBe(`${system.topicPrefix}${CONSUMER_GROUPS.notificationsWebhooks.id}`);
    expect(dead[0]?.headers[DEAD_LETTER_HEADER_NAMES.reason]).toContain('not iterable');

    // The email group handled the event (the welcome above is its work) and dead-lettered nothing.
    const emailDlt = `${system.topicPrefix}${deadLetterTopic(CONSUMER_GROUPS.notifications.id)}`;
    expect(await readTopic(emailDlt)).toEqual([]);
    expect(await db.collection('inbox').countDocuments({ _id: `${CONSUMER_GROUPS.notifications.id}:${event.id}` } as never)).toBe(1);
    expect(await db.collection('inbox').countDocuments({ _id: `${CONSUMER_GROUPS.notificationsWebhooks.id}:${event.id}` } as never)).toBe(
      0,
    );
  });
});
