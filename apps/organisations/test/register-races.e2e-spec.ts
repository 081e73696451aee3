import type { mongo } from 'mongoose';
import { TestSystem, connectTestDatabase, eventually, readTopic, sentinelEventPublished, type ApiResponse } from '@yp/shared-testing';

/**
 * The register's two-step writes under failure, through the real services:
 *
 * 1. An owned change (activity, contact, liaison officer, partnership) moves its organisation in a
 *    second write. The organisations service is stopped right between the two (the
 *    `TEST_FAULT=freeze-follow-ups` hook holds it there) and killed with SIGKILL; a fresh instance
 *    must finish the move from what the owned change committed: a new version, a later
 *    `updatedAt`, `changedFields` naming what changed, `organisation.updated.v1` on the topic.
 * 2. Publishing an activity while its organisation is deleted, many times over: whatever order the
 *    two land in, consumers reading the events topic end with the activity withdrawn, and the
 *    register hides it.
 */

interface Organisation {
  id: string;
  version: number;
  updatedAt: string;
}
interface Envelope {
  type: string;
  subject: string;
  aggregateversion: number;
  data: { changedFields?: string[]; organisationId?: string };
}

const decode = (value: Buffer | null) => JSON.parse(value?.toString('utf8') ?? 'null') as Envelope;
const eventsTopic = (system: TestSystem) => `${system.topicPrefix}yp.organisations.events`;
const events = async (system: TestSystem) => (await readTopic(eventsTopic(system))).map((m) => decode(m.value));

