// FollowUpLog with VersionedStore on the real FerretDB: a change's follow-ups run after its commit,
// and a writer that dies between the two is completed by a sweep from the change document.
import { randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import { connectTestDatabase } from '@yp/shared-testing';
import { FollowUpLog, type FollowUp, type FollowUpContext } from './follow-up-log';
import { VersionedStore, changeId } from './versioned-store';

interface Counter {
  [key: string]: unknown;
  n: number;
}

const RUN = randomUUID().slice(0, 8);

describe('FollowUpLog on FerretDB', () => {
  let connection: Connection;
  let db: mongo.Db;

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-follow-ups-test-${RUN}`);
    if (!connection.db) throw new Error('no database handle');
    db = connection.db;
  });

  afterAll(async () => {
    if (db) await db.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  /** A log with its own marker collection, and a store of counters bound to it. */
  function setUp(options: { now?: () => number; orphanGraceMs?: number } = {}) {
    const name = `c${randomUUID().slice(0, 8)}`;
    const log = new FollowUpLog(db, { markers: `${name}_follow_ups`, ...options });
    const store = new VersionedStore<Counter>(db, name, { followUps: log });
    return { name, log, store };
  }

  const bump = (target: string): FollowUp => ({ kind: 'bump', target });

  it('runs the follow-ups after the commit, outside the aggregate lock, then drops the marker', async () => {
    const { log, store } = setUp();
    const seen: FollowUpContext[] = [];
    log.handle('bump', async (followUp, context) => {
      seen.push(context);
      // Writing the very aggregate that committed would deadlock if this ran inside its lock.
      await store.update(String(followUp.target), (c) => ({ state: { n: c.state.n + 100 }, records: [] }));
    });
    await store.create('a', { state: { n: 0 }, records: [] });
    const committed = await store.update('a', (c) => ({ state: { n: c.state.n + 1 }, records: [], followUps: [bump('a')] }));

    expect(committed?.version).toBe(2);
    expect((await store.load('a'))?.state.n).toBe(101);
    expect(seen).toEqual([
      { collection: store.changes.collectionName, changeId: changeId('a', 2), recovering: false, markedAt: expect.any(Date) as Date },
    ]);
    expect(await log.countPending()).toBe(0);
    // The instruction stays in the change document (what a sweep would run).
    expect((await store.changes.findOne({ _id: changeId('a', 2) } as never))?.followUps).toEqual([bump('a')]);
  });

  it('a writer that dies after its commit: a fresh instance completes the follow-ups from the change document', async () => {
    const { name, log, store } = setUp();
    // The first instance "dies" right after its commit: its follow-up never gets past the start.
    log.handle('bump', () => Promise.reject(new Error('process gone')));
    await store.create('a', { state: { n: 0 }, records: [] });
    await store.create('b', { state: { n: 0 }, records: [], followUps: [bump('a'), bump('a')] });
    expect(await log.countPending()).toBe(1);
    expect((await store.load('a'))?.state.n).toBe(0);

    // Another instance on the same database: its sweep finds the marker and the instruction.
    const fresh = new FollowUpLog(db, { markers: `${name}_follow_ups` });
    const freshStore = new VersionedStore<Counter>(db, name, { followUps: fresh });
    const contexts: FollowUpContext[] = [];
    fresh.handle('bump', async (followUp, context) => {
      contexts.push(context);
      await freshStore.update(String(followUp.target), (c) => ({ state: { n: c.state.n + 1 }, records: [] }));
    });
    // Not yet due: a marker younger than the sweep's age is its writer's to finish.
    expect(await fresh.completeDue({ olderThanMs: 60_000, limit: 10 })).toBe(0);
    expect((await store.load('a'))?.state.n).toBe(0);

    expect(await fresh.completeDue({ olderThanMs: 0, limit: 10 })).toBe(1);
    expect((await store.load('a'))?.state.n).toBe(2);
    expect(contexts.map((c) => c.recovering)).toEqual([true, true]);
    expect(await fresh.countPending()).toBe(0);
    // Done is done: the next sweep has nothing left.
    expect(await fresh.completeDue({ olderThanMs: 0, limit: 10 })).toBe(0);
    expect((await store.load('a'))?.state.n).toBe(2);
  });

  it('a follow-up that fails keeps its marker until a later sweep succeeds', async () => {
    const { log, store } = setUp();
    let failures = 2;
    let runs = 0;
    log.handle('bump', () => {
      runs++;
      return failures-- > 0 ? Promise.reject(new Error('database hiccup')) : Promise.resolve();
    });
    await store.create('a', { state: { n: 0 }, records: [], followUps: [bump('x')] });
    expect(await log.completeDue({ olderThanMs: 0, limit: 10 })).toBe(0);
    expect(await log.countPending()).toBe(1);
    expect(await log.completeDue({ olderThanMs: 0, limit: 10 })).toBe(1);
    expect(runs).toBe(3);
    expect(await log.countPending()).toBe(0);
  });

  it('a marker whose change never came is kept within the grace, then dropped; one whose change landed late is kept', async () => {
    let clock = Date.now();
    const { name, log } = setUp({ now: () => clock, orphanGraceMs: 1000 });
    log.handle('bump', () => Promise.resolve());
    const changes = db.collection<{ _id: string; followUps?: FollowUp[] }>(`${name}_changes`);
    // Writers that died between marker and change.
    await log.willCommit(`${name}_changes`, changeId('never', 1), [bump('x')]);
    await log.willCommit(`${name}_changes`, changeId('late', 1), [bump('x')]);
    expect(await log.completeDue({ olderThanMs: 0, limit: 10 })).toBe(0);
    expect(await log.countPending()).toBe(2);

    clock += 2000;
    await changes.insertOne({ _id: changeId('late', 1), followUps: [bump('x')] });
    expect(await log.completeDue({ olderThanMs: 0, limit: 10 })).toBe(1);
    expect(await log.countPending()).toBe(0);
  });

  it('refuses a change with follow-ups in a store without a follow-up log', async () => {
    const store = new VersionedStore<Counter>(db, `c${randomUUID().slice(0, 8)}`);
    await expect(store.create('a', { state: { n: 0 }, records: [], followUps: [bump('x')] })).rejects.toThrow(/no follow-up log/);
    expect(await store.load('a')).toBeUndefined();
  });

  it('a change without follow-ups writes no marker', async () => {
    const { log, store } = setUp();
    await store.create('a', { state: { n: 0 }, records: [] });
    expect(await log.countPending()).toBe(0);
    expect(await store.changes.findOne({ _id: changeId('a', 1) } as never)).not.toHaveProperty('followUps');
  });
});
