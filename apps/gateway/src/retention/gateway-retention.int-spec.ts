// The gateway's retention on the real FerretDB: ended sessions a week past expiry go with their
// change log (so the store cannot heal them back), old audit events go, everything else stays.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { VersionedStore } from '@yp/shared-persistence';
import { connectTestDatabase } from '@yp/shared-testing';
import type { GatewayConfig } from '@gateway/config/gateway-config';
import { GatewayRetention } from './gateway-retention';

describe('GatewayRetention on FerretDB', () => {
  let connection: Connection;
  const config = { AUDIT_RETENTION_DAYS: 400 } as GatewayConfig;
  const now = new Date('2026-11-23T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-gateway-retention-test-${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('deletes sessions a week past expiry (state and change log) and audit events past retention, once per hour', async () => {
    const db = connection.db!;
    const store = new VersionedStore<{ userId: string; expiresAt: Date }>(db, 'sessions');
    await store.create('ses_old', { state: { userId: 'usr_1', expiresAt: daysAgo(8) }, records: [] });
    await store.create('ses_recent', { state: { userId: 'usr_1', expiresAt: daysAgo(2) }, records: [] });
    await store.create('ses_open', { state: { userId: 'usr_2', expiresAt: daysAgo(-20) }, records: [] });
    await db.collection('audit_events').insertMany([
      { _id: 'a-old', at: daysAgo(401) },
      { _id: 'a-recent', at: daysAgo(399) },
    ] as never[]);

    const results = await Promise.all([
      new GatewayRetention(connection, config).runOnce(now),
      new GatewayRetention(connection, config).runOnce(now),
    ]);
    expect(results.filter((r) => r !== undefined)).toEqual([{ sessions: 1, auditEvents: 1 }]);
    expect(await store.load('ses_old')).toBeUndefined();
    expect(await db.collection('sessions_changes').countDocuments({ aggregateId: 'ses_old' })).toBe(0);
    expect((await store.load('ses_recent'))?.state.userId).toBe('usr_1');
    expect((await store.load('ses_open'))?.state.userId).toBe('usr_2');
    expect((await db.collection('audit_events').find({}).toArray()).map((d) => d._id)).toEqual(['a-recent']);
  });
});
