// ChangeLogOutbox on the real FerretDB v1: every commit of a store bound to the outbox is marked
// before it is written and nudges the listeners; the relay's read goes through the markers and
// reads the change logs by `_id` only (no scan, however long the change logs); no accepted write
// loses its event when a writer dies between its steps.
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { assertTestDatabase, testEndpoints } from '@yp/shared-testing';
import { ChangeLogOutbox, markerId, type PendingOutboxEntry } from './change-log-outbox';
import { VersionedStore, changeId, type ChangeDocument, type OutboxRecord } from './versioned-store';

interface ListState {
  [key: string]: unknown;
  items: string[];
}

const RUN = randomUUID().slice(0, 8);

function record(aggregateId: string, n: number): OutboxRecord {
  return { topic: 'yp.test.events', key: aggregateId, value: JSON.stringify({ n }), headers: { 'event-type': 'test.thing.changed.v1' } };
}

const pause = () => new Promise((r) => setTimeout(r, 15));

describe('ChangeLogOutbox on FerretDB', () => {
  let connection: Connection;
  let db: mongo.Db;
  /** Commands the driver sent, while `recording` is on. */
  const commands: { name: string; collection: unknown; filter: unknown }[] = [];
  let recording = false;

  beforeAll(async () => {
    const name = `int-change-log-outbox-test-${RUN}`;
    assertTestDatabase(name);
    connection = await mongoose
      .createConnection(`${testEndpoints().mongo.url.replace(/\/$/, '')}/${name}`, {
        serverSelectionTimeoutMS: 5000,
        retryWrites: false,
        monitorCommands: true,
      })
      .asPromise();
    if (!connection.db) throw new Error('no database handle');
    db = connection.db;
    connection.getClient().on('commandStarted', (event) => {
      if (!recording) return;
      const command = event.command as Record<string, unknown>;
      commands.push({
        name: event.commandName,
        collection: command[event.commandName],
        filter: command.filter ?? command.query ?? (command.updates as { q?: unknown }[] | undefined)?.[0]?.q,
      });
    });
  });

  afterAll(async () => {
    if (db) await db.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('(a) marks each commit before writing it and nudges; the read is oldest first across change logs; publishing clears the marker', async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'a_pending' });
    let nudges = 0;
    const unsubscribe = outbox.onCommit(() => nudges++);
    const orgs = new VersionedStore<ListState>(db, 'a_orgs', { outbox });
    const groups = new VersionedStore<ListState>(db, 'a_groups', { outbox });
    expect(outbox.registered).toEqual(['a_orgs_changes', 'a_groups_changes']);

    const a = VersionedStore.newId('org');
    const b = VersionedStore.newId('grp');
    await orgs.create(a, { state: { items: ['a1'] }, records: [record(a, 1)] });
    await pause();
    await groups.create(b, { state: { items: ['b1'] }, records: [record(b, 1)] });
    await pause();
    await orgs.update(a, () => ({ state: { items: ['a1', 'a2'] }, records: [record(a, 2), record(a, 3)] }));
    expect(nudges).toBe(3);
    unsubscribe();
    await orgs.update(a, () => ({ state: { items: ['a1', 'a2', 'a3'] }, records: [] }));
    expect(nudges).toBe(3);

    const batch = await outbox.pending(10);
    expect(batch.entries.map((p) => p.id)).toEqual([changeId(a, 1), changeId(b, 1), changeId(a, 2), changeId(a, 3)]);
    expect(batch.entries.map((p) => p.collection)).toEqual(['a_orgs_changes', 'a_groups_changes', 'a_orgs_changes', 'a_orgs_changes']);
    expect(batch.entries[2].records).toEqual([record(a, 2), record(a, 3)]);
    expect(batch.entries[3].records).toEqual([]);
    expect(batch).toMatchObject({ markersRead: 4, unresolved: 0 });
    expect(await outbox.countMarkers()).toBe(4);
    expect((await outbox.pending(2)).entries.map((p) => p.id)).toEqual([changeId(a, 1), changeId(b, 1)]);

    await outbox.markFailed(batch.entries.slice(0, 1), 'broker away');
    expect(await orgs.changes.findOne({ _id: changeId(a, 1) })).toMatchObject({ publishAttempts: 1, lastPublishError: 'broker away' });
    expect((await outbox.pending(10)).entries).toHaveLength(4);

    await outbox.markPublished(batch.entries.slice(0, 2));
    expect((await outbox.pending(10)).entries.map((p) => p.id)).toEqual([changeId(a, 2), changeId(a, 3)]);
    expect(await outbox.countMarkers()).toBe(2);
    expect(await db.collection('a_pending').findOne({ _id: markerId('a_orgs_changes', changeId(a, 1)) as never })).toBeNull();
    expect(await orgs.isUnpublished({ _id: changeId(a, 1) })).toBe(false);
    expect(await orgs.isUnpublished({ _id: changeId(a, 2) })).toBe(true);
    expect(await orgs.changes.findOne({ _id: changeId(a, 1) })).toHaveProperty('publishedAt');
    expect(await orgs.changes.findOne({ _id: changeId(a, 2) })).toMatchObject({ marked: true });
    // A writer that lost the race for the same change id writes its marker again after the winner's
    // was deleted (its change insert then fails as a duplicate): the change is not pending again.
    await db.collection('a_pending').insertOne({
      _id: markerId('a_orgs_changes', changeId(a, 1)),
      collection: 'a_orgs_changes',
      changeId: changeId(a, 1),
      at: new Date(0),
    } as never);
    expect((await outbox.pending(10)).entries.map((p) => p.id)).toEqual([changeId(a, 2), changeId(a, 3)]);
    expect(await outbox.countMarkers()).toBe(2);

    await outbox.markPublished((await outbox.pending(10)).entries);
    expect(await outbox.pending(10)).toEqual({ entries: [], markersRead: 0, unresolved: 0 });
  });

  it('(b) a store without an outbox refuses a change with records and writes nothing; one without records commits', async () => {
    const store = new VersionedStore<ListState>(db, 'b_lists');
    const id = VersionedStore.newId('list');
    await expect(store.create(id, { state: { items: ['x'] }, records: [record(id, 1)] })).rejects.toThrow(/has no outbox/);
    expect(await store.changes.findOne({ _id: changeId(id, 1) })).toBeNull();
    await store.create(id, { state: { items: ['x'] }, records: [] });
    expect((await store.load(id))?.version).toBe(1);
  });

  it('(c) a writer that dies after the change insert loses nothing; one that dies before it leaves a marker that goes after the grace', async () => {
    let now = Date.now();
    const outbox = new ChangeLogOutbox(db, { markers: 'c_pending', orphanGraceMs: 60_000, now: () => now });
    const store = new VersionedStore<ListState>(db, 'c_lists', { outbox });
    const changes = db.collection<ChangeDocument<ListState>>('c_lists_changes');
    const accepted = VersionedStore.newId('list');
    const neverWritten = VersionedStore.newId('list');

    // Died after the insert (the commit point), before telling anyone or writing the state.
    await outbox.willCommit('c_lists_changes', changeId(accepted, 1));
    await changes.insertOne({
      _id: changeId(accepted, 1),
      aggregateId: accepted,
      version: 1,
      state: { items: ['kept'] },
      records: [record(accepted, 1)],
      committedAt: new Date(),
    });
    // Died before the insert: the write was never accepted.
    await outbox.willCommit('c_lists_changes', changeId(neverWritten, 1));

    const first = await outbox.pending(10);
    expect(first.entries.map((e) => e.id)).toEqual([changeId(accepted, 1)]);
    expect(first.unresolved).toBe(1);
    expect((await store.load(accepted))?.state.items).toEqual(['kept']);

    now += 61_000;
    const later = await outbox.pending(10);
    expect(later.entries.map((e) => e.id)).toEqual([changeId(accepted, 1)]);
    expect(later.unresolved).toBe(0);
    expect(await outbox.countMarkers()).toBe(1);
  });

  it('(d) a commit slower than half the grace marks again after its insert, in case the relay dropped the marker meanwhile', async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'd_pending', orphanGraceMs: 1000 });
    const changes = db.collection<ChangeDocument<ListState>>('d_lists_changes');
    const id = VersionedStore.newId('list');
    const ticket = await outbox.willCommit('d_lists_changes', changeId(id, 1));
    await outbox.markers.deleteOne({ _id: ticket.marker._id }); // what the relay does to a marker past its grace
    await new Promise((r) => setTimeout(r, 600));
    await changes.insertOne({
      _id: changeId(id, 1),
      aggregateId: id,
      version: 1,
      state: { items: [] },
      records: [],
      committedAt: new Date(),
    });
    await outbox.committed(ticket);
    expect((await outbox.pending(10)).entries.map((e) => e.id)).toEqual([changeId(id, 1)]);

    // A quick commit does not write its marker twice.
    const quick = VersionedStore.newId('list');
    const quickTicket = await outbox.willCommit('d_lists_changes', changeId(quick, 1));
    await outbox.markers.deleteOne({ _id: quickTicket.marker._id });
    await outbox.committed(quickTicket);
    expect(await outbox.markers.findOne({ _id: quickTicket.marker._id })).toBeNull();
  });

  it('(e) marks the unpublished changes of a database written before the markers, once', async () => {
    const changes = db.collection<ChangeDocument<ListState>>('e_lists_changes');
    const legacy = (id: string, version: number, published: boolean): ChangeDocument<ListState> => ({
      _id: changeId(id, version),
      aggregateId: id,
      version,
      state: { items: [] },
      records: [record(id, version)],
      committedAt: new Date(Date.now() - 1000 + version),
      ...(published ? { publishedAt: new Date() } : {}),
    });
    const id = VersionedStore.newId('list');
    // Written by this version: marked, published once its marker is gone (copied data, say).
    const current = { ...legacy(VersionedStore.newId('list'), 1, false), marked: true as const };
    await changes.insertMany([legacy(id, 1, true), legacy(id, 2, false), legacy(id, 3, false), current]);

    const outbox = new ChangeLogOutbox(db, { markers: 'e_pending', backfills: 'e_backfills' });
    new VersionedStore<ListState>(db, 'e_lists', { outbox });
    expect((await outbox.pending(10)).entries).toEqual([]);
    expect(await outbox.backfill()).toBe(2);
    expect((await outbox.pending(10)).entries.map((e) => e.id)).toEqual([changeId(id, 2), changeId(id, 3)]);

    // Recorded: a later start does not scan the change log again.
    await changes.insertOne(legacy(id, 4, false));
    expect(await outbox.backfill()).toBe(0);
    expect(await outbox.countMarkers()).toBe(2);
  });

  it('(f) the read touches the change logs by _id only: bounded by the backlog, not by 20 000 changes', async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'f_pending' });
    const store = new VersionedStore<ListState>(db, 'f_lists', { outbox });
    const changes = db.collection<ChangeDocument<ListState>>('f_lists_changes');
    const history: ChangeDocument<ListState>[] = Array.from({ length: 20_000 }, (_, i) => ({
      _id: changeId(`old_${i % 4000}`, Math.floor(i / 4000) + 1),
      aggregateId: `old_${i % 4000}`,
      version: Math.floor(i / 4000) + 1,
      state: { items: ['x'.repeat(40)] },
      records: [{ topic: 'yp.test.events', key: `old_${i % 4000}`, value: 'v'.repeat(80), headers: {} }],
      committedAt: new Date(Date.now() - 100_000 + i),
      publishedAt: new Date(),
    }));
    for (let i = 0; i < history.length; i += 5000) await changes.insertMany(history.slice(i, i + 5000));
    const fresh = Array.from({ length: 3 }, () => VersionedStore.newId('list'));
    for (const id of fresh) await store.create(id, { state: { items: [] }, records: [record(id, 1)] });

    commands.length = 0;
    recording = true;
    const started = performance.now();
    const batch = await outbox.pending(100);
    const readMs = performance.now() - started;
    await outbox.markPublished(batch.entries);
    recording = false;

    expect(batch.entries.map((e: PendingOutboxEntry) => e.id).sort()).toEqual(fresh.map((id) => changeId(id, 1)).sort());
    const onChangeLog = commands.filter((c) => c.collection === 'f_lists_changes');
    expect(onChangeLog.length).toBeGreaterThan(0);
    for (const c of onChangeLog) {
      // Reads by _id, and publishing sets publishedAt by _id; the markers go in one delete.
      expect(['find', 'update']).toContain(c.name);
      expect(Object.keys(c.filter as object)).toEqual(['_id']);
    }
    expect(commands.filter((c) => c.name === 'delete')).toHaveLength(1);
    expect(commands.filter((c) => ['count', 'aggregate', 'countDocuments'].includes(c.name))).toEqual([]);
    process.stdout.write(`relay read with 20 000 changes in the log: ${readMs.toFixed(0)} ms, ${commands.length} commands\n`);
  });

  it("(g) changes the caller holds already (handed over by their commit) are not read again; the order stays the markers'", async () => {
    const outbox = new ChangeLogOutbox(db, { markers: 'g_pending' });
    const store = new VersionedStore<ListState>(db, 'g_lists', { outbox });
    const held = new Map<string, PendingOutboxEntry>();
    outbox.onCommit((entry) => entry && held.set(markerId(entry.collection, entry.id), entry));
    const ids = [VersionedStore.newId('list'), VersionedStore.newId('list'), VersionedStore.newId('list')];
    for (const id of ids) {
      await store.create(id, { state: { items: [] }, records: [record(id, 1)] });
      await pause();
    }
    // The second one was committed by "another process": this caller does not hold it.
    held.delete(markerId('g_lists_changes', changeId(ids[1], 1)));

    commands.length = 0;
    recording = true;
    const batch = await outbox.pending(10, (marker) => held.get(marker._id));
    recording = false;
    expect(batch.entries.map((e) => e.id)).toEqual(ids.map((id) => changeId(id, 1)));
    expect(batch.entries[0]).toBe(held.get(markerId('g_lists_changes', changeId(ids[0], 1))));
    const reads = commands.filter((c) => c.collection === 'g_lists_changes');
    expect(reads).toEqual([{ name: 'find', collection: 'g_lists_changes', filter: { _id: changeId(ids[1], 1) } }]);
  });
});
