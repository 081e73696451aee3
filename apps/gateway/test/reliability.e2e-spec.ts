import { MUNICIPALITIES } from '@yp/contracts-reference';
import { TOPICS, type EventEnvelope } from '@yp/contracts-events';
import { changeId } from '@yp/shared-persistence';
import {
  Mailbox,
  TestSystem,
  connectTestDatabase,
  emailsSettled,
  eventually,
  produceRaw,
  readTopic,
  sentinelEventPublished,
  setComponent,
} from '@yp/shared-testing';

interface Organisation {
  id: string;
  version: number;
  municipalities: string[];
}

function decode(value: Buffer | null): EventEnvelope {
  return JSON.parse(value?.toString('utf8') ?? 'null') as EventEnvelope;
}

/**
 * The proofs the skeleton must carry: the outbox survives a broker outage, consumers are
 * idempotent, and concurrent updates of one organisation are all applied on FerretDB.
 */
describe('reliability through real processes', () => {
  let system: TestSystem;
  const stamp = Date.now().toString(36);
  const officerEmail = `oona.${stamp}@oulu.example.fi`;
  const eventsTopic = () => `${system.topicPrefix}${TOPICS.organisations}`;

  beforeAll(async () => {
    system = await TestSystem.start('reliability', ['gateway', 'organisations', 'notifications']);
    const officer = await system.request<{ personId: string }>('POST', '/api/v1/liaison-officers', {
      body: { name: 'Oona Oululainen', email: officerEmail, language: 'sv', municipalities: ['564'] },
    });
    expect(officer.status).toBe(201);
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      await eventually(
        async () => (await db.collection('recipients').findOne({ _id: officer.body.personId as never })) !== null,
        'recipient projection',
      );
      await eventually(async () => (await db.collection('liaison_areas').countDocuments({})) === 1, 'liaison area projection');
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    setComponent('kafka', 'start');
    await system?.stop();
  });

  it('accepts writes while Kafka is down and, once it is back, publishes every event once and sends every email once', async () => {
    setComponent('kafka', 'stop');
    let ids: string[];
    try {
      const created = await Promise.all(
        [1, 2, 3].map((n) =>
          system.request<Organisation>('POST', '/api/v1/organisations', {
            body: {
              kind: 'association',
              name: { fi: `Oulun yhdistys ${n} ${stamp} ry`, sv: `Uleåborgs förening ${n} ${stamp} rf` },
              municipalities: ['564'],
            },
          }),
        ),
      );
      expect(created.map((c) => c.status)).toEqual([201, 201, 201]);
      ids = created.map((c) => c.body.id);
      const db = await connectTestDatabase(system.databaseName('organisations'));
      try {
        expect(
          // Unpublished: their outbox markers are still there.
          await db.collection('outbox_pending').countDocuments({ changeId: { $in: ids.map((id) => changeId(id, 1)) } }),
        ).toBe(3);
      } finally {
        await db.close();
      }
    } finally {
      setComponent('kafka', 'start');
    }

    const mails = await eventually(
      async () => {
        const m = (await new Mailbox().to(officerEmail)).filter((x) => x.subject.includes(stamp));
        return m.length >= 3 ? m : undefined;
      },
      'three emails after the broker returned',
      120000,
      500,
    );
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [1, 2, 3].map((n) => `Ny partner i ditt område: Uleåborgs förening ${n} ${stamp} rf`),
    );

    // Nothing more: an organisation registered after them (where no officer is) is on the topic, so
    // a re-sent event would be there before it (the outbox publishes in commit order); then
    // notifications has handled everything and sent all it queued.
    const topic = await sentinelEventPublished(eventsTopic(), async () => {
      const sentinel = await system.request<Organisation>('POST', '/api/v1/organisations', {
        body: { kind: 'association', name: { fi: `Pudasjärven vartijayhdistys ${stamp} ry` }, municipalities: ['615'] },
      });
      expect(sentinel.status).toBe(201);
      return sentinel.body.id;
    });
    await emailsSettled(system);
    expect((await new Mailbox().to(officerEmail)).filter((x) => x.subject.includes(stamp))).toHaveLength(3);
    const published = topic.map((m) => decode(m.value)).filter((e) => ids.includes(e.subject));
    expect(published.map((e) => e.type)).toEqual(Array(3).fill('organisations.organisation.registered.v1'));
    expect(new Set(published.map((e) => e.id)).size).toBe(3);
  });

  it('sends one email when the same event is delivered twice', async () => {
    const created = await system.request<Organisation>('POST', '/api/v1/organisations', {
      body: { kind: 'parish', name: { fi: `Oulun seurakunta ${stamp}`, sv: `Uleåborgs församling ${stamp}` }, municipalities: ['564'] },
    });
    expect(created.status).toBe(201);
    const subject = `Ny partner i ditt område: Uleåborgs församling ${stamp}`;
    await eventually(async () => (await new Mailbox().to(officerEmail)).some((m) => m.subject === subject), 'the first email');

    const original = (await readTopic(eventsTopic())).find((m) => decode(m.value).subject === created.body.id);
    expect(original).toBeDefined();
    await produceRaw(eventsTopic(), [{ key: original!.key, value: original!.value, headers: original!.headers }]);

    // The duplicate is consumed (the group's committed offset passes it) and changes nothing.
    await emailsSettled(system);
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      const eventId = decode(original!.value).id;
      expect(await db.collection('inbox').countDocuments({ _id: `notifications:${eventId}` as never })).toBe(1);
      expect(await db.collection('deliveries').countDocuments({ eventId })).toBe(1);
    } finally {
      await db.close();
    }
    expect((await new Mailbox().to(officerEmail)).filter((m) => m.subject === subject)).toHaveLength(1);
  });

  it('applies 50 concurrent updates of one organisation: all 50, version 51, 50 update events (FerretDB has no atomic updates)', async () => {
    const created = await system.request<Organisation>('POST', '/api/v1/organisations', {
      body: { kind: 'regional-council', name: { fi: `Maakuntaliitto ${stamp}` }, municipalities: ['564'] },
    });
    expect(created.status).toBe(201);
    const others = MUNICIPALITIES.map((m) => m.code).filter((c) => c !== '564');
    expect(others).toHaveLength(50);

    const results = await Promise.all(
      others.map((code) =>
        system.request<Organisation>('POST', `/api/v1/organisations/${created.body.id}/municipalities`, { body: { code } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));

    const final = await system.request<Organisation>('GET', `/api/v1/organisations/${created.body.id}`);
    expect(final.body.version).toBe(51);
    expect([...final.body.municipalities].sort()).toEqual([...MUNICIPALITIES.map((m) => m.code)].sort());
    expect(final.headers.get('etag')).toBe('"51"');

    const events = await eventually(
      async () => {
        const mine = (await readTopic(eventsTopic())).map((m) => decode(m.value)).filter((e) => e.subject === created.body.id);
        return mine.length >= 51 ? mine : undefined;
      },
      '51 events of the organisation',
      60000,
      1000,
    );
    expect(events.filter((e) => e.type === 'organisations.organisation.updated.v1')).toHaveLength(50);
    expect(events.map((e) => e.aggregateversion).sort((a, b) => a - b)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('answers 412 to a write with a stale If-Match and changes nothing', async () => {
    const created = await system.request<Organisation>('POST', '/api/v1/organisations', {
      body: { kind: 'company', name: { fi: `Yritys ${stamp} Oy` }, municipalities: ['564'] },
    });
    const first = await system.request<Organisation>('PATCH', `/api/v1/organisations/${created.body.id}`, {
      body: { name: { fi: `Yritys ${stamp} Oy (uusi)` } },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await system.request<{ code: string }>('PATCH', `/api/v1/organisations/${created.body.id}`, {
      body: { phone: '+358 40 123 4567' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('ORGANISATION.VERSION_MISMATCH');
    const read = await system.request<Organisation & { phone?: string }>('GET', `/api/v1/organisations/${created.body.id}`);
    expect(read.body.version).toBe(2);
    expect(read.body.phone).toBeUndefined();
  });
});
