// DatabaseLease (notifications' digests and retention, organisations' validity sweep) on the real
// FerretDB: of several instances asking in the same term exactly one holds it; the next term is free for anyone; a holder notices when its term has passed.
import { randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import { connectTestDatabase } from '@yp/shared-testing';
import { DatabaseLease, type LeaseDocument } from './database-lease';

describe('DatabaseLease on FerretDB', () => {
  let connection: Connection;
  let leases: mongo.Collection<LeaseDocument>;
  const term = 60_000;
  const t0 = Math.floor(Date.now() / term) * term;

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-lease-test-${randomUUID().slice(0, 8)}`);
    leases = connection.db!.collection<LeaseDocument>('leases');
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('one of eight instances asking at once holds the term; asking again keeps it', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => new DatabaseLease(leases, 'digests', `instance-${i}`, term));
    const won = await Promise.all(instances.map((l) => l.acquire(t0 + 10)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = instances[won.indexOf(true)];
    expect(await holder.acquire(t0 + 20)).toBe(true);
    expect(await holder.holds(t0 + 30)).toBe(true);
    expect(await instances[won.indexOf(false)].holds(t0 + 30)).toBe(false);
  });

  it('the next term is free for anyone, and the old holder no longer holds it', async () => {
    const a = new DatabaseLease(leases, 'weekly', 'a', term);
    const b = new DatabaseLease(leases, 'weekly', 'b', term);
    expect(await a.acquire(t0)).toBe(true);
    expect(await b.acquire(t0 + 1)).toBe(false);
    expect(await b.acquire(t0 + term)).toBe(true);
    expect(await a.holds(t0 + term)).toBe(false);
    expect(await a.acquire(t0 + term + 1)).toBe(false);
  });
});
