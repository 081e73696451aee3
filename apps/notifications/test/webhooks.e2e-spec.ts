import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { connectTestDatabase, consumersCaughtUp, eventually, Mailbox, TestSystem, type ApiResponse } from '@yp/shared-testing';

/**
 * Webhooks end to end, on the real system (gateway, organisations, notifications, Kafka, FerretDB,
 * the SMTP server): API keys subscribe through the gateway; organisations registered through the
 * gateway travel as events to the notifications service (two instances), which signs and POSTs them to a receiver
 * in this test. The receiver verifies every request with the standardwebhooks library and answers
 * 500 to the first delivery of each webhook-id: each matching event must still be accepted exactly
 * once. Retries are fast (ms) and an endpoint is disabled after 3.6 s of failing, so the test can
 * watch what takes hours in production.
 */

const DISABLE_AFTER_HOURS = 0.001;
const REGISTERED = 'organisations.organisation.registered.v1';
const UPDATED = 'organisations.organisation.updated.v1';

interface Envelope {
  id: string;
  type: string;
  subject: string;
  data: { regions: string[] };
}

/** One request the receiver got, and what it answered. */
interface Received {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly envelope: Envelope;
  readonly answered: number;
  /** The known secrets of this path that verify the request (standardwebhooks `Webhook.verify`). */
  readonly verifiedBy: readonly string[];
}

type Behaviour = 'fail-first' | 'always-fail' | 'always-ok' | 'redirect';

/** A webhook receiver on 127.0.0.1, one behaviour per path. */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string[]>();
  readonly behaviour = new Map<string, Behaviour>();
  private readonly failedOnce = new Set<string>();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  accepted(path: string): Received[] {
    return this.on(path).filter((r) => r.answered >= 200 && r.answered < 300);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const verifiedBy = (this.secrets.get(path) ?? []).filter((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const id = headers['webhook-id'] ?? '';
    let answered: number;
    switch (this.behaviour.get(path) ?? 'always-ok') {
      case 'fail-first':
        answered = this.failedOnce.has(`${path}|${id}`) ? 200 : 500;
        this.failedOnce.add(`${path}|${id}`);
        break;
      case 'always-fail':
        answered = 500;
        break;
      case 'redirect':
        answered = 307;
        res.setHeader('location', '/redirect-target');
        break;
      case 'always-ok':
        answered = 200;
        break;
    }
    let envelope: Envelope;
    try {
      envelope = JSON.parse(body) as Envelope;
    } catch {
      envelope = { id: '', type: '', subject: '', data: { regions: [] } };
    }
    this.received.push({ path, headers, body, envelope, answered, verifiedBy });
    res.statusCode = answered;
    res.end(answered === 500 ? 'temporarily broken' : 'ok');
  }
}

interface Subscription {
  id: string;
  version: number;
  owner: string;
  url: string;
  eventTypes: string[];
  regions: string[];
  active: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  replayId: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let system: TestSystem;
let receiver: Receiver;
let receiverUrl: string;
const key: Record<'la' | 'la2' | 'no', string> = { la: '', la2: '', no: '' };
let coordinatorToken: string;
const orgs = { la: [] as string[], no: '' };
const subs = { flaky: {} as Subscription, redirect: {} as Subscription, down: {} as Subscription };
let t0: string;
const stamp = Date.now().toString(36);
const downContact = `webhooks.down.${stamp}@integraatio.example.fi`;

const as = (token: string, extra: { body?: unknown; headers?: Record<string, string> } = {}) => ({
  ...extra,
  headers: { authorization: `Bearer ${token}`, ...(extra.headers ?? {}) },
});

function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
}

function expectProblem(res: ApiResponse, status: number, code?: string): void {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (code) expect((res.body as { code: string }).code).toBe(code);
}

async function createKey(regions: string[], access: 'read' | 'read-write'): Promise<string> {
  const res = await system.request<{ key: string }>('POST', '/api/v1/api-keys', {
    body: { name: `webhook key ${regions.join('+')} ${access}`, regions, access },
  });
  expectStatus(res, 201);
  return res.body.key;
}

async function register(municipality: string): Promise<string> {
  const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
    body: {
      kind: 'association',
      name: { fi: `Webhook-kyläyhdistys ${municipality} ${stamp} ${Math.random().toString(36).slice(2, 6)}` },
      municipalities: [municipality],
    },
  });
  expectStatus(res, 201);
  return res.body.id;
}

