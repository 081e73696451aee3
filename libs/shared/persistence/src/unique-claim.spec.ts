import { insertManyOnce, insertOnce, UniqueClaims, type ClaimDocument, type ClaimStore } from './unique-claim';

/** A unique-`_id` store like MongoDB's (duplicate key error code 11000), shared by several "instances". */
class MemoryClaimStore<D extends object = object> implements ClaimStore<D> {
  readonly docs = new Map<string, ClaimDocument<D>>();
  insertOne(doc: ClaimDocument<D>): Promise<unknown> {
    if (this.docs.has(doc._id)) return Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    this.docs.set(doc._id, doc);
    return Promise.resolve({ acknowledged: true });
  }
  /** Like MongoDB's unordered insertMany: inserts what it can, then reports the duplicates by index. */
  insertMany(docs: ClaimDocument<D>[]): Promise<unknown> {
    const writeErrors: { index: number; code: number }[] = [];
    docs.forEach((doc, index) => {
      if (this.docs.has(doc._id)) writeErrors.push({ index, code: 11000 });
      else this.docs.set(doc._id, doc);
    });
    if (writeErrors.length > 0) return Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000, writeErrors }));
    return Promise.resolve({ acknowledged: true });
  }
  findOne(filter: { _id: string }): Promise<ClaimDocument<D> | null> {
    return Promise.resolve(this.docs.get(filter._id) ?? null);
  }
  deleteMany(filter: { claimedAt: { $lt: Date } }): Promise<{ deletedCount: number }> {
    const old = [...this.docs.values()].filter((d) => d.claimedAt.getTime() < filter.claimedAt.$lt.getTime());
    for (const d of old) this.docs.delete(d._id);
    return Promise.resolve({ deletedCount: old.length });
  }
}

const t0 = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('insertOnce', () => {
  it('is true for the one insert that happened, false for a duplicate, and passes on other errors', async () => {
    const store = new MemoryClaimStore();
    const doc = { _id: 'a', holder: 'x', claimedAt: t0 };
    expect(await insertOnce(store, doc)).toBe(true);
    expect(await insertOnce(store, doc)).toBe(false);
    await expect(insertOnce({ insertOne: () => Promise.reject(new Error('connection reset')) }, doc)).rejects.toThrow('connection reset');
  });
});

describe('insertManyOnce', () => {
  it('says per document whether this call inserted it (duplicates, also within the call, are false) and passes on other errors', async () => {
    const store = new MemoryClaimStore();
    await insertOnce(store, { _id: 'b', holder: 'x', claimedAt: t0 });
    const docs = ['a', 'b', 'c', 'a'].map((_id) => ({ _id, holder: 'y', claimedAt: t0 }));
    expect(await insertManyOnce(store, docs)).toEqual([true, false, true, false]);
    expect(store.docs.get('b')?.holder).toBe('x');
    expect(await insertManyOnce(store, [])).toEqual([]);
    await expect(insertManyOnce({ insertMany: () => Promise.reject(new Error('connection reset')) }, docs)).rejects.toThrow(
      'connection reset',
    );
  });
});

describe('UniqueClaims without a lease', () => {
  it('claims many keys in one write: of instances claiming overlapping keys at once, each key goes to exactly one', async () => {
    const store = new MemoryClaimStore();
    const instances = Array.from({ length: 4 }, (_, i) => new UniqueClaims(store, { holder: `instance-${i}` }));
    const keys = Array.from({ length: 20 }, (_, i) => `d${i}:1`);
    // Each instance claims an overlapping half of the keys, all at once.
    const won = await Promise.all(instances.map((c, i) => c.claimMany(keys.slice(i * 3, i * 3 + 10), t0)));
    const winners = won.flatMap((set) => [...set]);
    expect(new Set(winners).size).toBe(winners.length);
    expect(new Set(winners)).toEqual(new Set(keys.slice(0, 19)));
    for (const [i, set] of won.entries()) for (const key of set) expect(store.docs.get(key)?.holder).toBe(`instance-${i}`);
    // A key claimed before is not won again, by anyone.
    expect(await instances[0].claimMany(['d0:1', 'd19:1'], later(1))).toEqual(new Set(['d19:1']));
  });

  it('claims many keys one at a time on a store without insertMany, with the same answer', async () => {
    const store = new MemoryClaimStore();
    const single: ClaimStore = {
      insertOne: (d) => store.insertOne(d),
      findOne: (f) => store.findOne(f),
      deleteMany: (f) => store.deleteMany(f),
    };
    await new UniqueClaims(store, { holder: 'a' }).claim('k1', { now: t0 });
    expect(await new UniqueClaims(single, { holder: 'b' }).claimMany(['k1', 'k2'], t0)).toEqual(new Set(['k2']));
  });

  it('refuses claimMany with a lease (generations are claimed one by one)', async () => {
    await expect(new UniqueClaims(new MemoryClaimStore(), { holder: 'a', leaseMs: 1000 }).claimMany(['k'])).rejects.toThrow(
      'without a lease',
    );
  });

  it('lets exactly one of many instances claim a key, for good', async () => {
    const store = new MemoryClaimStore();
    const instances = Array.from({ length: 8 }, (_, i) => new UniqueClaims(store, { holder: `instance-${i}` }));
    const won = await Promise.all(instances.map((c) => c.claim('d1:1', { now: t0 })));
    expect(won.filter((c) => c !== undefined)).toEqual(['d1:1']);
    // However much later: a claim without a lease is never taken over; the next attempt is a new key.
    expect(await instances[0].claim('d1:1', { now: later(365 * 86_400_000) })).toBeUndefined();
    expect(await instances[0].claim('d1:2', { now: later(1) })).toBe('d1:2');
    const claim = await instances[0].get('d1:1');
    expect(claim).toEqual({ _id: 'd1:1', holder: expect.stringMatching(/^instance-\d$/) as unknown, claimedAt: t0 });
  });

  it('purges claims taken before a cutoff', async () => {
    const store = new MemoryClaimStore();
    const claims = new UniqueClaims(store, { holder: 'a' });
    await claims.claim('old', { now: t0 });
    await claims.claim('new', { now: later(10_000) });
    expect(await claims.purgeClaimedBefore(later(5_000))).toBe(1);
    expect([...store.docs.keys()]).toEqual(['new']);
  });
});

