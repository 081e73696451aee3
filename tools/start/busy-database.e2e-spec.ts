import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ALL_APPS, REPO_ROOT, TestSystem, connectTestDatabase, eventually, testEndpoints, type AppName } from '@yp/shared-testing';
import { APPS, buildServices, developmentEnvironment, startService, stopService, waitUntilReady } from './services.mjs';

/**
 * `npm start` comes up on a big, busy database: the state a bulk load leaves behind when it is
 * stopped and started again (issue 10: about 3 000 organisations in one municipality with four
 * liaison officers, so thousands of emails still queued). The services are started as
 * tools/start.mjs starts them (tools/start/services.mjs) and must all answer ready within
 * READY_BOUND_MS while notifications works through the queue and organisations has a long change log.
 *
 * The data comes from the real write path, once: one organisation and its four officers through the
 * gateway, then its documents are copied (new ids) into thousands. Mail goes to a sink on this test's
 * own port, never to the shared mail viewer.
 */
const ORGANISATIONS = Number(process.env.YP_BUSY_ORGANISATIONS ?? 3000);
const CHANGES_PER_ORGANISATION = 2; // a long change log: 6 000 change documents
const OFFICERS = 4; // so 12 000 queued emails
const READY_BOUND_MS = 90000;
const MUNICIPALITY = '615';

type Doc = Record<string, unknown>;

/** A copy of `value` with every string containing `from` rewritten (dates and other objects kept). */
function rewrite<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => rewrite(v, from, to)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, from, to)])) as T;
  return value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Inserts `docs` 1 000 at a time; returns how many were inserted. */
async function insertInBatches(db: Awaited<ReturnType<typeof connectTestDatabase>>, collection: string, docs: Doc[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < docs.length; i += 1000)
    inserted += (await db.collection(collection).insertMany(docs.slice(i, i + 1000), { ordered: false })).insertedCount;
  return inserted;
}

