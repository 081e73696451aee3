// UniqueClaims on the real FerretDB (no transactions, read-then-write updates): of eight instances
// claiming the same key at the same moment exactly one wins, with or without a lease; once a leased
// claim has expired exactly one of the survivors takes it over.
import { randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import { connectTestDatabase } from '@yp/shared-testing';
import { UniqueClaims, type ClaimDocument } from './unique-claim';

describe('UniqueClaims on FerretDB', () => {
  let connection: Connection;
  let collection: mongo.Collection<ClaimDocument<{ attempt: number }>>;
  const leaseMs = 60_000;
  const t0 = new Date();
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-unique-claim-test-${randomUUID().slice(0, 8)}`);
    collection = connection.db!.collection<ClaimDocument<{ attempt: number }>>('claims');
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('one of eight instances claiming a key at once wins it, for good without a lease', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => new UniqueClaims(collection, { holder: `instance-${i}` }));
    const won = await Promise.all(instances.map((c) => c.claim('delivery-1:1', { now: t0, details: { attempt: 1 } })));
    expect(won.filter((id) => id !== undefined)).toEqual(['delivery-1:1']);
    const stored = await collection.find({ _id: { $regex: '^delivery-1:' } }).toArray();
    expect(stored).toEqual([{ _id: 'delivery-1:1', attempt: 1, holder: instances[won.indexOf('delivery-1:1')].holder, claimedAt: t0 }]);
    expect(await instances[0].claim('delivery-1:1', { now: later(10 * leaseMs) })).toBeUndefined();
  });

  it('with a lease: one wins; after the lease expired one of the survivors takes over, as generation 2', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => new UniqueClaims(collection, { holder: `instance-${i}`, leaseMs }));
    const first = await Promise.all(instances.map((c) => c.claim('delivery-2:1', { now: t0 })));
    expect(first.filter((id) => id !== undefined)).toEqual(['delivery-2:1:1']);
    const dead = first.indexOf('delivery-2:1:1');
    const survivors = instances.filter((_, i) => i !== dead);
    // Still leased: nobody takes it.
    expect((await Promise.all(survivors.map((c) => c.claim('delivery-2:1', { now: later(leaseMs - 1000) })))).filter(Boolean)).toEqual([]);
    const takeovers = await Promise.all(survivors.map((c) => c.claim('delivery-2:1', { now: later(leaseMs + 1) })));
    expect(takeovers.filter((id) => id !== undefined)).toEqual(['delivery-2:1:2']);
    expect((await collection.findOne({ _id: 'delivery-2:1:2' }))?.holder).toBe(survivors[takeovers.indexOf('delivery-2:1:2')].holder);
  });

  it('purges claims taken before a cutoff and nothing else', async () => {
    const claims = new UniqueClaims(collection, { holder: 'a' });
    await claims.claim('old', { now: new Date(t0.getTime() - 8 * 86_400_000) });
    await claims.claim('recent', { now: t0 });
    expect(await claims.purgeClaimedBefore(new Date(t0.getTime() - 7 * 86_400_000))).toBe(1);
    expect(await claims.get('old')).toBeNull();
    expect(await claims.get('recent')).not.toBeNull();
  });
});
