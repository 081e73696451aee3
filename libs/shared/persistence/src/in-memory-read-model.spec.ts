// The read model's query logic on a store double (no I/O): filtered pages in id order after a
// cursor (the sorted id lists' intersection), search, the change feed with tombstones and live
// filters, and how commits keep it current (checked against a plain filter over every state too).
import { InMemoryReadModel, intersect, type ReadModelDefinition } from './in-memory-read-model';
import type { VersionedStore, VersionListener } from './versioned-store';

interface Thing {
  kind: string;
  status: string;
  tags: string[];
  text: string;
  updatedAt: string;
  deletedAt?: string;
}

type Field = 'kind' | 'tag' | 'status';

const DEFINITION: ReadModelDefinition<Thing, Field> = {
  fields: { kind: (s) => s.kind, tag: (s) => s.tags, status: (s) => s.status },
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

const thing = (at: string, extra: Partial<Thing> = {}): Thing => ({
  kind: 'a',
  status: 'active',
  tags: [],
  text: '',
  updatedAt: at,
  ...extra,
});
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

  it('moves a state between the id lists of a filter as its value changes (archived and back), and drops a deleted one', async () => {
    const { model, commit } = await built();
    const status = (value: string, after?: string) => ids(model.page({ where: { status: value } }, after, 10));
    expect(status('active')).toEqual(['id_01', 'id_02', 'id_03', 'id_05']);
    commit('id_02', 2, thing(T(20), { tags: ['y'], status: 'archived' }));
    commit('id_05', 2, thing(T(21), { kind: 'c', status: 'archived' }));
    expect(status('active')).toEqual(['id_01', 'id_03']);
    expect(status('archived')).toEqual(['id_02', 'id_05']);
    expect(ids(model.page({ where: { status: 'archived', tag: 'y' } }, undefined, 10))).toEqual(['id_02']);
    commit('id_02', 3, thing(T(22), { tags: ['y'], status: 'active' }));
    expect(status('active')).toEqual(['id_01', 'id_02', 'id_03']);
    expect(status('archived')).toEqual(['id_05']);
    commit('id_05', 3, thing(T(23), { kind: 'c', status: 'archived', deletedAt: T(23) })); // a tombstone
    expect(status('archived')).toEqual([]);
    commit('id_03', 2, null); // gone
    expect(status('active')).toEqual(['id_01', 'id_02']);
    expect(ids(model.page({ where: { status: 'active', tag: 'y' } }, undefined, 10))).toEqual(['id_02']);
  });

  it('starts a filtered page strictly after the cursor, wherever the cursor falls', async () => {
    const { model } = await built();
    const tagX = (after: string | undefined, limit = 10) => ids(model.page({ where: { tag: 'x', status: 'active' } }, after, limit));
    expect(tagX(undefined)).toEqual(['id_01', 'id_03']);
    expect(tagX('id_00')).toEqual(['id_01', 'id_03']); // before the first id
    expect(tagX('id_01')).toEqual(['id_03']); // on an id of the list
    expect(tagX('id_02')).toEqual(['id_03']); // on an id that is not in it
    expect(tagX('id_03')).toEqual([]); // on the last one
    expect(tagX('id_99')).toEqual([]); // past it
    expect(tagX(undefined, 1)).toEqual(['id_01']);
    expect(tagX('id_01', 1)).toEqual(['id_03']);
  });

  it('intersects sorted id lists after a cursor, shortest first or not', () => {
    const all = (lists: string[][], after?: string) => [...intersect(lists, after)];
    const a = ['b', 'c', 'e', 'g', 'h', 'k', 'm'];
    const b = ['a', 'c', 'd', 'g', 'k', 'l', 'm', 'z'];
    const c = ['c', 'k', 'm', 'n'];
    expect(all([a])).toEqual(a);
    expect(all([a], 'e')).toEqual(['g', 'h', 'k', 'm']);
    expect(all([a, b])).toEqual(['c', 'g', 'k', 'm']);
    expect(all([b, a])).toEqual(['c', 'g', 'k', 'm']);
    expect(all([c, a, b])).toEqual(['c', 'k', 'm']);
    expect(all([c, a, b], 'c')).toEqual(['k', 'm']);
    expect(all([c, a, b], 'ka')).toEqual(['m']);
    expect(all([c, a, b], 'm')).toEqual([]);
    expect(all([a, []])).toEqual([]);
    expect(all([[], a])).toEqual([]);
    expect(all([['x'], a])).toEqual([]);
    // A long list with a sparse intersection: every match, once, in order.
    const long = Array.from({ length: 5000 }, (_, i) => `id_${String(i).padStart(5, '0')}`);
    const sparse = long.filter((_, i) => i % 997 === 3);
    expect(all([sparse, long])).toEqual(sparse);
    expect(all([long, sparse], sparse[1])).toEqual(sparse.slice(2));
  });

  it('answers every page as a plain filter over all states would, through commits, archiving and deletions', async () => {
    // A seeded generator (mulberry32): the same sequence on every run.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const KINDS = ['a', 'b', 'c', 'd'];
    const TAGS = ['x', 'y', 'z', 'w'];
    const STATUSES = ['active', 'archived'];
    const idOf = (n: number) => `id_${String(n).padStart(4, '0')}`;
    const randomThing = (at: number): Thing =>
      thing(T(at % 60), {
        kind: pick(KINDS),
        status: pick(STATUSES),
        tags: TAGS.filter(() => random() < 0.4),
        text: `name ${pick(['alpha', 'beta', 'gamma'])}`,
        ...(random() < 0.1 ? { deletedAt: T(at % 60) } : {}),
      });
    const double = storeDouble(Array.from({ length: 300 }, (_, n) => ({ _id: idOf(n), version: 1, state: randomThing(n) })));
    const model = new InMemoryReadModel(double.store, DEFINITION);
    await model.build();
    const held = new Map<string, { version: number; state: Thing }>();
    for (let n = 0; n < 300; n++) held.set(idOf(n), { version: 1, state: model.get(idOf(n))?.state as Thing });

    const expected = (where: Partial<Record<Field, string>>, text: string | undefined, after: string | undefined, limit: number) =>
      [...held]
        .filter(([id, { state }]) => {
          if (state.deletedAt !== undefined || (after !== undefined && id <= after)) return false;
          if (where.kind !== undefined && state.kind !== where.kind) return false;
          if (where.status !== undefined && state.status !== where.status) return false;
          if (where.tag !== undefined && !state.tags.includes(where.tag)) return false;
          return text === undefined || state.text.includes(text);
        })
        .map(([id]) => id)
        .sort()
        .slice(0, limit);

    for (let step = 0; step < 400; step++) {
      // A commit: a new state, a change (often of the status alone), a tombstone or gone.
      const n = Math.floor(random() * 340);
      const id = idOf(n);
      const version = (held.get(id)?.version ?? 0) + 1;
      const roll = random();
      const current = held.get(id)?.state;
      const state =
        roll < 0.1
          ? null
          : current && roll < 0.5
            ? { ...current, status: current.status === 'active' ? 'archived' : 'active' }
            : randomThing(step);
      double.commit(id, version, state);
      if (state === null) held.delete(id);
      else held.set(id, { version, state });

      // A query: up to three filters, perhaps a text, a cursor anywhere (on an id or between two).
      const where: Partial<Record<Field, string>> = {};
      if (random() < 0.6) where.kind = pick(KINDS);
      if (random() < 0.6) where.status = pick(STATUSES);
      if (random() < 0.6) where.tag = pick(TAGS);
      const text = random() < 0.2 ? pick(['alpha', 'gam', 'zeta']) : undefined;
      const after = random() < 0.7 ? `${idOf(Math.floor(random() * 340))}${random() < 0.3 ? '5' : ''}` : undefined;
      const limit = 1 + Math.floor(random() * 30);
      expect(ids(model.page({ where, text }, after, limit))).toEqual(expected(where, text, after, limit));
    }
  });
});
