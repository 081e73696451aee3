import { DeliveryClaims, type ClaimDocument, type ClaimStore } from './delivery-claims';

/** A unique-`_id` store like MongoDB's (duplicate key error code 11000), shared by several "instances". */
class MemoryClaimStore implements ClaimStore {
  readonly docs = new Map<string, ClaimDocument>();
  insertOne(doc: ClaimDocument): Promise<unknown> {
    if (this.docs.has(doc._id)) return Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    this.docs.set(doc._id, doc);
    return Promise.resolve({ acknowledged: true });
  }
  findOne(filter: { _id: string }): Promise<ClaimDocument | null> {
    return Promise.resolve(this.docs.get(filter._id) ?? null);
  }
}

describe('delivery claims', () => {
  const lease = 60_000;
  const t0 = new Date('2026-11-23T10:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('lets exactly one of many instances make an attempt', async () => {
    const store = new MemoryClaimStore();
    const instances = Array.from({ length: 8 }, (_, i) => new DeliveryClaims(store, `instance-${i}`, lease));
    const claims = await Promise.all(instances.map((c) => c.claim('d1', 1, t0)));
    expect(claims.filter((c) => c !== undefined)).toEqual(['d1:1:1']);
  });

  it('each attempt is its own claim', async () => {
    const claims = new DeliveryClaims(new MemoryClaimStore(), 'a', lease);
    expect(await claims.claim('d1', 1, t0)).toBe('d1:1:1');
    expect(await claims.claim('d1', 2, later(1000))).toBe('d1:2:1');
    expect(await claims.claim('d2', 1, t0)).toBe('d2:1:1');
  });

  it('a live claim is respected, however often others ask', async () => {
    const store = new MemoryClaimStore();
    await new DeliveryClaims(store, 'a', lease).claim('d1', 1, t0);
    const other = new DeliveryClaims(store, 'b', lease);
    expect(await other.claim('d1', 1, later(lease - 1))).toBeUndefined();
    expect(await other.claim('d1', 1, later(lease - 1))).toBeUndefined();
    expect(store.docs.size).toBe(1);
  });

  it('after a holder died, one instance takes over once the lease has expired', async () => {
    const store = new MemoryClaimStore();
    await new DeliveryClaims(store, 'dead', lease).claim('d1', 1, t0);
    const survivors = [new DeliveryClaims(store, 'b', lease), new DeliveryClaims(store, 'c', lease)];
    const takeovers = await Promise.all(survivors.map((c) => c.claim('d1', 1, later(lease + 1))));
    expect(takeovers.filter((c) => c !== undefined)).toEqual(['d1:1:2']);
    expect(store.docs.get('d1:1:2')?.holder).toMatch(/^[bc]$/);
    // The new holder's lease is fresh: nobody takes it from them in the meantime.
    expect(await survivors[0].claim('d1', 1, later(lease + 2))).toBeUndefined();
    // And when it dies too, the chain goes on.
    expect(await survivors[0].claim('d1', 1, later(2 * lease + 2))).toBe('d1:1:3');
  });

  it('an attempt abandoned in every generation is exhausted (the dispatcher then fails it)', async () => {
    const store = new MemoryClaimStore();
    const claims = new DeliveryClaims(store, 'a', lease);
    expect(await claims.exhausted('d1', 1, t0)).toBe(false);
    for (let g = 0; g < 20; g++) expect(await claims.claim('d1', 1, later(g * (lease + 1)))).toBe(`d1:1:${g + 1}`);
    // The last generation is still leased: not yet exhausted, and nobody else may claim.
    expect(await claims.exhausted('d1', 1, later(19 * (lease + 1) + 1))).toBe(false);
    expect(await claims.claim('d1', 1, later(20 * (lease + 1)))).toBeUndefined();
    expect(await claims.exhausted('d1', 1, later(20 * (lease + 1)))).toBe(true);
  });

  it('passes on database errors other than a duplicate', async () => {
    const broken: ClaimStore = { insertOne: () => Promise.reject(new Error('connection reset')), findOne: () => Promise.resolve(null) };
    await expect(new DeliveryClaims(broken, 'a', lease).claim('d1', 1, t0)).rejects.toThrow('connection reset');
  });
});
