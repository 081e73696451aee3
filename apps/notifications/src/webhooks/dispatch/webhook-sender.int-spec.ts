import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationsConfig } from '@notifications/notifications-config';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { RESPONSE_EXCERPT_BYTES, WebhookSender } from './webhook-sender';

/**
 * The sender against real sockets on this machine: what counts as delivered, redirects, timeouts,
 * the answer excerpt, and the address guard inside the socket's own lookup.
 */

const signed = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };

function settings(overrides: Partial<NotificationsConfig>): WebhookSettings {
  const values: Partial<NotificationsConfig> = {
    WEBHOOKS_ALLOW_PRIVATE_URLS: true,
    WEBHOOKS_TIMEOUT_MS: 500,
    WEBHOOKS_RETRY_BASE_MS: 100,
    WEBHOOKS_RETRY_MAX_MS: 1000,
    WEBHOOKS_GIVE_UP_AFTER_HOURS: 24,
    WEBHOOKS_DISABLE_AFTER_HOURS: 72,
    WEBHOOKS_CLAIM_LEASE_MS: 10000,
    WEBHOOKS_SECRET_GRACE_HOURS: 24,
    WEBHOOKS_RETENTION_DAYS: 30,
    WEBHOOKS_CONCURRENCY: 2,
    ...overrides,
  };
  return new WebhookSettings(Object.assign(new NotificationsConfig(), values));
}

let server: Server;
let base: string;
const seen: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/ok') res.writeHead(204).end();
      else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/big') res.writeHead(503).end(`x${'é'.repeat(2000)}\u0000`);
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 2000);
      else res.writeHead(500).end('broken\u0007');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('WebhookSender', () => {
  const sender = new WebhookSender(settings({}));
  const live = new AbortController().signal;
  afterAll(() => sender.onModuleDestroy());

  it('POSTs the JSON body with the signature headers; a 2xx is a success', async () => {
    const result = await sender.post(`${base}/ok`, '{"a":1}', signed, live);
    expect(result).toMatchObject({ ok: true, status: 204 });
    const request = seen.find((r) => r.path === '/ok');
    expect(request?.body).toBe('{"a":1}');
    expect(request?.headers).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-signature': 'v1,x', 'content-type': 'application/json' });
  });

  it('does not follow a redirect', async () => {
    const before = seen.filter((r) => r.path === '/ok').length;
    const result = await sender.post(`${base}/redirect`, '{}', signed, live);
    expect(result).toMatchObject({ ok: false, status: 302, error: 'HTTP 302 (redirects are not followed)' });
    expect(seen.filter((r) => r.path === '/ok')).toHaveLength(before);
  });

  it('keeps a printable excerpt of at most 512 bytes of the answer', async () => {
    const big = await sender.post(`${base}/big`, '{}', signed, live);
    expect(big).toMatchObject({ ok: false, status: 503, error: 'HTTP 503' });
    expect(Buffer.byteLength(big.body ?? '')).toBeLessThanOrEqual(RESPONSE_EXCERPT_BYTES);
    // 'x' then 255 whole 'é' (511 bytes): the 'é' cut at byte 512 is dropped, not turned into a 3-byte U+FFFD.
    expect(big.body).toBe(`x${'é'.repeat(255)}`);
    expect((await sender.post(`${base}/broken`, '{}', signed, live)).body).toBe('broken?');
  });

  it('gives up on an answer slower than WEBHOOKS_TIMEOUT_MS', async () => {
    const result = await sender.post(`${base}/slow`, '{}', signed, live);
    expect(result).toMatchObject({ ok: false, error: 'no answer within 500 ms' });
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('a connection refused is a failure with the reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await sender.post(`http://127.0.0.1:${port}/x`, '{}', signed, live)).error).toMatch(/ECONNREFUSED/);
  });

  it('a shutdown cuts the request and is not the endpoint’s failure', async () => {
    const shutdown = new AbortController();
    const pending = sender.post(`${base}/slow`, '{}', signed, shutdown.signal);
    setTimeout(() => shutdown.abort(), 50);
    expect(await pending).toMatchObject({ ok: false, aborted: true });
  });
});

describe('WebhookSender with WEBHOOKS_ALLOW_PRIVATE_URLS off', () => {
  const sender = new WebhookSender(settings({ WEBHOOKS_ALLOW_PRIVATE_URLS: false }));
  const live = new AbortController().signal;
  afterAll(() => sender.onModuleDestroy());

  it('refuses plain http and a private IP literal without connecting', async () => {
    const before = seen.length;
    expect((await sender.post(`${base}/ok`, '{}', signed, live)).error).toMatch(/https/);
    expect((await sender.post('https://10.1.2.3/hook', '{}', signed, live)).error).toMatch(/private/);
    expect(seen).toHaveLength(before);
  });

  it('refuses, in the socket’s own lookup, a host name that resolves to loopback', async () => {
    const port = new URL(base).port;
    const result = await sender.post(`https://localhost:${port}/ok`, '{}', signed, live);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/address refused: localhost resolves to (127\.0\.0\.1|::1), loopback/);
  });
});
