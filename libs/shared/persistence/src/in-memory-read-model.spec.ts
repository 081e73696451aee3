// The read model's query logic on a store double (no I/O): filtered pages in id order after a
// cursor, search, the change feed with tombstones and live filters, and how commits keep it current.
import { InMemoryReadModel, type ReadModelDefinition } from './in-memory-read-model';
import type { VersionedStore, VersionListener } from './versioned-store';

interface Thing {
  kind: string;
  tags: string[];
  text: string;
  updatedAt: string;
  deletedAt?: string;
}

type Field = 'kind' | 'tag';

const DEFINITION: ReadModelDefinition<Thing, Field> = {
  fields: { kind: (s) => s.kind, tag: (s) => s.tags },
  text: (s) => s.text,
  changedAt: (s) => s.updatedAt,
  deleted: (s) => s.deletedAt !== undefined,
};

interface Stored {
  _id: string;
  version: number;
  state: Thing | null;
}

/** The parts of a VersionedStore the model uses: its states and change log read once, `load`, `onVersion`. */
function storeDouble(states: Stored[], changes: { aggregateId: string; version: number }[] = []) {
  const listeners = new Set<VersionListener<Thing>>();
  const latest = new Map(states.map((s) => [s._id, s]));
  const store = {
    name: 'things',
    states: { find: () => states.filter((s) => s.state !== null) },
    changes: { find: () => changes },
    onVersion: (listener: VersionListener<Thing>) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load: (id: string) => {
      const found = latest.get(id);
      if (found) for (const listener of listeners) listener(id, found.version, found.state);
      return Promise.resolve(found?.state ? { id, version: found.version, state: found.state } : undefined);
    },
  };
  return {
    store: store as unknown as VersionedStore<Thing>,
    /** A commit of this process (the store tells its listeners) or, with `silently`, of another one. */
    commit: (id: string, version: number, state: Thing | null, silently = false) => {
      latest.set(id, { _id: id, version, state });
      if (!silently) for (const listener of listeners) listener(id, version, state);
    },
  };
}

const thing = (at: string, extra: Partial<Thing> = {}): Thing => ({ kind: 'a', tags: [], text: '', updatedAt: at, ...extra });
const T = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;
const ids = (found: { id: string }[]) => found.map((f) => f.id);

