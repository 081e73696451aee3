// The organisation directory as a service runs it (OrganisationDirectoryModule in a Nest app) on the
// real broker and FerretDB: typed dispatch by event type, idempotency (by versions), the read
// API, the stats route and the consumer's readiness.
import { randomUUID } from 'node:crypto';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { logLevel, Kafka, type Producer } from 'kafkajs';
import mongoose, { type mongo } from 'mongoose';
import {
  ORGANISATION_ARCHIVED_V1,
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  TOPICS,
  organisationRegisteredV1,
  type ConsumerGroupSpec,
  type EventEnvelope,
} from '@yp/contracts-events';
import { BackendServiceConfig, HealthModule } from '@yp/shared-bootstrap';
import { EventConsumers, KafkaModule, prefixed, type KafkaOptions } from '@yp/shared-kafka';
import { assertTestDatabase, eventually, testEndpoints } from '@yp/shared-testing';
import { OrganisationDirectory, type OrganisationSnapshot } from './organisation-directory';
import { OrganisationDirectoryModule } from './organisation-directory.module';

const RUN = randomUUID().slice(0, 8);
const id = (name: string) => `org_${name}_${RUN}`;

function organisation(name: string, municipalities: string[], themes: string[], status: OrganisationSnapshot['status'] = 'active') {
  return { ...organisationRegisteredV1.fixture.data, organisationId: id(name), municipalities, themes, status };
}

function event(type: string, subject: string, version: number, data: unknown): EventEnvelope {
  return { ...organisationRegisteredV1.fixture, id: randomUUID(), type, subject, aggregateversion: version, data };
}