describe('UniqueClaims with a lease', () => {
  const leaseMs = 60_000;
  const withLease = (store: ClaimStore<{ attempt: number }>, holder: string) => new UniqueClaims(store, { holder, leaseMs });

  it('lets exactly one of many instances claim a key, and keeps the caller’s details', async () => {
    const store = new MemoryClaimStore<{ attempt: number }>();
    const instances = Array.from({ length: 8 }, (_, i) => withLease(store, `instance-${i}`));
    const won = await Promise.all(instances.map((c) => c.claim('d1:1', { now: t0, details: { attempt: 1 } })));
    expect(won.filter((c) => c !== undefined)).toEqual(['d1:1:1']);
    expect(store.docs.get('d1:1:1')).toMatchObject({ attempt: 1, generation: 1, claimedAt: t0, leaseUntil: later(leaseMs) });
  });

  it('a live claim is respected, however often others ask', async () => {
    const store = new MemoryClaimStore<{ attempt: number }>();
    await withLease(store, 'a').claim('d1', { now: t0 });
    const other = withLease(store, 'b');
    expect(await other.claim('d1', { now: later(leaseMs - 1) })).toBeUndefined();
    expect(await other.claim('d1', { now: later(leaseMs - 1) })).toBeUndefined();
    expect(store.docs.size).toBe(1);
  });

  it('after a holder died, one instance takes over once the lease has expired', async () => {
    const store = new MemoryClaimStore<{ attempt: number }>();
    await withLease(store, 'dead').claim('d1', { now: t0 });
    const survivors = [withLease(store, 'b'), withLease(store, 'c')];
    const takeovers = await Promise.all(survivors.map((c) => c.claim('d1', { now: later(leaseMs + 1) })));
    expect(takeovers.filter((c) => c !== undefined)).toEqual(['d1:2']);
    expect(store.docs.get('d1:2')?.holder).toMatch(/^[bc]$/);
    // The new holder's lease is fresh: nobody takes it from them in the meantime.
    expect(await survivors[0].claim('d1', { now: later(leaseMs + 2) })).toBeUndefined();
    // And when it dies too, the chain goes on.
    expect(await survivors[0].claim('d1', { now: later(2 * leaseMs + 2) })).toBe('d1:3');
  });

  it('a key abandoned in every generation is exhausted', async () => {
    const store = new MemoryClaimStore();
    const claims = new UniqueClaims(store, { holder: 'a', leaseMs, maxGenerations: 3 });
    expect(await claims.exhausted('d1', t0)).toBe(false);
    for (let g = 0; g < 3; g++) expect(await claims.claim('d1', { now: later(g * (leaseMs + 1)) })).toBe(`d1:${g + 1}`);
    // The last generation is still leased: not yet exhausted, and nobody else may claim.
    expect(await claims.exhausted('d1', later(2 * (leaseMs + 1) + 1))).toBe(false);
    expect(await claims.claim('d1', { now: later(3 * (leaseMs + 1)) })).toBeUndefined();
    expect(await claims.exhausted('d1', later(3 * (leaseMs + 1)))).toBe(true);
  });

  it('passes on database errors other than a duplicate', async () => {
    const broken: ClaimStore = {
      insertOne: () => Promise.reject(new Error('connection reset')),
      findOne: () => Promise.resolve(null),
      deleteMany: () => Promise.resolve({ deletedCount: 0 }),
    };
    await expect(new UniqueClaims(broken, { holder: 'a', leaseMs }).claim('d1', { now: t0 })).rejects.toThrow('connection reset');
    await expect(new UniqueClaims(broken, { holder: 'a' }).claim('d1', { now: t0 })).rejects.toThrow('connection reset');
  });
});
