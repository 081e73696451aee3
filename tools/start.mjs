// `npm start`: the whole system on this machine. Compiles what changed into dist/ (tools/build.mjs),
// starts the local infrastructure (Kafka, FerretDB, MailDev, profile "dev"), then the five services
// as separate processes (compiled JavaScript), waits until each answers ready, prints the URLs, and
// on Ctrl-C stops the services and then the infrastructure it started.
//
// One `npm start` per clone: a second one refuses at once and touches nothing (the pid file
// .local/dev/start.pid; a stale one, left by a start that was killed, is taken over and that
// start's leftover services are stopped). The settings are development defaults (tools/start/services.mjs).
import path from 'node:path';
import { COMPONENT_NAMES, InfraError, endpoints, startInfra, status, stopInfra } from '../deploy/local/infra.mjs';
import { portFree, readPid, stateDir, terminate } from '../deploy/local/lib/common.mjs';
import { AlreadyRunning, acquireInstanceLock, holderAlive, processStartTime } from './start/instance-lock.mjs';
import {
  APPS,
  NotReady,
  REPO_ROOT,
  buildServices,
  developmentEnvironment,
  readyTimeoutMs,
  startService,
  stopService,
  waitUntilReady,
} from './start/services.mjs';

const PROFILE = 'dev';
const STATE = stateDir(PROFILE);
const say = (line) => console.log(`[start] ${line}`);
let READY_TIMEOUT_MS;
try {
  READY_TIMEOUT_MS = readyTimeoutMs();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

// ---------------------------------------------------------------- one start per clone

let lock;
try {
  lock = acquireInstanceLock(path.join(STATE, 'start.pid'), { root: REPO_ROOT });
} catch (error) {
  if (!(error instanceof AlreadyRunning)) throw error;
  console.error(error.message);
  process.exit(1);
}
// The lock is released only by a clean stop (below): a start that dies leaves its record, so the next
// start knows what it left running and takes over. A terminal that goes away (Ctrl-C on
// `npm start | tee log` ends tee, closing the window) must not end the stop half way: output that
// cannot be written is dropped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const services = [];
let infraStart; // the promise of startInfra, once begun
let owned = []; // infrastructure components this start is to stop at the end
let keptRunning = []; // ... and those that were running before it, which it leaves running
let running = false;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) {
    if (services.some((s) => !s.exit)) {
      say('Stopping the services without waiting (second Ctrl-C)...');
      for (const s of services) if (!s.exit) s.child.kill('SIGKILL');
    }
    return;
  }
  shuttingDown = true;
  if (services.length > 0) {
    console.log('\nStopping the services...');
    await Promise.all(services.map((s) => stopService(s)));
  }
  if (infraStart) await infraStart.catch(() => {}); // stop only after a start under way has finished
  const toStop = owned.filter((name) => readPid(PROFILE, name));
  if (toStop.length > 0) {
    console.log('Stopping the local infrastructure...');
    await stopInfra({ profile: PROFILE, only: toStop }).catch((e) => console.error(e instanceof InfraError ? e.message : e));
  }
  if (keptRunning.length > 0) say(`Left running, as it was before npm start: ${keptRunning.join(', ')} (\`npm run infra stop\` stops it).`);
  lock.release();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));
for (const event of ['uncaughtException', 'unhandledRejection'])
  process.on(event, (error) => {
    console.error(error);
    void shutdown(1);
  });

// ---------------------------------------------------------------- what a killed start left

const previous = lock.previous;
if (previous) {
  say(`The previous npm start (pid ${previous.pid}) ended without stopping; cleaning up after it.`);
  for (const [name, proc] of Object.entries(previous.apps ?? {})) {
    if (!holderAlive(proc)) continue;
    say(`Stopping its ${name} (pid ${proc.pid})...`);
    await terminate(proc.pid, { graceMs: 15000 });
  }
}

// ---------------------------------------------------------------- preflight: touch nothing on a conflict

for (const { name, port } of APPS) {
  if (!(await portFree(port))) {
    console.error(
      `Port ${port} (${name}) is in use by another process: is Yhteispeli running from another folder? Stop that first, then run npm start again.`,
    );
    lock.release();
    process.exit(1);
  }
}

