// Retention of the email delivery log on the real FerretDB: only final rows past retention and old
// claims go; queued and digest-pending rows stay whatever their age; one instance per hour does it.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@yp/shared-testing';
import { NotificationsConfig } from '@notifications/notifications-config';
import { DeliveryRetention } from './delivery-retention';
import { DeliveryRepository } from './delivery.repository';

describe('DeliveryRetention on FerretDB', () => {
  let connection: Connection;
  const config = Object.assign(new NotificationsConfig(), { DELIVERY_RETENTION_DAYS: 180 });
  const now = new Date('2026-11-23T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-retention-test-${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('deletes final deliveries past retention and week-old claims, nothing else, once per hour', async () => {
    const db = connection.db!;
    await db.collection('deliveries').insertMany([
      { _id: 'old-sent', status: 'sent', createdAt: daysAgo(200) },
      { _id: 'old-failed', status: 'failed', createdAt: daysAgo(181) },
      { _id: 'old-queued', status: 'queued', createdAt: daysAgo(400) },
      { _id: 'old-pending', status: 'digest-pending', createdAt: daysAgo(400) },
      { _id: 'recent-sent', status: 'sent', createdAt: daysAgo(10) },
    ] as never[]);
    await db.collection('delivery_claims').insertMany([
      { _id: 'old:1', claimedAt: daysAgo(8) },
      { _id: 'recent:1', claimedAt: daysAgo(1) },
    ] as never[]);

    const a = new DeliveryRetention(connection, new DeliveryRepository(connection), config);
    const b = new DeliveryRetention(connection, new DeliveryRepository(connection), config);
    const [first, second] = await Promise.all([a.runOnce(now), b.runOnce(now)]);
    expect([first, second].filter((r) => r !== undefined)).toEqual([{ deliveries: 2, claims: 1 }]);
    expect((await db.collection('deliveries').find({}).toArray()).map((d) => d._id).sort()).toEqual([
      'old-pending',
      'old-queued',
      'recent-sent',
    ]);
    expect((await db.collection('delivery_claims').find({}).toArray()).map((d) => d._id)).toEqual(['recent:1']);
  });
});