async function subscribe(token: string, path: string, behaviour: Behaviour, extra: Record<string, unknown> = {}): Promise<Subscription> {
  const res = await system.request<Subscription>(
    'POST',
    '/api/v1/webhooks/subscriptions',
    as(token, {
      body: {
        url: `${receiverUrl}${path}`,
        eventTypes: [REGISTERED, UPDATED],
        contactEmail: `webhooks.${stamp}@integraatio.example.fi`,
        ...extra,
      },
    }),
  );
  expectStatus(res, 201);
  receiver.behaviour.set(path, behaviour);
  receiver.secrets.set(path, [res.body.secret ?? '']);
  return res.body;
}

async function log(token: string, subscriptionId: string): Promise<Delivery[]> {
  const res = await system.request<Page<Delivery>>(
    'GET',
    `/api/v1/webhooks/subscriptions/${subscriptionId}/deliveries?limit=200`,
    as(token),
  );
  expectStatus(res, 200);
  return res.body.items;
}

/**
 * The marker that nothing more will reach a subscription's endpoint: every event on the topic is
 * fanned out (call it once the events in question are there: a later one was seen at an endpoint),
 * and none of the subscription's deliveries is pending, so each is final (delivered or failed).
 */
async function settled(token: string, subscriptionId: string): Promise<Delivery[]> {
  await consumersCaughtUp(system);
  return eventually(
    async () => {
      const entries = await log(token, subscriptionId);
      return entries.every((d) => d.status !== 'pending') ? entries : undefined;
    },
    `every delivery of ${subscriptionId} final`,
    30000,
    250,
  );
}

async function countStored(collection: string): Promise<number> {
  const db = await connectTestDatabase(system.databaseName('notifications'));
  try {
    return await db.collection(collection).countDocuments();
  } finally {
    await db.close();
  }
}

/** Waits for a condition on what the receiver has seen (no I/O in the probe). */
const until = <T>(probe: () => T | undefined | false, what: string, timeoutMs: number) =>
  eventually(() => Promise.resolve(probe()), what, timeoutMs, 250);

/** Distinct webhook-ids among the accepted (2xx) requests of a path. */
const acceptedIds = (path: string) => new Set(receiver.accepted(path).map((r) => r.headers['webhook-id']));

beforeAll(async () => {
  receiver = new Receiver();
  receiverUrl = await receiver.start();
  system = await TestSystem.start('webhooks', ['gateway', 'organisations', 'notifications'], {
    notifications: {
      WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOKS_RETRY_BASE_MS: '200',
      WEBHOOKS_RETRY_MAX_MS: '1000',
      WEBHOOKS_DISABLE_AFTER_HOURS: String(DISABLE_AFTER_HOURS),
      WEBHOOKS_TIMEOUT_MS: '3000',
      WEBHOOKS_CLAIM_LEASE_MS: '10000',
    },
    gateway: { API_KEY_EXPIRY_SWEEP_MS: '500' },
  });
  // Two notifications instances, as a scaled-out deployment runs them: both poll the same due
  // deliveries, and every attempt below must still reach the receiver once.
  await system.startReplica('notifications');
  key.la = await createKey(['19'], 'read');
  key.la2 = await createKey(['19'], 'read-write');
  key.no = await createKey(['17'], 'read-write');
  const username = `coordinator.webhooks.${stamp}@example.fi`;
  expectStatus(
    await system.request('POST', '/api/v1/users', {
      body: { username, displayName: 'Koordinaattori', roles: ['coordinator'], regions: ['19'], password: 'a-long-enough-password' },
    }),
    201,
  );
  coordinatorToken = (await system.logIn(username, 'a-long-enough-password')).accessToken;
});

afterAll(async () => {
  await system?.stop();
  await receiver?.stop();
});