describe('OrganisationDirectoryModule (real Kafka, FerretDB)', () => {
  const databaseName = `int-organisation-directory-test-${RUN}`;
  const options: KafkaOptions = {
    brokers: testEndpoints().kafka.brokers,
    clientId: `int-directory-${RUN}`,
    topicPrefix: `int.directory.${RUN}.`,
  };
  const group: ConsumerGroupSpec = { id: 'test.organisation-directory', topics: [TOPICS.organisations] };
  let app: INestApplication;
  let url: string;
  let directory: OrganisationDirectory;
  let db: mongo.Db;
  let kafka: Kafka;
  let producer: Producer;

  const mongoUrl = `${testEndpoints().mongo.url.replace(/\/$/, '')}/${databaseName}`;

  beforeAll(async () => {
    assertTestDatabase(databaseName);
    const config = Object.assign(new BackendServiceConfig(), {
      SERVICE_NAME: `int-directory-${RUN}`,
      PORT: 0,
      INTERNAL_TOKEN_SECRET: 'x'.repeat(32),
      MONGODB_URI: mongoUrl,
      KAFKA_BROKERS: options.brokers,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
    });
    @Global()
    @Module({ providers: [{ provide: BackendServiceConfig, useValue: config }], exports: [BackendServiceConfig] })
    class TestConfigModule {}
    // What a service's app module holds for its directory: these imports, nothing else.
    @Module({
      imports: [
        TestConfigModule,
        MongooseModule.forRoot(mongoUrl, { retryWrites: false }),
        HealthModule.forRoot({ database: true }),
        KafkaModule,
        OrganisationDirectoryModule.forRoot(group),
      ],
    })
    class TestAppModule {}
    app = await NestFactory.create(TestAppModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    directory = app.get(OrganisationDirectory);
    db = directory.projection.collection.db;
    kafka = new Kafka({ clientId: `int-directory-producer-${RUN}`, brokers: [...options.brokers], logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(options.topicPrefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
    const cleanup = await mongoose.createConnection(mongoUrl).asPromise();
    await cleanup.db?.dropDatabase().catch(() => undefined);
    await cleanup.close();
  });

  it('keeps the organisations, once each and newest version first, and reads them by municipality and theme', async () => {
    const a2 = event(ORGANISATION_UPDATED_V1, id('a'), 2, {
      ...organisation('a', ['615', '305'], ['safety']),
      changedFields: ['municipalities'],
    });
    const sentinel = event(ORGANISATION_REGISTERED_V1, id('z'), 1, organisation('z', ['851'], []));
    const events = [
      event(ORGANISATION_REGISTERED_V1, id('a'), 1, organisation('a', ['615'], ['safety'])),
      event(ORGANISATION_REGISTERED_V1, id('b'), 1, organisation('b', ['615'], ['safety'])),
      event(ORGANISATION_REGISTERED_V1, id('c'), 1, organisation('c', ['305'], ['culture'])),
      event(ORGANISATION_REGISTERED_V1, id('e'), 1, organisation('e', ['615'], ['safety', 'culture'])),
      a2,
      a2, // redelivered: skipped as a duplicate in its batch (and harmless at its version anyway)
      event(ORGANISATION_REGISTERED_V1, id('a'), 1, organisation('a', ['999'], [])), // an old version again: changes nothing
      event(ORGANISATION_UPDATED_V1, id('b'), 2, { ...organisation('b', ['615'], ['safety'], 'archived'), changedFields: ['status'] }),
      event(ORGANISATION_ARCHIVED_V1, id('b'), 2, { organisationId: id('b'), archivedAt: '2026-11-23T15:00:00.000Z' }),
      event(ORGANISATION_DELETED_V1, id('c'), 2, { organisationId: id('c'), deletedAt: '2026-11-23T12:00:00.000Z' }),
    ];
    // One key for all, so one partition and this order; the sentinel last.
    await producer.send({
      topic: prefixed(options, TOPICS.organisations),
      acks: -1,
      messages: [...events, sentinel].map((e) => ({ key: 'directory-test', value: JSON.stringify(e) })),
    });
    await eventually(() => directory.get(id('z')), 'the sentinel in the directory', 60_000);

    const consumer = app.get(EventConsumers).all[0];
    expect(consumer.processed).toBe(events.length); // 11 messages, the duplicate in the same batch skipped
    // No inbox for a projection: its writes at aggregate versions make a redelivery harmless (ADR 013).
    expect(await db.collection('inbox').findOne({ _id: `${group.id}:${a2.id}` as never })).toBeNull();

    const a = await directory.get(id('a'));
    expect(a).toEqual({ id: id('a'), version: 2, organisation: organisation('a', ['615', '305'], ['safety']) });
    expect(await directory.get(id('b'))).toMatchObject({ version: 2, organisation: { status: 'archived' } });
    expect(await directory.get(id('c'))).toBeUndefined();
    expect(await directory.get('org_unknown')).toBeUndefined();

    const ids = (entries: { id: string }[]) => entries.map((e) => e.id);
    expect(ids(await directory.find({ municipality: '615' }))).toEqual([id('a'), id('e')]);
    expect(ids(await directory.find({ municipality: '305' }))).toEqual([id('a')]);
    expect(ids(await directory.find({ theme: 'culture' }))).toEqual([id('e')]);
    expect(ids(await directory.find({ municipality: '615', theme: 'culture' }))).toEqual([id('e')]);
    expect(ids(await directory.find({ municipality: '615', limit: 1 }))).toEqual([id('a')]);
    expect(ids(await directory.find({ municipality: '615', after: id('a') }))).toEqual([id('e')]);
    expect(await directory.find({ municipality: '999' })).toEqual([]);
  });

  it('serves GET /organisation-directory/stats and reports its consumer in readiness; declares its indexes', async () => {
    expect(await (await fetch(`${url}/organisation-directory/stats`)).json()).toEqual({ organisations: 4 });
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'up', checks: { database: 'up', [`consumer:${group.id}`]: 'up' } });
    const indexes = (await directory.projection.collection.listIndexes().toArray()) as { name: string }[];
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'by_municipality', 'by_theme']);
  });
});