describe('InMemoryReadModel', () => {
  const states: Stored[] = [
    { _id: 'id_03', version: 1, state: thing(T(3), { kind: 'a', tags: ['x', 'y'], text: 'ahtarin aijat' }) },
    { _id: 'id_01', version: 2, state: thing(T(5), { kind: 'b', tags: ['x'], text: 'oulun seurakunta' }) },
    { _id: 'id_02', version: 1, state: thing(T(1), { kind: 'a', tags: ['y'], text: 'inarin (kyla)' }) },
    { _id: 'id_04', version: 3, state: thing(T(3), { kind: 'a', tags: ['x'], text: 'poistettu', deletedAt: T(3) }) },
    { _id: 'id_05', version: 1, state: thing(T(2), { kind: 'c', tags: [], text: 'kuusamon kerho' }) },
  ];

  async function built(extra: Stored[] = [], changes: { aggregateId: string; version: number }[] = []) {
    const double = storeDouble([...states, ...extra], changes);
    const model = new InMemoryReadModel(double.store, DEFINITION);
    await model.build();
    return { model, ...double };
  }

  it('refuses queries before it is built, and answers after', async () => {
    const model = new InMemoryReadModel(storeDouble(states).store, DEFINITION);
    expect(model.isBuilt).toBe(false);
    expect(() => model.page({}, undefined, 10)).toThrow(/not built/);
    await model.whenBuilt();
    expect(model.isBuilt).toBe(true);
    expect(model.size).toBe(5);
  });

  it('pages live states in id order after a cursor, filtered on scalar and array fields, never a tombstone', async () => {
    const { model } = await built();
    expect(ids(model.page({}, undefined, 10))).toEqual(['id_01', 'id_02', 'id_03', 'id_05']);
    expect(ids(model.page({}, 'id_02', 2))).toEqual(['id_03', 'id_05']);
    expect(ids(model.page({}, 'id_025', 10))).toEqual(['id_03', 'id_05']); // a cursor between ids
    expect(ids(model.page({ where: { tag: 'x' } }, undefined, 10))).toEqual(['id_01', 'id_03']);
    expect(ids(model.page({ where: { tag: 'x', kind: 'a' } }, undefined, 10))).toEqual(['id_03']);
    expect(ids(model.page({ where: { tag: 'y' } }, 'id_02', 10))).toEqual(['id_03']);
    expect(ids(model.page({ where: { kind: 'z' } }, undefined, 10))).toEqual([]);
    expect(ids(model.page({ where: { kind: undefined } }, undefined, 1))).toEqual(['id_01']);
  });

  it('searches the normalised text as a substring, characters taken literally', async () => {
    const { model } = await built();
    expect(ids(model.page({ text: 'ahtari' }, undefined, 10))).toEqual(['id_03']);
    expect(ids(model.page({ text: '(kyla)' }, undefined, 10))).toEqual(['id_02']);
    expect(ids(model.page({ text: '.*' }, undefined, 10))).toEqual([]);
    expect(ids(model.page({ text: 'poistettu' }, undefined, 10))).toEqual([]); // a tombstone
    expect(ids(model.page({ text: 'n', where: { kind: 'a' } }, undefined, 10))).toEqual(['id_02', 'id_03']);
    // Every live state once, in id order, after the cursor, up to the limit (a term matching twice in one text too).
    expect(ids(model.page({ text: 'n' }, undefined, 10))).toEqual(['id_01', 'id_02', 'id_03', 'id_05']);
    expect(ids(model.page({ text: 'n' }, 'id_02', 2))).toEqual(['id_03', 'id_05']);
    expect(ids(model.page({ text: 'n' }, 'id_05', 10))).toEqual([]);
    expect(ids(model.page({ text: 'seurakunta inarin' }, undefined, 10))).toEqual([]); // never across two texts
    expect(ids(model.page({ text: 'seurakunta\u0000inarin' }, undefined, 10))).toEqual([]);
    expect(ids(model.page({ text: '' }, undefined, 10))).toEqual(['id_01', 'id_02', 'id_03', 'id_05']);
  });

  it('searches what was committed since the last search', async () => {
    const { model, commit } = await built();
    expect(ids(model.page({ text: 'uusi' }, undefined, 10))).toEqual([]);
    commit('id_06', 1, thing(T(9), { text: 'uusi yhdistys' }));
    commit('id_03', 2, thing(T(9), { text: 'uusi nimi' }));
    expect(ids(model.page({ text: 'uusi' }, undefined, 10))).toEqual(['id_03', 'id_06']);
    expect(ids(model.page({ text: 'ahtari' }, undefined, 10))).toEqual([]);
    commit('id_06', 2, thing(T(10), { text: 'uusi yhdistys', deletedAt: T(10) }));
    expect(ids(model.page({ text: 'uusi' }, undefined, 10))).toEqual(['id_03']);
  });

  it('gives the change feed in (changedAt, id) order with tombstones, from a time and after a cursor', async () => {
    const { model } = await built();
    expect(ids(model.changes({}, 10))).toEqual(['id_02', 'id_05', 'id_03', 'id_04', 'id_01']);
    expect(ids(model.changes({ since: T(3) }, 10))).toEqual(['id_03', 'id_04', 'id_01']);
    // Two changes of one time: the cursor goes on by id.
    expect(ids(model.changes({ after: { changedAt: T(3), id: 'id_03' } }, 10))).toEqual(['id_04', 'id_01']);
    expect(ids(model.changes({ since: T(4), after: { changedAt: T(1), id: 'id_02' } }, 10))).toEqual(['id_01']);
    expect(ids(model.changes({ since: T(2) }, 2))).toEqual(['id_05', 'id_03']);
    // Live filters: live matches only.
    expect(ids(model.changes({ live: { where: { tag: 'x' } } }, 10))).toEqual(['id_03', 'id_01']);
    expect(ids(model.changes({ live: {} }, 10))).toEqual(['id_02', 'id_05', 'id_03', 'id_01']);
  });

  it('applies a commit of this process at once: new, changed, deleted (tombstone) and gone', async () => {
    const { model, commit } = await built();
    commit('id_00', 1, thing(T(9), { kind: 'b', tags: ['x'], text: 'uusi' }));
    expect(ids(model.page({ where: { kind: 'b' } }, undefined, 10))).toEqual(['id_00', 'id_01']);
    expect(ids(model.changes({ since: T(9) }, 10))).toEqual(['id_00']);

    commit('id_03', 2, thing(T(10), { kind: 'c', tags: ['y'], text: 'ahtarin aijat' }));
    expect(ids(model.page({ where: { tag: 'x' } }, undefined, 10))).toEqual(['id_00', 'id_01']);
    expect(ids(model.page({ where: { kind: 'c' } }, undefined, 10))).toEqual(['id_03', 'id_05']);
    expect(ids(model.changes({ since: T(9) }, 10))).toEqual(['id_00', 'id_03']);

    commit('id_01', 3, thing(T(11), { kind: 'b', tags: ['x'], text: 'oulun seurakunta', deletedAt: T(11) }));
    expect(ids(model.page({ where: { kind: 'b' } }, undefined, 10))).toEqual(['id_00']);
    expect(model.changes({ since: T(11) }, 10).map((e) => [e.id, e.version])).toEqual([['id_01', 3]]);

    commit('id_05', 2, null);
    expect(model.get('id_05')).toBeUndefined();
    expect(ids(model.page({}, undefined, 10))).toEqual(['id_00', 'id_02', 'id_03']);
    expect(ids(model.changes({}, 10))).toEqual(['id_02', 'id_04', 'id_00', 'id_03', 'id_01']);
  });

  it('never replaces a version with an older one, and keeps its own copy of a committed state', async () => {
    const { model, commit } = await built();
    commit('id_02', 1, thing(T(20), { kind: 'z' }));
    expect(model.get('id_02')?.state.kind).toBe('a');
    const state = thing(T(21), { kind: 'q' });
    commit('id_02', 2, state);
    state.kind = 'changed by its handler afterwards';
    expect(ids(model.page({ where: { kind: 'q' } }, undefined, 10))).toEqual(['id_02']);
  });

  it('reaches a commit of another process through refresh(id), which reloads it from the store', async () => {
    const { model, commit } = await built();
    commit('id_05', 2, thing(T(30), { kind: 'b' }), true);
    expect(model.get('id_05')?.version).toBe(1);
    await model.refresh('id_05');
    expect(ids(model.page({ where: { kind: 'b' } }, undefined, 10))).toEqual(['id_01', 'id_05']);
    commit('id_05', 3, null, true);
    await model.refresh('id_05');
    expect(model.get('id_05')).toBeUndefined();
  });

  it('heals after the build a state document behind its change log (reloaded by id)', async () => {
    const { model } = await built([], [{ aggregateId: 'id_03', version: 2 }]);
    await model.healed();
    // The double's load finds version 1 only: the model asked, and kept what the store had.
    expect(model.get('id_03')?.version).toBe(1);
    const double = storeDouble(states, [{ aggregateId: 'id_03', version: 2 }]);
    const healing = new InMemoryReadModel(double.store, DEFINITION);
    double.commit('id_03', 2, thing(T(40), { kind: 'healed' }), true);
    await healing.build(); // answers from the states at once; heals after
    await healing.healed();
    expect(healing.get('id_03')?.version).toBe(2);
    expect(ids(healing.page({ where: { kind: 'healed' } }, undefined, 10))).toEqual(['id_03']);
  });

  it('applies commits made while it builds, whatever the order the build reads them in', async () => {
    const double = storeDouble(states);
    const model = new InMemoryReadModel(double.store, DEFINITION);
    double.commit('id_02', 5, thing(T(50), { kind: 'during' })); // newer than what the build will read
    await model.build();
    expect(model.get('id_02')?.version).toBe(5);
    expect(ids(model.page({ where: { kind: 'during' } }, undefined, 10))).toEqual(['id_02']);
    expect(ids(model.page({ where: { kind: 'a' } }, undefined, 10))).toEqual(['id_03']);
  });
});
