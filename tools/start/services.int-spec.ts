import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotReady, developmentEnvironment, probeReady, readyTimeoutMs, waitUntilReady } from './services.mjs';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for a service's /health/ready on a free port. */
async function fakeService(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const notReady: Handler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ code: 'SERVICE.NOT_READY', checks: { database: 'up', outbox: 'down: timed out after 2000 ms' } }));
};

/** What waitUntilReady needs of a started service. */
function service(name: string, port: number, tail = '') {
  return { name, port, tail: () => tail, exit: undefined as { code: number | null; signal: string | null } | undefined };
}

describe('npm start waiting for the services', () => {
  const servers: Server[] = [];
  const serve = async (handler: Handler) => {
    const s = await fakeService(handler);
    servers.push(s.server);
    return s.port;
  };

  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise((r) => {
            s.closeAllConnections();
            s.close(r);
          }),
      ),
    );
  });

  it('says what a service answered: not listening, 503 with its failing check, ready, silence', async () => {
    const closed = await serve(() => {});
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await probeReady(closed)).toEqual({ ready: false, state: 'not listening yet' });
    expect(await probeReady(await serve(notReady))).toEqual({ ready: false, state: 'HTTP 503 (outbox: down: timed out after 2000 ms)' });
    expect(await probeReady(await serve((_q, r) => r.end('{"status":"up"}')))).toEqual({ ready: true, state: 'ready' });
    expect(await probeReady(await serve(() => {}), { timeoutMs: 300 })).toEqual({
      ready: false,
      state: 'no answer to /health/ready within 0.3 s',
    });
  });

  it('fails after the bound naming the service, its last answer and its last output lines', async () => {
    const ready = service('gateway', await serve((_q, r) => r.end('{}')));
    const stuck = service('organisations', await serve(notReady), 'line one\nline two');
    const error = await waitUntilReady([ready, stuck], { timeoutMs: 2000, intervalMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotReady);
    expect((error as Error).message).toBe(
      'organisations did not become ready within 2 s; its last answer: HTTP 503 (outbox: down: timed out after 2000 ms).\n' +
        'Last lines of its output:\n  organisations | line one\n  organisations | line two',
    );
  });

  it('reports progress with the services still waiting and why', async () => {
    let calls = 0;
    const port = await serve((_q, r) => (++calls > 8 ? r.end('{}') : notReady(_q, r)));
    const progress: unknown[] = [];
    const { readyAt } = await waitUntilReady([service('notifications', port)], {
      intervalMs: 50,
      progressEveryMs: 100,
      onProgress: (p: unknown) => progress.push(p),
    });
    expect(readyAt.has('notifications')).toBe(true);
    expect(progress[0]).toEqual({
      elapsedMs: expect.any(Number) as unknown,
      waiting: [{ name: 'notifications', state: 'HTTP 503 (outbox: down: timed out after 2000 ms)' }],
    });
  });

  it('fails at once when a service exits while starting', async () => {
    const gone = service('villages', await serve(notReady), 'Error: MONGODB_URI is not set');
    gone.exit = { code: 1, signal: null };
    const t0 = Date.now();
    await expect(waitUntilReady([gone], { timeoutMs: 60000 })).rejects.toThrow(
      'villages exited while starting (exit code 1).\nLast lines of its output:\n  villages | Error: MONGODB_URI is not set',
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('waits 180 s by default, YP_START_READY_TIMEOUT_S otherwise, and refuses nonsense', () => {
    expect(readyTimeoutMs({})).toBe(180000);
    expect(readyTimeoutMs({ YP_START_READY_TIMEOUT_S: '300' })).toBe(300000);
    expect(() => readyTimeoutMs({ YP_START_READY_TIMEOUT_S: 'soon' })).toThrow('YP_START_READY_TIMEOUT_S=soon is not a number of seconds.');
  });

  it("gives every service its own database and the others' ports", () => {
    const env = developmentEnvironment({
      infra: {
        kafka: { brokers: ['127.0.0.1:9092'] },
        mongo: { url: 'mongodb://127.0.0.1:27017/' },
        smtp: { host: '127.0.0.1', port: 1025 },
      },
    });
    expect(env.organisations).toMatchObject({ PORT: '3101', MONGODB_URI: 'mongodb://127.0.0.1:27017/yp-organisations' });
    expect(env.gateway).toMatchObject({
      PORT: '3000',
      ORGANISATIONS_URL: 'http://127.0.0.1:3101',
      NOTIFICATIONS_URL: 'http://127.0.0.1:3104',
    });
  });
});
