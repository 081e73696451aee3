// The email queue on the real FerretDB and the real SMTP server (ADR 011): deliveries queued in
// memory and sent at once, each exactly once, with the markers in `delivery_queue` as the journal:
// a second instance takes over what a stopped one queued, two instances rebuilding the same backlog
// send each email once, an attempt interrupted between send and record is retried only after the
// claim timeout, and mail queued while the SMTP server is away goes out after a restart.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Connection } from 'mongoose';
import { organisationRegisteredV1, type EventEnvelope, type OrganisationRegisteredV1 } from '@yp/contracts-events';
import { Mailbox, connectTestDatabase, eventually, testEndpoints, type ReceivedMail } from '@yp/shared-testing';
import { AddressHoldRepository } from '@notifications/holds/address-hold.repository';
import { NotificationsConfig } from '@notifications/notifications-config';
import { EmailLinkBuilder } from '@notifications/preferences/email-links';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';
import { DeliveryWorker } from './delivery-worker';
import { deliveryId, DeliveryRepository, type Delivery, type QueueMarker } from './delivery.repository';
import { Mailer } from './mailer';

const stamp = Date.now().toString(36);
const mailbox = new Mailbox();

/** One notifications instance's queue: its repository (its own claim holder), mailer and worker. */
interface Instance {
  readonly deliveries: DeliveryRepository;
  readonly worker: DeliveryWorker;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function instance(connection: Connection, overrides: Partial<NotificationsConfig> = {}): Instance {
  const smtp = testEndpoints().smtp;
  const config = Object.assign(new NotificationsConfig(), {
    NOTIFICATIONS_LINK_SECRET: 'int-spec-link-secret-int-spec-link-secret',
    SMTP_HOST: smtp.host,
    SMTP_PORT: smtp.port,
    MAIL_RETRY_BASE_MS: 200,
    MAIL_QUEUE_SWEEP_MS: 200,
    MAIL_QUEUE_TAKEOVER_MS: 800,
    ...overrides,
  });
  const deliveries = new DeliveryRepository(connection);
  const mailer = new Mailer(config);
  const worker = new DeliveryWorker(
    deliveries,
    new RecipientRepository(connection),
    new AddressHoldRepository(connection),
    new EmailLinkBuilder(config),
    mailer,
    config,
  );
  return {
    deliveries,
    worker,
    start: () => worker.onApplicationBootstrap(),
    stop: async () => {
      await worker.onModuleDestroy();
      mailer.onModuleDestroy();
    },
  };
}

describe('the email queue on FerretDB and SMTP', () => {
  let connection: Connection;
  const running: Instance[] = [];
  const started = async (overrides: Partial<NotificationsConfig> = {}) => {
    const i = instance(connection, overrides);
    running.push(i);
    await i.start();
    return i;
  };

  const people = (tag: string, n: number) =>
    Array.from({ length: n }, (_, k) => ({ personId: `p-${tag}-${k}-${stamp}`, email: `${tag}.${k}.${stamp}@kunta.example.fi` }));

  const addRecipients = async (list: readonly { personId: string; email: string }[]) => {
    await connection.db!.collection('recipients').insertMany(
      list.map((p) => ({
        _id: p.personId,
        name: `Yhdyshenkilö ${p.personId}`,
        email: p.email,
        language: 'fi',
        updatedAt: new Date(),
      })) as never[],
    );
  };

  /** Queues an organisation-registered email per event and person through `deliveries` (as the planner does). */
  const queue = async (deliveries: DeliveryRepository, tag: string, events: number, to: readonly { personId: string }[]) => {
    const ids: string[] = [];
    for (let e = 0; e < events; e++) {
      const fixture = organisationRegisteredV1.fixture;
      const event: EventEnvelope<OrganisationRegisteredV1> = {
        ...fixture,
        id: randomUUID(),
        data: { ...fixture.data, name: { ...fixture.data.name, fi: `Jonoyhdistys ${tag} ${e} ${stamp}` } },
      };
      for (const { personId } of to) {
        const id = deliveryId(event.id, personId, 'organisation-registered');
        await deliveries.enqueue({
          _id: id,
          kind: 'email',
          eventId: event.id,
          eventType: event.type,
          template: 'organisation-registered',
          category: 'register',
          personId,
          event,
        });
        ids.push(id);
      }
    }
    return ids;
  };

  const mailsTo = async (list: readonly { email: string }[]): Promise<ReceivedMail[]> => {
    const addresses = new Set(list.map((p) => p.email.toLowerCase()));
    return (await mailbox.all()).filter((m) => m.to.some((t) => addresses.has(t.address.toLowerCase())));
  };
  const deliveriesOf = (ids: readonly string[]) =>
    connection
      .db!.collection<Delivery>('deliveries')
      .find({ _id: { $in: [...ids] } })
      .toArray();
  const markersOf = (ids: readonly string[]) =>
    connection
      .db!.collection<QueueMarker>('delivery_queue')
      .find({ _id: { $in: [...ids] } })
      .toArray();
  const claimsOf = (ids: readonly string[]) =>
    connection
      .db!.collection<{ _id: string; holder: string; claimedAt: Date }>('delivery_claims')
      .find({ _id: { $in: ids.flatMap((id) => [1, 2, 3].map((n) => `${id}:${n}`)) } })
      .toArray();

  /** Every delivery sent and unmarked, and every email at the SMTP server once (by Message-ID). */
  const allSentOnce = async (ids: readonly string[], to: readonly { email: string }[]) => {
    await eventually(async () => {
      const sent = (await deliveriesOf(ids)).filter((d) => d.status === 'sent');
      return sent.length === ids.length && (await mailsTo(to)).length >= ids.length;
    }, `${ids.length} deliveries sent and at the SMTP server`);
    expect(await markersOf(ids)).toEqual([]);
    const mails = await mailsTo(to);
    const messageIds = mails.map((m) => m.headers['message-id']);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messageIds.sort()).toEqual(ids.map((id) => `<${id}@yhteispeli.local>`).sort());
  };

  beforeAll(async () => {
    connection = await connectTestDatabase(`int-email-queue-test-${randomUUID().slice(0, 8)}`);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((i) => i.stop()));
  });

