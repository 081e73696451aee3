// The five services as `npm start` runs them: one process each, compiled JavaScript from dist/ (the
// same entry points and Node flags as in production), their output prefixed on the terminal and
// kept in a log file, and a readiness wait that says which service is waiting on which check.
// tools/start.mjs uses this, and so do the benchmark (tools/bench/bench-system.ts) and the test that
// proves a big, busy database starts (tools/start/busy-database.e2e-spec.ts). Whoever starts
// services calls buildServices() first: a stale build never runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, entryPoint } from '../build.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Start order; the gateway last (it checks that organisations and notifications answer). */
export const APPS = [
  { name: 'organisations', port: 3101 },
  { name: 'working-groups', port: 3102 },
  { name: 'villages', port: 3103 },
  { name: 'notifications', port: 3104 },
  { name: 'gateway', port: 3000 },
];

/** How long `npm start` waits for every service to answer ready (YP_START_READY_TIMEOUT_S). */
export function readyTimeoutMs(env = process.env) {
  const raw = env.YP_START_READY_TIMEOUT_S;
  const seconds = raw === undefined || raw === '' ? 180 : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`YP_START_READY_TIMEOUT_S=${raw} is not a number of seconds.`);
  return seconds * 1000;
}

const LOG_TAIL_LINES = 40;

/**
 * The services' settings for development (never for production: docker-compose.yml and deploy/k8s
 * take theirs from .env / secrets). `infra` is deploy/local's endpoints; `ports` the services' ports
 * by name; each service gets its own database `<databasePrefix><name>`.
 */
