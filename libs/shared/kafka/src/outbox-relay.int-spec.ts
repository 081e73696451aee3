// The outbox relay against the real broker and FerretDB: a commit nudges it (no handler does), a
// broker that does not answer leaves the change queued and counted, and the readiness and metrics
// of a service with a big change log and a busy database read nothing but a ping.
import { randomUUID } from 'node:crypto';
import { Global, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken, InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { ORGANISATION_REGISTERED_V1, TOPICS, TOPIC_SPECS, organisationRegisteredV1 } from '@yp/contracts-events';
import { BackendServiceConfig, HealthModule, MetricsController } from '@yp/shared-bootstrap';
import { ChangeLogOutbox, VersionedStore, changeId, type ChangeDocument } from '@yp/shared-persistence';
import { assertTestDatabase, eventually, readTopic, testEndpoints } from '@yp/shared-testing';
import { aggregateEvents } from './aggregate-events';
import { createKafka } from './kafka-connection';
import { KafkaModule } from './kafka.module';
import { prefixed, type KafkaOptions } from './kafka-options';
import { OutboxModule } from './outbox.module';
import { OutboxRelay } from './outbox-relay';
import { ensureTopics } from './topic-admin';

const RUN = randomUUID().slice(0, 8);
const organisationEvent = aggregateEvents({ service: 'organisations', aggregate: 'organisation' });

interface OrgState {
  [key: string]: unknown;
  name: string;
}

function databaseUrl(name: string): string {
  assertTestDatabase(name);
  return `${testEndpoints().mongo.url.replace(/\/$/, '')}/${name}`;
}

const registered = (id: string) =>
  organisationEvent(ORGANISATION_REGISTERED_V1, id, 1, { ...organisationRegisteredV1.fixture.data, organisationId: id });

describe('OutboxRelay (real Kafka, FerretDB)', () => {
  const options: KafkaOptions = { brokers: testEndpoints().kafka.brokers, clientId: `int-relay-${RUN}`, topicPrefix: `int.relay.${RUN}.` };
  const topic = prefixed(options, TOPICS.organisations);
  let connection: Connection;
  let db: mongo.Db;
  let kafka: Kafka;
  let admin: Admin;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(`int-outbox-relay-test-${RUN}`), { retryWrites: false }).asPromise();
    if (!connection.db) throw new Error('no database handle');
    db = connection.db;
    kafka = createKafka(options);
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(kafka, options, TOPIC_SPECS);
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    const ours = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(options.topicPrefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('publishes a commit at once because the commit nudges it (its next poll is ten minutes away)', async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'nudge_pending' });
    const store = new VersionedStore<OrgState>(db, 'nudge_orgs', { outbox });
    const relay = new OutboxRelay(kafka, options, outbox, { pollIntervalMs: 600_000 });
    relays.push(relay);
    relay.start();
    await eventually(() => Promise.resolve(relay.backlog === 0), 'the relay to finish its first look');

    const id = VersionedStore.newId('org');
    const committedAt = Date.now();
    await store.create(id, { state: { name: 'Kemijärven kaupunki' }, records: [registered(id)] });
    await eventually(
      async () => !(await outbox.isPending('nudge_orgs_changes', changeId(id, 1))),
      'the change to be published',
      20_000,
      50,
    );
    const publishedMs = Date.now() - committedAt;
    process.stdout.write(`commit to published (nudged): ${publishedMs} ms\n`);
    expect(publishedMs).toBeLessThan(20_000);
    await eventually(() => Promise.resolve(relay.published === 1 && relay.backlog === 0), 'the relay to count it published');
    expect(await outbox.countMarkers()).toBe(0);
    const change = await store.changes.findOne({ _id: changeId(id, 1) });
    expect(change).toMatchObject({ marked: true });
    expect(change?.publishedAt).toBeInstanceOf(Date);
    const onTopic = (await readTopic(topic)).filter((m) => m.key === id);
    expect(onTopic).toHaveLength(1);
    expect(JSON.parse(onTopic[0].value?.toString() ?? 'null')).toMatchObject({ type: ORGANISATION_REGISTERED_V1, subject: id });
  });

  it('keeps a change queued and counted while the broker does not answer; another relay publishes it', async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'away_pending' });
    const store = new VersionedStore<OrgState>(db, 'away_orgs', { outbox });
    const nowhere = new Kafka({
      clientId: options.clientId,
      brokers: ['127.0.0.1:1'],
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
      logLevel: logLevel.NOTHING,
    });
    const stranded = new OutboxRelay(nowhere, options, outbox, { pollIntervalMs: 100, maxBackoffMs: 500 });
    relays.push(stranded);
    stranded.start();

    const id = VersionedStore.newId('org');
    await store.create(id, { state: { name: 'Posion kunta' }, records: [registered(id)] });
    expect(stranded.describe()).toMatch(/^broker (not contacted yet|unreachable), backlog (1|not counted yet)$/);
    await eventually(
      () => Promise.resolve(stranded.describe() === 'broker unreachable, backlog 1'),
      'the stranded relay to count the change and fail to reach the broker',
    );
    await stranded.stop();
    expect(await outbox.isPending('away_orgs_changes', changeId(id, 1))).toBe(true);

    const relay = new OutboxRelay(kafka, options, outbox);
    relays.push(relay);
    relay.start();
    await eventually(async () => !(await outbox.isPending('away_orgs_changes', changeId(id, 1))), 'the queued change to go out');
    expect((await readTopic(topic)).filter((m) => m.key === id)).toHaveLength(1);
    await eventually(() => Promise.resolve(relay.backlog === 0), 'the backlog to reach 0');
    expect(relay.describe()).toBe('connected, backlog 0');
  });

  describe('readiness and metrics of a service with 20 000 changes and a busy database', () => {
    const databaseName = `int-outbox-ready-test-${RUN}`;
    const commands: { name: string; collection: unknown }[] = [];
    let recording = false;
    let app: INestApplication;
    let url: string;
    let load: Connection;
    let busy = true;
    let scans: Promise<void> | undefined;

    @Injectable()
    class OrganisationStore {
      readonly store: VersionedStore<OrgState>;
      constructor(@InjectConnection() connection: Connection, outbox: ChangeLogOutbox) {
        if (!connection.db) throw new Error('no database');
        this.store = new VersionedStore<OrgState>(connection.db, 'organisations', { outbox });
      }
    }

    beforeAll(async () => {
      load = await mongoose.createConnection(databaseUrl(databaseName), { retryWrites: false }).asPromise();
      const changes = load.db!.collection<ChangeDocument<OrgState>>('organisations_changes');
      const history = Array.from({ length: 20_000 }, (_, i) => ({
        _id: changeId(`org_${i % 5000}`, Math.floor(i / 5000) + 1),
        aggregateId: `org_${i % 5000}`,
        version: Math.floor(i / 5000) + 1,
        state: { name: `Yhdistys ${i}`.padEnd(200, '.') },
        records: [{ topic: TOPICS.organisations, key: `org_${i % 5000}`, value: 'v'.repeat(500), headers: {} }],
        committedAt: new Date(Date.now() - 1_000_000 + i),
        publishedAt: new Date(),
      }));
      for (let i = 0; i < history.length; i += 5000) await changes.insertMany(history.slice(i, i + 5000));
      // Written by this version: its first start marked what was unpublished (nothing), once.
      await load.db!.collection<{ _id: string; at: Date }>('outbox_backfills').insertOne({ _id: 'organisations_changes', at: new Date() });

      const config = Object.assign(new BackendServiceConfig(), {
        SERVICE_NAME: `int-ready-${RUN}`,
        PORT: 0,
        INTERNAL_TOKEN_SECRET: 'x'.repeat(32),
        MONGODB_URI: databaseUrl(databaseName),
        KAFKA_BROKERS: options.brokers,
        KAFKA_TOPIC_PREFIX: options.topicPrefix,
      });
      @Global()
      @Module({ providers: [{ provide: BackendServiceConfig, useValue: config }], exports: [BackendServiceConfig] })
      class TestConfigModule {}
      @Module({
        imports: [
          TestConfigModule,
          MongooseModule.forRoot(databaseUrl(databaseName), { retryWrites: false, monitorCommands: true }),
          HealthModule.forRoot({ database: true }),
          KafkaModule,
          OutboxModule,
        ],
        controllers: [MetricsController],
        providers: [OrganisationStore],
      })
      class TestAppModule {}
      app = await NestFactory.create(TestAppModule, { logger: false });
      app.enableShutdownHooks();
      app
        .get<Connection>(getConnectionToken())
        .getClient()
        .on('commandStarted', (event) => {
          if (recording)
            commands.push({ name: event.commandName, collection: (event.command as Record<string, unknown>)[event.commandName] });
        });
      await app.listen(0, '127.0.0.1');
      url = await app.getUrl();
      // What made readiness time out: the old relay's scans of the change log, every 250 ms.
      scans = (async () => {
        while (busy)
          await changes
            .find({ publishedAt: { $exists: false } })
            .sort({ committedAt: 1 })
            .limit(100)
            .toArray();
      })();
    });

    afterAll(async () => {
      busy = false;
      await scans;
      await app?.close();
      await load?.db?.dropDatabase().catch(() => undefined);
      await load?.close();
    });

    it('answers /health/ready and /metrics fast, reading only a ping; the backlog comes from the relay', async () => {
      const store = app.get(OrganisationStore).store;
      const id = VersionedStore.newId('org');
      await store.create(id, { state: { name: 'Sallan kunta' }, records: [registered(id)] });
      await eventually(async () => !(await store.isUnpublished({ _id: changeId(id, 1) })), 'the commit to be published');

      const timings: number[] = [];
      commands.length = 0;
      recording = true;
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const ready = await fetch(`${url}/health/ready`);
        timings.push(performance.now() - started);
        expect(ready.status).toBe(200);
        const body = (await ready.json()) as { checks: Record<string, string> };
        expect(body.checks.database).toBe('up');
        expect(body.checks.outbox).toBe('connected, backlog 0');
      }
      const metrics = await (await fetch(`${url}/metrics`)).text();
      recording = false;

      expect(metrics).toMatch(/^outbox_backlog 0$/m);
      // The relay keeps polling its markers meanwhile; nothing reads the change log or counts anything.
      expect(commands.filter((c) => c.collection === 'organisations_changes')).toEqual([]);
      expect(commands.filter((c) => ['count', 'aggregate'].includes(c.name))).toEqual([]);
      expect(commands.filter((c) => c.name === 'ping').length).toBeGreaterThanOrEqual(10);
      const sorted = [...timings].sort((a, b) => a - b);
      process.stdout.write(
        `/health/ready with 20 000 changes and a busy FerretDB: median ${sorted[5].toFixed(0)} ms, max ${sorted[9].toFixed(0)} ms\n`,
      );
      expect(sorted[9]).toBeLessThan(2000);
    });
  });
});