describe('npm start on a big, busy database', () => {
  let system: TestSystem | undefined;
  let sink: SMTPServer;
  let sinkPort = 0;
  let mailed = 0;
  let services: ReturnType<typeof startService>[] = [];

  beforeAll(async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          mailed++;
          callback();
        });
      },
    });
    sinkPort = await freePort();
    await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => stopService(s)));
    await system?.stop();
    if (system) {
      for (const app of ALL_APPS) {
        const db = await connectTestDatabase(system.databaseName(app));
        await db.dropDatabase();
        await db.close();
      }
    }
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  });

  it(`starts every service within ${READY_BOUND_MS / 1000} s with ${ORGANISATIONS} organisations and ${ORGANISATIONS * OFFICERS} queued emails`, async () => {
    const began = Date.now();
    const lap = (what: string) => console.log(`${what} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    // 1. The real write path, once.
    const smtp = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sinkPort) };
    system = await TestSystem.start('busystart', ['organisations', 'notifications', 'gateway'], { notifications: smtp });
    const stamp = randomBytes(3).toString('hex');
    const officers: string[] = [];
    for (let i = 0; i < OFFICERS; i++) {
      const res = await system.request<{ personId: string }>('POST', '/api/v1/liaison-officers', {
        body: {
          name: `Officer ${i}`,
          email: `officer.${i}.${stamp}@pudasjarvi.example.fi`,
          language: 'fi',
          municipalities: [MUNICIPALITY],
        },
      });
      expect(res.status).toBe(201);
      officers.push(res.body.personId);
    }
    const notificationsDb = await connectTestDatabase(system.databaseName('notifications'));
    const organisationsDb = await connectTestDatabase(system.databaseName('organisations'));
    try {
      await eventually(
        async () => (await notificationsDb.collection('recipients').countDocuments({ _id: { $in: officers as never[] } })) === OFFICERS,
        'the officers in the recipient projection',
      );
      const created = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
        body: { kind: 'association', name: { fi: `Kiireinen yhdistys ${stamp} ry` }, municipalities: [MUNICIPALITY] },
      });
      expect(created.status).toBe(201);
      const orgId = created.body.id;
      const templates = await eventually(async () => {
        const found = await notificationsDb
          .collection<Doc>('deliveries')
          .find({ eventType: 'organisations.organisation.registered.v1' })
          .toArray();
        return found.length === OFFICERS ? found : undefined;
      }, 'the emails about the new organisation');
      await system.stopApps(); // the databases stay: they are what npm start comes up on
      lap('templates written through the real path');

      // 2. Thousands of copies: organisations with a long change log (published), emails queued.
      const state = await organisationsDb.collection<Doc>('organisations').findOne({ _id: orgId as never });
      const change = await organisationsDb.collection<Doc>('organisations_changes').findOne({ aggregateId: orgId });
      if (!state || !change) throw new Error(`the organisation ${orgId} was not stored as expected`);
      const eventId = String(templates[0]?.eventId);
      const states: Doc[] = [];
      const changes: Doc[] = [];
      const deliveries: Doc[] = [];
      const now = new Date();
      for (let i = 0; i < ORGANISATIONS; i++) {
        const id = `org_${randomUUID().replace(/-/g, '')}`;
        states.push({ ...rewrite(state, orgId, id), version: CHANGES_PER_ORGANISATION });
        for (let v = 1; v <= CHANGES_PER_ORGANISATION; v++)
          changes.push({ ...rewrite(change, orgId, id), _id: `${id}:${String(v).padStart(10, '0')}`, version: v, publishedAt: now });
        const copyEventId = randomUUID();
        for (const template of templates) {
          const {
            sentAt: _sentAt,
            smtpResponse: _smtpResponse,
            messageId: _messageId,
            ...queued
          } = rewrite(rewrite(template, eventId, copyEventId), orgId, id);
          deliveries.push({
            ...queued,
            _id: randomBytes(32).toString('hex'),
            status: 'queued',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          });
        }
      }
      lap('copies made');
      // (Counted from the inserts: counting the collections back would itself be a full scan.)
      expect(await insertInBatches(organisationsDb, 'organisations', states)).toBe(ORGANISATIONS);
      expect(await insertInBatches(organisationsDb, 'organisations_changes', changes)).toBe(ORGANISATIONS * CHANGES_PER_ORGANISATION);
      expect(await insertInBatches(notificationsDb, 'deliveries', deliveries)).toBe(ORGANISATIONS * OFFICERS);
      lap('copies inserted');
    } finally {
      await notificationsDb.close();
      await organisationsDb.close();
    }

    // 3. Start again as `npm start` does: all five services, each waited for until ready.
    const infra = testEndpoints();
    const ports = Object.fromEntries(await Promise.all(APPS.map(async (a) => [a.name, await freePort()] as const))) as Record<
      AppName,
      number
    >;
    const environment = developmentEnvironment({ infra, ports });
    await buildServices();
    services = APPS.map(({ name }) =>
      startService({
        name,
        port: ports[name as AppName],
        env: {
          ...process.env,
          ...environment[name],
          ...smtp,
          LOG_LEVEL: 'warn',
          MONGODB_URI: `${infra.mongo.url.replace(/\/$/, '')}/${system!.databaseName(name as AppName)}`,
          KAFKA_TOPIC_PREFIX: system!.topicPrefix,
        },
        logFile: join(REPO_ROOT, '.local', 'test', 'logs', `e2e-busystart-restart-${name}.log`),
      }),
    );
    const mailedBefore = mailed;
    const t0 = Date.now();
    const { readyAt } = await waitUntilReady(services, { timeoutMs: READY_BOUND_MS });
    const took = Date.now() - t0;
    lap(`all ${services.length} services ready in ${took} ms (${JSON.stringify(Object.fromEntries(readyAt))})`);
    expect(took).toBeLessThanOrEqual(READY_BOUND_MS);
    // For the record: how far notifications got with the queue meanwhile (its scans of 12 000
    // queued deliveries are what keeps FerretDB busy; the first email may take longer than the start).
    lap(`${mailed - mailedBefore} of the queued emails sent by then`);
  }, 600000);
});