export function developmentEnvironment({ infra, ports = Object.fromEntries(APPS.map((a) => [a.name, a.port])), databasePrefix = 'yp-' }) {
  const common = {
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    INTERNAL_TOKEN_SECRET: 'dev-only-internal-secret-change-me-0123456789',
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    SMTP_HOST: infra.smtp.host,
    SMTP_PORT: String(infra.smtp.port),
    MAIL_FROM: 'yhteispeli@yhteispeli.local',
    JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
    NOTIFICATIONS_LINK_SECRET: 'dev-only-link-secret-change-me-0123456789abcdef',
    PUBLIC_BASE_URL: `http://localhost:${ports.gateway}`,
    // Development only: lets a webhook point at a receiver on this machine.
    WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
    BOOTSTRAP_ADMIN_USERNAME: 'admin@yhteispeli.local',
    BOOTSTRAP_ADMIN_PASSWORD: 'dev-admin-password',
    ORGANISATIONS_URL: `http://127.0.0.1:${ports.organisations}`,
    NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`,
  };
  const mongo = infra.mongo.url.replace(/\/$/, '');
  return Object.fromEntries(
    APPS.map(({ name }) => [name, { ...common, PORT: String(ports[name]), MONGODB_URI: `${mongo}/${databasePrefix}${name}` }]),
  );
}

/**
 * Node's flags for every service process, here and in production (Dockerfile; the test system,
 * libs/shared/testing/src/system.ts, keeps a copy that tools/start/services.spec.ts compares).
 * `--max-semi-space-size=4` caps V8's young generation at two 4 MB semi-spaces: by default V8 grows
 * them to 16 MB or more on a machine with this much memory and keeps them while idle, 25–40 MB of
 * each service's resident memory; a scavenge of 4 MB is under a millisecond (docs/adr/012-*).
 */
export const SERVICE_NODE_ARGS = Object.freeze(['--max-semi-space-size=4']);

/**
 * Compiles what changed since the last build into dist/ (tools/build.mjs); a no-op when nothing did.
 * @param {{ root?: string, log?: (line: string) => void }} [options]
 */
export function buildServices({ root = REPO_ROOT, log } = {}) {
  return build({ root, log });
}

/**
 * Starts one service: `node --max-semi-space-size=4 dist/apps/<app>/src/main.js` in `root` (built by
 * buildServices()), no shell (a path with spaces is one argument); `app` is `name` unless a second
 * instance needs a name of its own (the benchmark's `organisations-large`). `onLine(name, line)` gets
 * each output line; the last lines are kept for error reports and, with `logFile`, all of them are
 * written there. `nodeArgs` come after SERVICE_NODE_ARGS (a later flag wins).
 * @param {{ name: string, app?: string, port: number, env: Record<string, string | undefined>, root?: string, logFile?: string,
 *   onLine?: (name: string, line: string) => void, nodeArgs?: string[] }} options
 */
export function startService({ name, app = name, port, env, root = REPO_ROOT, logFile, onLine = () => {}, nodeArgs = [] }) {
  const entry = entryPoint(app);
  if (!fs.existsSync(path.join(root, entry))) throw new Error(`${entry} is missing: build first (npm run build).`);
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, ...nodeArgs, entry], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let log;
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    log = fs.createWriteStream(logFile, { flags: 'w' });
  }
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop();
      for (const line of parts) {
        lines.push(line);
        if (lines.length > LOG_TAIL_LINES) lines.shift();
        log?.write(`${line}\n`);
        onLine(name, line);
      }
    });
  }
  // 'close': after the exit and the last output line.
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  exited.then(() => log?.end());
  const service = {
    name,
    port,
    child,
    logFile,
    exited,
    /** Exit code or signal once it has exited, else undefined. */
    exit: undefined,
    /** The last output lines (for error reports). */
    tail: () => lines.join('\n'),
  };
  void exited.then((e) => (service.exit = e));
  return service;
}

/**
 * One look at `GET /health/ready`: { ready, state } where state says, in a few words, what the
 * service answered: not listening yet, HTTP 503 with its failing checks, no answer in time...
 */
export async function probeReady(port, { timeoutMs = 5000, host = '127.0.0.1' } = {}) {
  let res;
  try {
    res = await fetch(`http://${host}:${port}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const code = error?.cause?.code ?? error?.name;
    if (code === 'ECONNREFUSED') return { ready: false, state: 'not listening yet' };
    if (code === 'TimeoutError' || code === 'AbortError')
      return { ready: false, state: `no answer to /health/ready within ${timeoutMs / 1000} s` };
    return { ready: false, state: `unreachable (${code ?? String(error)})` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { ready: true, state: 'ready' };
  let checks;
  try {
    checks = JSON.parse(text).checks;
  } catch {
    /* not problem+json */
  }
  const failing = checks && typeof checks === 'object' ? Object.entries(checks).filter(([, s]) => String(s).startsWith('down')) : [];
  const detail = failing.length > 0 ? failing.map(([name, s]) => `${name}: ${s}`).join('; ') : text.slice(0, 200);
  return { ready: false, state: `HTTP ${res.status}${detail ? ` (${detail})` : ''}` };
}

/** Thrown when a service did not become ready; the message names its last answer and log. */
export class NotReady extends Error {
  constructor(service, message) {
    super(message);
    this.name = 'NotReady';
    this.service = service;
  }
}

function notReadyMessage(service, why) {
  const where = service.logFile ? ` (all of it: ${path.relative(process.cwd(), service.logFile) || service.logFile})` : '';
  const tail = service.tail();
  return `${service.name} ${why}.${tail ? `\nLast lines of its output${where}:\n${tail.replace(/^/gm, `  ${service.name} | `)}` : ''}`;
}

/**
 * Waits until every service answers ready. Every `progressEveryMs` it calls `onProgress` with the
 * ones still waiting and their last answer; it fails at once when a service exits, and after
 * `timeoutMs` with the service's last answer and last output lines. `stopping()` ends the wait.
 * @param {{ name: string, port: number, exit?: { code: number | null, signal: string | null }, tail: () => string,
 *   logFile?: string }[]} services
 * @param {{ timeoutMs?: number, intervalMs?: number, progressEveryMs?: number, stopping?: () => boolean,
 *   onProgress?: (progress: { elapsedMs: number, waiting: { name: string, state: string }[] }) => void }} [options]
 * @returns {Promise<{ readyAt: Map<string, number>, aborted: boolean }>}
 */
export async function waitUntilReady(
  services,
  { timeoutMs = readyTimeoutMs(), intervalMs = 500, progressEveryMs = 15000, onProgress = () => {}, stopping = () => false } = {},
) {
  const t0 = Date.now();
  const state = new Map(services.map((s) => [s.name, 'not started']));
  const readyAt = new Map();
  let nextProgress = t0 + progressEveryMs;
  while (readyAt.size < services.length) {
    if (stopping()) return { readyAt, aborted: true };
    const waiting = services.filter((s) => !readyAt.has(s.name));
    await Promise.all(
      waiting.map(async (s) => {
        if (s.exit) return;
        const probe = await probeReady(s.port, { timeoutMs: Math.min(5000, Math.max(1000, intervalMs * 10)) });
        state.set(s.name, probe.state);
        if (probe.ready) readyAt.set(s.name, Date.now() - t0);
      }),
    );
    for (const s of waiting) {
      if (s.exit && !readyAt.has(s.name))
        throw new NotReady(s, notReadyMessage(s, `exited while starting (${s.exit.signal ?? `exit code ${s.exit.code}`})`));
    }
    if (readyAt.size === services.length) break;
    const now = Date.now();
    if (now - t0 > timeoutMs) {
      const late = services.find((s) => !readyAt.has(s.name));
      throw new NotReady(
        late,
        notReadyMessage(late, `did not become ready within ${Math.round(timeoutMs / 1000)} s; its last answer: ${state.get(late.name)}`),
      );
    }
    if (now >= nextProgress) {
      nextProgress = now + progressEveryMs;
      onProgress({
        elapsedMs: now - t0,
        waiting: services.filter((s) => !readyAt.has(s.name)).map((s) => ({ name: s.name, state: state.get(s.name) })),
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return { readyAt, aborted: false };
}

/** SIGTERM (the services shut down gracefully), SIGKILL after `graceMs`. */
export async function stopService(service, { graceMs = 15000 } = {}) {
  if (service.exit) return service.exit;
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  service.child.kill('SIGTERM');
  const exit = await service.exited;
  clearTimeout(timer);
  return exit;
}