describe('webhook subscriptions', () => {
  it('refuses what it must, with a problem, and stores nothing', async () => {
    const before = await countStored('webhook_subscriptions_changes');
    const body = { url: `${receiverUrl}/refused`, eventTypes: [REGISTERED], contactEmail: 'ops@integraatio.example.fi' };
    const post = (token: string | undefined, b: unknown) =>
      system.request('POST', '/api/v1/webhooks/subscriptions', token ? as(token, { body: b }) : { auth: false, body: b });
    expectProblem(await post(key.la, { ...body, regions: ['17'] }), 403, 'WEBHOOK.REGION_FORBIDDEN');
    expectProblem(await post(key.la, { ...body, regions: ['17', '19'] }), 403, 'WEBHOOK.REGION_FORBIDDEN');
    expectProblem(
      await post(key.la, { ...body, eventTypes: ['organisations.organisation.exploded.v1'] }),
      422,
      'REQUEST.VALIDATION_FAILED',
    );
    expectProblem(await post(key.la, { ...body, eventTypes: [] }), 422);
    expectProblem(await post(key.la, { url: body.url, eventTypes: body.eventTypes }), 422);
    expectProblem(await post(key.la, { ...body, url: 'ftp://127.0.0.1/hook' }), 422);
    expectProblem(await post(key.la, { ...body, url: 'https://user:pass@hooks.example.fi/hook' }), 422);
    expectProblem(await post(key.la, { ...body, secret: 'whsec_chosenbyme' }), 422);
    expectProblem(await post(coordinatorToken, body), 403, 'AUTH.FORBIDDEN');
    expectProblem(await post(undefined, body), 401);
    expect(await countStored('webhook_subscriptions_changes')).toBe(before);
  });

  it('subscribes an API key within its region and shows the secret once', async () => {
    const res = await system.request<Subscription>(
      'POST',
      '/api/v1/webhooks/subscriptions',
      as(key.la, {
        body: {
          url: `${receiverUrl}/flaky`,
          eventTypes: [REGISTERED, UPDATED],
          contactEmail: `flaky.${stamp}@integraatio.example.fi`,
          description: 'CRM',
        },
      }),
    );
    expectStatus(res, 201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/v1/webhooks/subscriptions/${res.body.id}`);
    expect(res.body).toMatchObject({
      regions: ['19'],
      active: true,
      disabledAt: null,
      owner: expect.stringMatching(/^key:key_/) as string,
    });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    subs.flaky = res.body;
    receiver.behaviour.set('/flaky', 'fail-first');
    receiver.secrets.set('/flaky', [res.body.secret ?? '']);

    const read = await system.request<Subscription>('GET', `/api/v1/webhooks/subscriptions/${subs.flaky.id}`, as(key.la));
    expectStatus(read, 200);
    expect(read.body.secret).toBeUndefined();
    expect(read.text).not.toContain(res.body.secret?.slice(6));
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      // The secret lives in its own collection only: not in the subscription, nor in its change log.
      const changes = JSON.stringify(await db.collection('webhook_subscriptions_changes').find({ aggregateId: subs.flaky.id }).toArray());
      expect(changes).not.toContain(res.body.secret?.slice(6));
    } finally {
      await db.close();
    }

    subs.redirect = await subscribe(key.la, '/redirect', 'redirect', { eventTypes: [REGISTERED] });
    subs.down = await subscribe(key.la2, '/down', 'always-fail', { eventTypes: [REGISTERED], contactEmail: downContact });
  });

  it('a key sees and touches only its own subscriptions (others are a 404); an admin sees all', async () => {
    const path = `/api/v1/webhooks/subscriptions/${subs.flaky.id}`;
    expectProblem(await system.request('GET', path, as(key.no)), 404, 'WEBHOOK.NOT_FOUND');
    expectProblem(await system.request('GET', path, as(key.la2)), 404, 'WEBHOOK.NOT_FOUND');
    expectProblem(await system.request('PATCH', path, as(key.no, { body: { active: false } })), 404);
    expectProblem(await system.request('DELETE', path, as(key.no)), 404);
    expectProblem(await system.request('POST', `${path}/replay`, as(key.no, { body: { from: new Date().toISOString() } })), 404);
    expectProblem(await system.request('POST', `${path}/rotate-secret`, as(key.no)), 404);
    expectProblem(await system.request('GET', `${path}/deliveries`, as(key.no)), 404);
    expectProblem(await system.request('GET', path, as(coordinatorToken)), 403);
    const own = await system.request<Page<Subscription>>('GET', '/api/v1/webhooks/subscriptions', as(key.la));
    expect(own.body.items.map((s) => s.id).sort()).toEqual([subs.flaky.id, subs.redirect.id].sort());
    expect((await system.request<Page<Subscription>>('GET', '/api/v1/webhooks/subscriptions', as(key.no))).body.items).toEqual([]);
    const all = await system.request<Page<Subscription>>('GET', '/api/v1/webhooks/subscriptions');
    expect(all.body.items.map((s) => s.id)).toEqual(expect.arrayContaining([subs.flaky.id, subs.redirect.id, subs.down.id]));
    expectStatus(await system.request('GET', path), 200);
  });

  it('delivers every matching event once, signed, although the receiver answered 500 the first time', async () => {
    t0 = new Date(Date.now() - 1000).toISOString();
    orgs.la.push(await register('698'), await register('320'), await register('148'));
    orgs.no = await register('615');
    expectStatus(
      await system.request('PATCH', `/api/v1/organisations/${orgs.la[0]}`, { body: { name: { fi: `Muutettu ${stamp}` } } }),
      200,
    );

    await until(() => acceptedIds('/flaky').size >= 4, 'four events accepted at /flaky', 60000);
    // Anything extra would be in the log by now (the update, seen, was committed after every other event).
    const entries = await settled(key.la, subs.flaky.id);
    const requests = receiver.on('/flaky');
    expect(requests.every((r) => r.verifiedBy.length === 1)).toBe(true);
    const ids = acceptedIds('/flaky');
    expect(ids.size).toBe(4);
    for (const id of ids) {
      const forId = requests.filter((r) => r.headers['webhook-id'] === id);
      expect(forId.map((r) => r.answered)).toEqual([500, 200]);
      expect(forId.every((r) => r.envelope.id === id)).toBe(true);
      expect(new Set(forId.map((r) => r.body)).size).toBe(1);
    }
    const accepted = receiver.accepted('/flaky').map((r) => r.envelope);
    expect(accepted.map((e) => e.type).sort()).toEqual([REGISTERED, REGISTERED, REGISTERED, UPDATED]);
    expect(new Set(accepted.map((e) => e.subject))).toEqual(new Set(orgs.la));
    expect(accepted.every((e) => e.data.regions.includes('19'))).toBe(true);
    expect(receiver.received.some((r) => r.envelope.subject === orgs.no)).toBe(false);

    expect(entries).toHaveLength(4);
    expect(entries.map((d) => d.eventId).sort()).toEqual([...ids].sort());
    for (const d of entries)
      expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastResponseStatus: 200, lastError: null, replayId: null });
    // Both instances made attempts (so they did compete for them), and none had to take over a dead one's.
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      const claims = await db.collection<{ holder: string; generation: number }>('webhook_delivery_claims').find().toArray();
      expect(new Set(claims.map((c) => c.holder)).size).toBe(2);
      expect(claims.every((c) => c.generation === 1)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('does not follow redirects: a 307 is a failure', async () => {
    await until(() => receiver.on('/redirect').length >= 1, 'a request at /redirect', 30000);
    const entry = await eventually(
      async () => (await log(key.la, subs.redirect.id)).find((d) => d.lastResponseStatus === 307),
      'a redirect answer in the log',
      30000,
      250,
    );
    expect(entry.lastError).toMatch(/redirects are not followed/);
    expect(entry.status).not.toBe('delivered');
    expect(receiver.on('/redirect-target')).toEqual([]);
    expect(receiver.on('/redirect').every((r) => r.answered === 307 && r.verifiedBy.length === 1)).toBe(true);
  });

  it('an endpoint failing continuously is disabled, its owner emailed, and it gets nothing more', async () => {
    const disabled = await eventually(
      async () => {
        const res = await system.request<Subscription>('GET', `/api/v1/webhooks/subscriptions/${subs.down.id}`, as(key.la2));
        return res.body.active === false && res.body.disabledAt ? res : undefined;
      },
      'the failing endpoint to be disabled',
      60000,
      250,
    );
    expect(disabled.body.disabledReason).toMatch(/HTTP 500/);
    expect(receiver.on('/down').length).toBeGreaterThanOrEqual(2);
    expect(receiver.on('/down').every((r) => r.answered === 500 && r.verifiedBy.length === 1)).toBe(true);
    const mail = await eventually(
      async () => (await new Mailbox().to(downContact)).find((m) => /Webhook disabled/.test(m.subject)),
      'the disabled notice',
      30000,
      250,
    );
    expect(mail.text).toContain(subs.down.id);
    expect(mail.text).toContain('"active": true');

    const before = receiver.on('/down').length;
    const later = await register('698');
    const elsewhere = await until(
      () => receiver.accepted('/flaky').find((r) => r.envelope.subject === later),
      'the next event at /flaky',
      30000,
    );
    const downLog = await settled(key.la2, subs.down.id);
    expect(receiver.on('/down')).toHaveLength(before);
    // Not even queued: a disabled subscription is not fanned out to (a replay brings it back).
    expect(downLog.map((d) => d.eventId)).not.toContain(elsewhere.envelope.id);
    const emails = (await new Mailbox().to(downContact)).filter((m) => /Webhook disabled/.test(m.subject));
    expect(emails).toHaveLength(1);
  });

  it('the owner re-enables it (If-Match) and replays what it missed', async () => {
    const path = `/api/v1/webhooks/subscriptions/${subs.down.id}`;
    const current = await system.request<Subscription>('GET', path, as(key.la2));
    expectProblem(
      await system.request('PATCH', path, as(key.la2, { body: { active: true }, headers: { 'if-match': '"1"' } })),
      412,
      'WEBHOOK.VERSION_MISMATCH',
    );
    const enabled = await system.request<Subscription>(
      'PATCH',
      path,
      as(key.la2, { body: { active: true }, headers: { 'if-match': current.headers.get('etag') ?? '' } }),
    );
    expectStatus(enabled, 200);
    expect(enabled.body).toMatchObject({ active: true, disabledAt: null, disabledReason: null });
    expect(enabled.headers.get('etag')).toBe(`"${current.body.version + 1}"`);
    receiver.behaviour.set('/down', 'always-ok');
    const replay = await system.request<{ enqueued: number }>('POST', `${path}/replay`, as(key.la2, { body: { from: t0 } }));
    expectStatus(replay, 202);
    // Registered in Lapland since t0: three, and the one registered while it was disabled.
    expect(replay.body.enqueued).toBe(4);
    await until(() => acceptedIds('/down').size >= 4, 'the missed events at /down', 30000);
    expect(receiver.accepted('/down').every((r) => r.envelope.type === REGISTERED && r.verifiedBy.length === 1)).toBe(true);
  });

  it('a replay from a time resends those events with their webhook-ids', async () => {
    const before = receiver.accepted('/flaky').length;
    const originalIds = [...acceptedIds('/flaky')];
    const res = await system.request<{ replayId: string; enqueued: number; nextFrom: string | null }>(
      'POST',
      `/api/v1/webhooks/subscriptions/${subs.flaky.id}/replay`,
      as(key.la, { body: { from: t0 } }),
    );
    expectStatus(res, 202);
    expect(res.body).toMatchObject({ enqueued: originalIds.length, nextFrom: null, replayId: expect.stringMatching(/^rpl_/) as string });
    await until(() => receiver.accepted('/flaky').length >= before + originalIds.length, 'the replayed deliveries', 30000);
    const entries = await settled(key.la, subs.flaky.id);
    const replayed = receiver.accepted('/flaky').slice(before);
    expect(replayed).toHaveLength(originalIds.length);
    expect(replayed.map((r) => r.headers['webhook-id']).sort()).toEqual(originalIds.sort());
    expect(replayed.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect(entries.filter((d) => d.replayId === res.body.replayId)).toHaveLength(originalIds.length);
    expect(entries.filter((d) => d.replayId === res.body.replayId).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    expectProblem(
      await system.request(
        'POST',
        `/api/v1/webhooks/subscriptions/${subs.flaky.id}/replay`,
        as(key.la, { body: { from: '2999-01-01T00:00:00Z' } }),
      ),
      422,
    );
    expectProblem(
      await system.request('POST', `/api/v1/webhooks/subscriptions/${subs.flaky.id}/replay`, as(key.la, { body: { from: 'yesterday' } })),
      422,
    );
  });

  it('a rotated secret signs beside the old one until the old one expires', async () => {
    const old = receiver.secrets.get('/flaky')?.[0] ?? '';
    const res = await system.request<{ secret: string; previousSecretExpiresAt: string }>(
      'POST',
      `/api/v1/webhooks/subscriptions/${subs.flaky.id}/rotate-secret`,
      as(key.la),
    );
    expectStatus(res, 200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(old);
    expect(Date.parse(res.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now());
    receiver.secrets.set('/flaky', [res.body.secret, old]);
    const org = await register('698');
    const delivered = await until(
      () => receiver.accepted('/flaky').find((r) => r.envelope.subject === org),
      'a delivery after the rotation',
      30000,
    );
    expect(delivered.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect([...delivered.verifiedBy].sort()).toEqual([res.body.secret, old].sort());
  });

  it('pauses, and deletes with If-Match: nothing more is sent and the secrets are gone', async () => {
    const path = `/api/v1/webhooks/subscriptions/${subs.flaky.id}`;
    const paused = await system.request<Subscription>('PATCH', path, as(key.la, { body: { active: false } }));
    expectStatus(paused, 200);
    expect(paused.body).toMatchObject({ active: false, disabledAt: null });
    const before = receiver.on('/flaky').length;
    const org = await register('698');
    await until(() => receiver.accepted('/down').some((r) => r.envelope.subject === org), 'the event at another subscription', 30000);
    await settled(key.la, subs.flaky.id);
    expect(receiver.on('/flaky')).toHaveLength(before);

    expectProblem(await system.request('DELETE', path, as(key.la, { headers: { 'if-match': '"1"' } })), 412);
    expectStatus(await system.request('DELETE', path, as(key.la, { headers: { 'if-match': paused.headers.get('etag') ?? '' } })), 204);
    expectProblem(await system.request('GET', path, as(key.la)), 404);
    expectProblem(await system.request('DELETE', path, as(key.la)), 404);
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      expect(await db.collection('webhook_secrets').countDocuments({ subscriptionId: subs.flaky.id })).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('revoking the API key that owns a subscription', () => {
  it('pauses its subscriptions: a revoked integration receives nothing more', async () => {
    const created = await system.request<{ id: string; key: string }>('POST', '/api/v1/api-keys', {
      body: { name: 'soon revoked', regions: ['19'], access: 'read' },
    });
    expectStatus(created, 201);
    const sub = await subscribe(created.body.key, '/revoked-owner', 'always-ok');
    const first = await register('698');
    await until(
      () => receiver.accepted('/revoked-owner').some((r) => r.envelope.subject === first),
      'a delivery before the revocation',
      30000,
    );

    expectStatus(await system.request('DELETE', `/api/v1/api-keys/${created.body.id}`), 204);
    const read = await system.request<Subscription>('GET', `/api/v1/webhooks/subscriptions/${sub.id}`);
    expectStatus(read, 200);
    expect(read.body.active).toBe(false);
    const before = receiver.on('/revoked-owner').length;
    const second = await register('698');
    await until(() => receiver.accepted('/down').some((r) => r.envelope.subject === second), 'the event at another subscription', 30000);
    await settled(await system.token_(), sub.id);
    expect(receiver.on('/revoked-owner')).toHaveLength(before);
  });
});

describe('an API key that expires', () => {
  it('has its subscriptions paused, as a revoked one does', async () => {
    const created = await system.request<{ id: string; key: string }>('POST', '/api/v1/api-keys', {
      body: { name: 'short-lived', regions: ['19'], access: 'read', expiresAt: new Date(Date.now() + 5000).toISOString() },
    });
    expectStatus(created, 201);
    const sub = await subscribe(created.body.key, '/expiring-owner', 'always-ok');
    const read = async () => (await system.request<Subscription>('GET', `/api/v1/webhooks/subscriptions/${sub.id}`)).body;
    expect((await read()).active).toBe(true);
    await eventually(async () => (await read()).active === false, 'the expired key’s subscription to be paused', 20000, 250);
    const before = receiver.on('/expiring-owner').length;
    const org = await register('698');
    await until(() => receiver.accepted('/down').some((r) => r.envelope.subject === org), 'the event at another subscription', 30000);
    await settled(await system.token_(), sub.id);
    expect(receiver.on('/expiring-owner')).toHaveLength(before);
  });
});