  afterAll(async () => {
    await connection.db?.dropDatabase();
    await connection.close();
  });

  it('sends what it queues at once, each email once, and leaves no marker behind', async () => {
    const to = people('once', 4);
    await addRecipients(to);
    const a = await started();
    const ids = await queue(a.deliveries, 'once', 10, to);
    await allSentOnce(ids, to);
    expect((await deliveriesOf(ids)).every((d) => d.attempts === 1)).toBe(true);
    expect(new Set((await claimsOf(ids)).map((c) => c.holder))).toEqual(new Set([a.deliveries.instance]));
    expect(a.worker.backlog).toEqual({ queued: 0, sending: 0 });
  });

  it('an email ahead of its recipient’s contact record waits for it without counting an attempt', async () => {
    const to = people('late-contact', 1);
    const a = await started();
    const [id] = await queue(a.deliveries, 'late-contact', 1, to);
    // The contact record arrives after the email was queued (it travels on another topic): after
    // the first look the delivery waits in memory again, not in flight.
    await eventually(
      () => Promise.resolve(a.worker.backlog.queued === 1 && a.worker.backlog.sending === 0),
      'a first look at the delivery',
    );
    await addRecipients(to);
    await allSentOnce([id], to);
    const [delivery] = await deliveriesOf([id]);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
    expect(delivery.lastError).toBeUndefined();
  });

  it('a second instance takes over what a stopped one queued, once the takeover time has passed', async () => {
    const to = people('takeover', 2);
    await addRecipients(to);
    const b = await started();
    // The first instance queues and stops before sending (its worker never runs).
    const a = instance(connection);
    const ids = await queue(a.deliveries, 'takeover', 5, to);
    await allSentOnce(ids, to);
    const claims = await claimsOf(ids);
    expect(claims).toHaveLength(ids.length);
    expect(new Set(claims.map((c) => c.holder))).toEqual(new Set([b.deliveries.instance]));
    // B left them to their owner for the takeover time: each was claimed that long after it was due.
    for (const delivery of await deliveriesOf(ids)) {
      const claim = claims.find((c) => c._id === `${delivery._id}:1`)!;
      expect(claim.claimedAt.getTime() - delivery.createdAt.getTime()).toBeGreaterThanOrEqual(800);
    }
  });

  it('two instances rebuilding the same backlog at start send each email once', async () => {
    const to = people('rebuild', 4);
    await addRecipients(to);
    const ids = await queue(instance(connection).deliveries, 'rebuild', 8, to);
    const [a, b] = await Promise.all([started(), started()]);
    await allSentOnce(ids, to);
    const claims = await claimsOf(ids);
    expect(claims).toHaveLength(ids.length);
    expect(claims.every((c) => [a.deliveries.instance, b.deliveries.instance].includes(c.holder))).toBe(true);
  });