async function register(system: TestSystem, name: string): Promise<Organisation> {
  const res = await system.request<Organisation>('POST', '/api/v1/organisations', {
    body: { kind: 'association', name: { fi: name }, municipalities: ['320'] },
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return res.body;
}

const organisation = async (system: TestSystem, id: string) =>
  (await system.request<Organisation>('GET', `/api/v1/organisations/${id}`)).body;

async function withDatabase<T>(system: TestSystem, work: (db: mongo.Db) => Promise<T>): Promise<T> {
  const connection = await connectTestDatabase(system.databaseName('organisations'));
  try {
    return await work(connection.db!);
  } finally {
    await connection.close();
  }
}

const draft = (organisationId: string) => ({
  organisationId,
  name: { fi: 'Kylätalon kahvila' },
  type: 'meeting-place',
  deliveryModes: ['remote'],
  municipalities: ['320'],
});

describe('a crash between an owned change and its organisation touch', () => {
  let system: TestSystem;

  beforeAll(async () => {
    // Every instance stops after committing an owned change, before the organisation touch (a test
    // hook that holds the touches of its own changes, and only those, its sweep's included); the
    // sweep runs every half second, and the lease term of a killed holder ends after 10 s.
    system = await TestSystem.start('register-crash', ['gateway', 'organisations'], {
      organisations: { TEST_FAULT: 'freeze-follow-ups', FOLLOW_UP_SWEEP_MS: '500' },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const pendingFollowUps = () => withDatabase(system, (db) => db.collection('follow_ups_pending').countDocuments({}));
  const changesOf = (id: string) =>
    withDatabase(system, (db) => db.collection('organisations_changes').countDocuments({ aggregateId: id }));

  /**
   * Sends the write through the gateway. Once the owned change is committed (its change document
   * holds the touch, and the follow-up marker waits), kills the organisations service with SIGKILL:
   * the answer is lost, and no organisation moved. Returns the owned change's document id.
   */
  async function killBetweenTheWrites(organisations: Organisation[], write: () => Promise<ApiResponse>): Promise<string> {
    const answer = write();
    const committed = await eventually(
      () =>
        withDatabase(system, async (db) => {
          const marker = await db.collection<{ collection: string; changeId: string }>('follow_ups_pending').findOne({});
          if (!marker) return undefined;
          const change = await db.collection<{ _id: string; followUps?: unknown[] }>(marker.collection).findOne({ _id: marker.changeId });
          return change?.followUps?.length ? `${marker.collection}|${marker.changeId}` : undefined;
        }),
      'the owned change to be committed with its follow-up',
    );
    expect(await system.stopApp('organisations', 'SIGKILL')).toBeNull();
    expect((await answer).status).toBeGreaterThanOrEqual(500);
    // Killed between the two writes: the owned change is in, its organisations did not move.
    expect(await pendingFollowUps()).toBe(1);
    for (const org of organisations) expect(await changesOf(org.id)).toBe(org.version);
    return committed;
  }

  /**
   * A fresh instance completes the touch from the committed change (its sweep; the hook leaves an
   * earlier instance's follow-ups alone), and each organisation has moved once: next version, later
   * `updatedAt`, the event on the topic, and a place in the change feed.
   */
  async function expectRecovered(organisations: Organisation[], what: string): Promise<void> {
    await system.startApp('organisations');
    await eventually(async () => (await pendingFollowUps()) === 0, 'the fresh instance to complete the follow-up');
    for (const before of organisations) {
      const after = await organisation(system, before.id);
      expect(after.version).toBe(before.version + 1);
      expect(after.updatedAt > before.updatedAt).toBe(true);
      const event = await eventually(
        async () => (await events(system)).find((e) => e.subject === before.id && e.aggregateversion === after.version),
        `organisation.updated.v1 v${after.version} of ${before.id}`,
      );
      expect(event.type).toBe('organisations.organisation.updated.v1');
      expect(event.data.changedFields).toEqual([what]);
      // Incremental sync from just before the crash reports it.
      const feed = await system.request<{ items: { id: string }[] }>(
        'GET',
        `/api/v1/organisations/changes?updatedSince=${encodeURIComponent(before.updatedAt)}&limit=200`,
      );
      expect(feed.body.items.map((i) => i.id)).toContain(before.id);
    }
  }

  it('creating an activity: killed before its organisation moved, a fresh instance moves it', async () => {
    const org = await register(system, 'Kaatuvan palvelun kyläyhdistys');
    const change = await killBetweenTheWrites([org], () => system.request('POST', '/api/v1/activities', { body: draft(org.id) }));
    expect(change).toMatch(/^activities_changes\|act_/);
    await expectRecovered([org], 'activities');
    const activities = await system.request<{ items: { organisationId: string }[] }>('GET', `/api/v1/activities?organisationId=${org.id}`);
    expect(activities.body.items).toHaveLength(1);
  });

  it('adding a contact person: killed before its organisation moved, a fresh instance moves it', async () => {
    const org = await register(system, 'Kaatuvan palvelun seura');
    const change = await killBetweenTheWrites([org], () =>
      system.request('POST', '/api/v1/contacts', {
        body: { organisationId: org.id, name: 'Maija Mäkelä', email: 'maija.kaatuva@example.fi', language: 'fi' },
      }),
    );
    expect(change).toMatch(/^contacts_changes\|per_/);
    await expectRecovered([org], 'contacts');
  });

  it('appointing a liaison officer of an organisation: killed before it moved, a fresh instance moves it', async () => {
    const org = await register(system, 'Kaatuvan palvelun kunta');
    await killBetweenTheWrites([org], () =>
      system.request('POST', '/api/v1/liaison-officers', {
        body: { name: 'Liisa Lähde', email: 'liisa.kaatuva@example.fi', language: 'fi', municipalities: ['320'], organisationId: org.id },
      }),
    );
    await expectRecovered([org], 'liaison-officers');
  });

  it('recording a partnership: killed before its partners moved, a fresh instance moves every partner', async () => {
    const first = await register(system, 'Kaatuvan palvelun kumppani yksi');
    const second = await register(system, 'Kaatuvan palvelun kumppani kaksi');
    await killBetweenTheWrites([first, second], () =>
      system.request('POST', '/api/v1/partnerships', {
        body: {
          municipality: '320',
          partnerOrganisationIds: [first.id, second.id],
          title: { fi: 'Kumppanuus' },
          themes: ['loneliness'],
          startsOn: '2027-01-01',
        },
      }),
    );
    await expectRecovered([first, second], 'partnerships');
  });
});

/** Runs `work` after `ms` (0: now). Spreads the two requests of a race; no outcome depends on it. */
const later = <T>(ms: number, work: () => Promise<T>) => (ms === 0 ? work() : new Promise<void>((r) => setTimeout(r, ms)).then(work));

describe('publishing an activity while its organisation is deleted', () => {
  const ROUNDS = 30;
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('register-race', ['gateway', 'organisations']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it(`in ${ROUNDS} races, every published activity of a deleted organisation ends withdrawn and hidden`, async () => {
    const rounds: { organisationId: string; activityId: string; publish: number; remove: number }[] = [];
    // A few rounds at a time, each a publish and a delete sent at once.
    for (let start = 0; start < ROUNDS; start += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, ROUNDS - start) }, async (_, i) => {
          const org = await register(system, `Kilpailun kyläyhdistys ${start + i}`);
          const created = await system.request<{ id: string }>('POST', '/api/v1/activities', { body: draft(org.id) });
          if (created.status !== 201) throw new Error(`activity: ${created.status} ${created.text}`);
          // Sent together, or one a moment after the other, so that every order occurs.
          const lag = [0, 50, -50, 300, -300][(start + i) % 5] ?? 0;
          const [publish, remove] = await Promise.all([
            later(Math.max(0, -lag), () => system.request('POST', `/api/v1/activities/${created.body.id}/publish`)),
            later(Math.max(0, lag), () => system.request('DELETE', `/api/v1/organisations/${org.id}`)),
          ]);
          return { organisationId: org.id, activityId: created.body.id, publish: publish.status, remove: remove.status };
        }),
      );
      rounds.push(...batch);
    }
    // Every answer is one of the orders: publish first (delete refused, 409), delete first
    // (publish 404), or both accepted (the race this is about).
    for (const r of rounds) expect(`${r.publish}/${r.remove}`).toMatch(/^(200\/409|404\/204|200\/204)$/);
    const raced = rounds.filter((r) => r.publish === 200 && r.remove === 204);
    console.log(
      `publish/delete races: ${raced.length} of ${ROUNDS} rounds accepted both; ` +
        `${rounds.filter((r) => r.remove === 409).length} publish first, ${rounds.filter((r) => r.publish === 404).length} delete first`,
    );
    // The interleaving this is about happened (a third to two thirds of the rounds in our runs).
    expect(raced.length).toBeGreaterThan(0);

    // Nothing left to follow up, then a sentinel: everything committed so far is on the topic.
    await eventually(
      () => withDatabase(system, async (db) => (await db.collection('follow_ups_pending').countDocuments({})) === 0),
      'no follow-up left',
    );
    const messages = await sentinelEventPublished(eventsTopic(system), async () => (await register(system, 'Sentinel')).id);
    const all = messages.map((m) => ({ partition: m.partition, event: decode(m.value) }));
    const states = await withDatabase(system, (db) =>
      db
        .collection<{ _id: string; state: { publishingState: string } }>('activities')
        .find({ _id: { $in: rounds.map((r) => r.activityId) } })
        .toArray(),
    );
    const problems: string[] = [];
    for (const r of rounds) {
      const deleted = all.some(({ event }) => event.subject === r.organisationId && event.type === 'organisations.organisation.deleted.v1');
      expect(deleted).toBe(r.remove === 204);
      // What a consumer of the activity sees, in topic order (one key: one partition, in order).
      const said = all.filter(({ event }) => event.subject === r.activityId);
      if (new Set(said.map((m) => m.partition)).size > 1) problems.push(`${r.activityId}: events on several partitions`);
      const versions = said.map((m) => m.event.aggregateversion);
      if (versions.some((v, i) => i > 0 && v <= (versions[i - 1] ?? 0))) problems.push(`${r.activityId}: versions ${versions.join(',')}`);
      const last = said.at(-1)?.event.type;
      if (!deleted) {
        // Publish first, deletion refused: the activity stays published.
        if (last !== 'organisations.activity.published.v1') problems.push(`${r.activityId}: not deleted, yet last event ${last}`);
        continue;
      }
      // Published at some point: the last word on the topic is withdrawn.
      if (last !== undefined && last !== 'organisations.activity.withdrawn.v1') problems.push(`${r.activityId}: last event ${last}`);
      // Hidden: gone for every read with its organisation, and not published in the register.
      const read = await system.request('GET', `/api/v1/activities/${r.activityId}`);
      if (read.status !== 404) problems.push(`${r.activityId}: GET answered ${read.status}`);
      const state = states.find((d) => d._id === r.activityId)?.state.publishingState;
      if (state === 'published') problems.push(`${r.activityId}: stored as published`);
    }
    expect(problems).toEqual([]);
  });
});