// ---------------------------------------------------------------- build: before anything starts

try {
  const t = Date.now();
  const built = await buildServices({ log: say });
  if (built.compiled + built.copied + built.removed === 0) say(`dist/ is up to date (checked in ${Date.now() - t} ms).`);
} catch (error) {
  console.error(error.message);
  lock.release();
  process.exit(1);
}

// ---------------------------------------------------------------- infrastructure

const before = await status({ profile: PROFILE });
const inherited = previous?.infraStarted ?? [];
owned = COMPONENT_NAMES.filter((n) => !before[n].running || inherited.includes(n));
keptRunning = COMPONENT_NAMES.filter((n) => !owned.includes(n));
lock.update({ infraStarted: owned });

let infra;
try {
  infraStart = startInfra({ profile: PROFILE });
  infra = await infraStart;
} catch (error) {
  console.error(error instanceof InfraError ? error.message : error);
  await shutdown(1);
}
if (shuttingDown) await new Promise(() => {}); // shutdown() exits the process

// ---------------------------------------------------------------- services

const environment = developmentEnvironment({ infra });
const t0 = Date.now();
for (const { name, port } of APPS) {
  const prefix = `[${name}]`.padEnd(17);
  const service = startService({
    name,
    port,
    env: { ...process.env, ...environment[name] },
    logFile: path.join(STATE, 'logs', `${name}.log`),
    onLine: (_, line) => process.stdout.write(`${prefix}${line}\n`),
  });
  services.push(service);
  void service.exited.then((exit) => {
    if (running && !shuttingDown) {
      console.error(`${prefix}exited (${exit.signal ?? `exit code ${exit.code}`}); stopping everything.`);
      void shutdown(1);
    }
  });
}
lock.update({ apps: Object.fromEntries(services.map((s) => [s.name, { pid: s.child.pid, procStart: processStartTime(s.child.pid) }])) });

try {
  await waitUntilReady(services, {
    timeoutMs: READY_TIMEOUT_MS,
    stopping: () => shuttingDown,
    onProgress: ({ elapsedMs, waiting }) =>
      say(`Still waiting after ${Math.round(elapsedMs / 1000)} s for ${waiting.map((w) => `${w.name} (${w.state})`).join(', ')}`),
  });
} catch (error) {
  if (!(error instanceof NotReady)) throw error;
  console.error(`\n${error.message}\n(Set YP_START_READY_TIMEOUT_S to wait longer than ${READY_TIMEOUT_MS / 1000} s.)`);
  await shutdown(1);
}
if (shuttingDown) await new Promise(() => {});
running = true;

const mail = endpoints({ profile: PROFILE }).mailWeb.url;
const dev = environment.gateway;
console.log(`
Yhteispeli is running (ready in ${Math.round((Date.now() - t0) / 1000)} s). Press Ctrl-C to stop everything.

  Gateway (REST)   http://127.0.0.1:3000/api/v1
  Swagger UI       http://127.0.0.1:3000/docs
  OpenAPI JSON     http://127.0.0.1:3000/docs/openapi.json
  AsyncAPI JSON    http://127.0.0.1:3000/docs/asyncapi.json
  Mail viewer      ${mail}
  Log in as        ${dev.BOOTSTRAP_ADMIN_USERNAME} / ${dev.BOOTSTRAP_ADMIN_PASSWORD}
  Service logs     ${path.join(STATE, 'logs')}
`);
if (await registerIsEmpty()) console.log('  The register is empty: load the demo data with `npm run seed` in another terminal.\n');

/** True when the register has no organisations yet (first run): `npm run seed` is then offered. */
async function registerIsEmpty() {
  try {
    const login = await fetch('http://127.0.0.1:3000/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: dev.BOOTSTRAP_ADMIN_USERNAME, password: dev.BOOTSTRAP_ADMIN_PASSWORD }),
    });
    if (!login.ok) return false;
    const { accessToken } = await login.json();
    const res = await fetch('http://127.0.0.1:3000/api/v1/organisations?limit=1', { headers: { authorization: `Bearer ${accessToken}` } });
    return res.ok && (await res.json()).items.length === 0;
  } catch {
    return false; // only a hint: never stop the start for it
  }
}