  it('an attempt whose instance stopped between send and record is tried again after the claim timeout, not before', async () => {
    const to = people('interrupted', 1);
    await addRecipients(to);
    const [id] = await queue(instance(connection).deliveries, 'interrupted', 1, to);
    const claimedAt = new Date();
    await connection.db!.collection('delivery_claims').insertOne({ _id: `${id}:1`, holder: 'a stopped instance', claimedAt } as never);
    await started({ MAIL_CLAIM_TIMEOUT_MS: 1500 });
    await allSentOnce([id], to);
    const [delivery] = await deliveriesOf([id]);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: 'attempt interrupted: the sending instance stopped' });
    expect(delivery.sentAt!.getTime() - claimedAt.getTime()).toBeGreaterThanOrEqual(1500);
  });

  it('claims in batches: of two instances claiming the same attempts at once, each attempt goes to exactly one', async () => {
    const [a, b] = [instance(connection).deliveries, instance(connection).deliveries];
    const attempts = Array.from({ length: 40 }, (_, k) => ({ _id: `claim-race-${k}-${stamp}`, attempts: 0 }));
    // Each claims every attempt, in its own order, all at once: each instance's claims go in
    // together (one insertMany), the two instances' writes race.
    const [wonByA, wonByB] = await Promise.all([
      Promise.all(attempts.map((d) => a.claim(d))),
      Promise.all([...attempts].reverse().map((d) => b.claim(d))),
    ]);
    wonByB.reverse();
    expect(attempts.every((_, k) => wonByA[k] !== wonByB[k])).toBe(true);
    const claims = await claimsOf(attempts.map((d) => d._id));
    expect(claims).toHaveLength(attempts.length);
    for (const [k, d] of attempts.entries()) {
      expect(claims.find((c) => c._id === `${d._id}:1`)?.holder).toBe((wonByA[k] ? a : b).instance);
    }
  });

  it('an enqueue repeated after a stop between its two writes marks what is still queued, and nothing already sent', async () => {
    const to = people('repeat', 2);
    await addRecipients(to);
    const a = await started();
    const ids = await queue(a.deliveries, 'repeat', 1, to);
    await allSentOnce(ids, to);
    const sent = await deliveriesOf(ids);
    // The process stopped after the deliveries' insert, before the markers': a delivery queued without its marker.
    const [stranded] = await queue(instance(connection).deliveries, 'repeat-stranded', 1, to.slice(0, 1));
    await connection.db!.collection<QueueMarker>('delivery_queue').deleteOne({ _id: stranded });
    const [strandedDelivery] = await deliveriesOf([stranded]);
    expect(strandedDelivery.status).toBe('queued');
    // The event comes again (Kafka redelivers it): the same deliveries are enqueued once more.
    const again = await a.deliveries.enqueueMany(
      [...sent, strandedDelivery].map(({ _id, kind, eventId, eventType, template, category, personId, event }) => ({
        _id,
        kind,
        eventId,
        eventType,
        template,
        category,
        personId,
        event,
      })),
    );
    expect(again).toEqual([false, false, false]);
    expect((await markersOf([...ids, stranded])).map((m) => m._id)).toEqual([stranded]);
    // The marker is the journal: the sweep takes the stranded delivery over and sends it, once.
    await allSentOnce([...ids, stranded], to);
  });

  it('queues mail while the SMTP server is away, with the retry in its marker; after a restart with the server back, sends it once', async () => {
    const to = people('outage', 2);
    await addRecipients(to);
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const down = await started({ SMTP_PORT: closedPort });
    const ids = await queue(down.deliveries, 'outage', 2, to);
    await eventually(async () => {
      const [deliveries, markers] = [await deliveriesOf(ids), await markersOf(ids)];
      return (
        deliveries.every((d) => d.status === 'queued' && d.attempts >= 1 && d.lastError) &&
        markers.length === ids.length &&
        markers.every((m) => m.attempts >= 1 && m.dueAt.getTime() > m.at.getTime())
      );
    }, 'every delivery retrying, its marker following');
    expect(await mailsTo(to)).toEqual([]);
    await Promise.all(running.splice(0).map((i) => i.stop()));

    await started();
    await allSentOnce(ids, to);
    expect((await deliveriesOf(ids)).every((d) => d.attempts >= 2)).toBe(true);
  });
});
