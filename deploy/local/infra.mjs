#!/usr/bin/env node
// Local infrastructure for development and tests: Apache Kafka (KRaft), FerretDB (SQLite), MailDev.
//
//   node deploy/local/infra.mjs <start|stop|status|logs> [--profile dev|test] [--only kafka,ferretdb,smtp]
//
// Also an ESM module: startInfra, stopInfra, startComponent, stopComponent, status, endpoints.
// See deploy/local/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InfraError,
  checkProfile,
  logFile,
  mkdirp,
  portFree,
  readPid,
  say,
  spawnDetached,
  stateDir,
  terminate,
  waitFor,
  withLock,
} from './lib/common.mjs';
import * as kafka from './lib/kafka.mjs';
import * as ferretdb from './lib/ferretdb.mjs';
import * as smtp from './lib/smtp.mjs';

export { InfraError };

const COMPONENTS = { kafka, ferretdb, smtp };
export const COMPONENT_NAMES = Object.keys(COMPONENTS);

function component(name) {
  const c = COMPONENTS[name];
  if (!c) throw new InfraError(`Unknown component "${name}": use ${COMPONENT_NAMES.join(', ')}.`);
  return c;
}

function selected(only) {
  if (!only || (Array.isArray(only) && only.length === 0)) return [...COMPONENT_NAMES];
  const list = (Array.isArray(only) ? only : String(only).split(',')).map((s) => s.trim()).filter(Boolean);
  list.forEach(component);
  return COMPONENT_NAMES.filter((n) => list.includes(n)); // fixed order: kafka, ferretdb, smtp
}

/** Connection details for a profile (ports are fixed per profile, so this needs nothing running). */
export function endpoints({ profile = 'dev' } = {}) {
  const p = checkProfile(profile);
  const { smtp: s, mailWeb } = smtp.endpoint(p);
  return { kafka: kafka.endpoint(p), mongo: ferretdb.endpoint(p), smtp: s, mailWeb };
}

// ------------------------------------------------------------------ start

async function checkPorts(profile, name) {
  for (const { port, env, what } of component(name).portList(profile)) {
    if (!(await portFree(port))) {
      throw new InfraError(`Port ${port} (${what}) is in use by another process; stop it or set ${env}.`);
    }
  }
}

async function startOne(profile, name) {
  const c = component(name);
  const existing = readPid(profile, name);
  if (existing) {
    // Ours and alive: healthy → nothing to do; still starting (another command) → wait for it.
    await waitFor(`${c.label} (pid ${existing})`, () => c.ready(profile, { logOffset: -1 }), {
      timeoutMs: c.readyTimeoutMs,
      alive: () => readPid(profile, name) === existing,
    }).catch((e) => {
      throw new InfraError(`${e.message} It is running but not answering; see ${logFile(profile, name)} or run "stop" first.`);
    });
    say(`${c.label} already running (pid ${existing}).`);
    return { pid: existing, started: false };
  }
  c.preflight();
  await checkPorts(profile, name);
  await c.provision();
  mkdirp(path.join(stateDir(profile), 'logs'));
  const log = logFile(profile, name);
  const spec = await c.prepare(profile);
  const logOffset = fs.existsSync(log) ? fs.statSync(log).size : 0;
  const t0 = Date.now();
  const pid = spawnDetached(profile, name, spec.cmd, spec.args, { cwd: spec.cwd, env: spec.env, marker: spec.marker, log });
  try {
    await waitFor(c.label, () => c.ready(profile, { logOffset }), {
      timeoutMs: c.readyTimeoutMs,
      alive: () => readPid(profile, name) === pid,
    });
  } catch (e) {
    if (readPid(profile, name) === pid) await terminate(pid, { graceMs: 5000 });
    readPid(profile, name);
    throw new InfraError(`${e.message} Last lines of ${log}:\n${c.failureHint(profile)}`);
  }
  say(`${c.label} started (pid ${pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  return { pid, started: true };
}

/** Starts one component (idempotent); data survives stop/start. */
export async function startComponent(profile, name) {
  const p = checkProfile(profile);
  return withLock(p, () => startOne(p, name));
}

/** Starts the selected components (all by default), waits for readiness, returns the endpoints. */
export async function startInfra({ profile = 'dev', only } = {}) {
  const p = checkProfile(profile);
  const names = selected(only);
  await withLock(p, async () => {
    // Preflight everything first so a missing tool or a taken port is reported before anything
    // is started (a failed start then leaves nothing half started behind).
    for (const n of names) if (!readPid(p, n)) component(n).preflight();
    for (const n of names) if (!readPid(p, n)) await checkPorts(p, n);
    for (const n of names) await startOne(p, n);
  });
  return endpoints({ profile: p });
}

// ------------------------------------------------------------------ stop

async function stopOne(profile, name) {
  const c = component(name);
  const pid = readPid(profile, name);
  if (!pid) {
    say(`${c.label} is not running.`);
    return { stopped: false };
  }
  const how = await terminate(pid, { graceMs: c.stopGraceMs });
  fs.rmSync(path.join(stateDir(profile), `${name}.pid`), { force: true });
  say(`${c.label} stopped (pid ${pid}${how === 'killed' ? ', had to SIGKILL' : ''}).`);
  return { stopped: true, pid, how };
}

export async function stopComponent(profile, name) {
  const p = checkProfile(profile);
  return withLock(p, () => stopOne(p, name));
}

/** Stops the selected components (all by default), in reverse start order. */
export async function stopInfra({ profile = 'dev', only } = {}) {
  const p = checkProfile(profile);
  const names = selected(only).reverse();
  return withLock(p, async () => {
    const out = {};
    for (const n of names) out[n] = await stopOne(p, n);
    return out;
  });
}

// ------------------------------------------------------------------ status

/** { kafka: { running, pid, ports, healthy, log }, ... } */
export async function status({ profile = 'dev', only } = {}) {
  const p = checkProfile(profile);
  const out = {};
  for (const n of selected(only)) {
    const c = component(n);
    const pid = readPid(p, n);
    out[n] = {
      running: Boolean(pid),
      pid: pid ?? null,
      ports: c.portList(p).map((x) => x.port),
      healthy: pid ? await c.ready(p, { logOffset: -1 }) : false,
      log: logFile(p, n),
    };
  }
  return out;
}

// ------------------------------------------------------------------ CLI

function parseArgs(argv) {
  const args = { cmd: ['-h', '--help', 'help'].includes(argv[0]) ? 'help' : argv[0], profile: 'dev', only: undefined, follow: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new InfraError(`${a} needs a value.`);
      return argv[++i];
    };
    if (a === '--profile' || a.startsWith('--profile=')) args.profile = value();
    else if (a === '--only' || a.startsWith('--only=')) args.only = value();
    else if (a === '-f' || a === '--follow') args.follow = true;
    else if (a === '-h' || a === '--help') args.cmd = 'help';
    else throw new InfraError(`Unknown option ${a}; see --help.`);
  }
  return args;
}

const USAGE = `usage: node deploy/local/infra.mjs <start|stop|status|logs> [--profile dev|test] [--only kafka,ferretdb,smtp]
  start   provision what is missing, start, wait until ready, print the endpoints (idempotent)
  stop    stop cleanly (SIGTERM, then SIGKILL after a grace period)
  status  running/stopped, pid and ports of each component
  logs    print the last lines of each log (-f to follow)`;

function printEndpoints(profile, names) {
  const e = endpoints({ profile });
  if (names.includes('kafka')) console.log(`  Kafka     ${e.kafka.brokers.join(',')}`);
  if (names.includes('ferretdb')) console.log(`  MongoDB   ${e.mongo.url}`);
  if (names.includes('smtp')) {
    console.log(`  SMTP      ${e.smtp.host}:${e.smtp.port}`);
    console.log(`  Mail UI   ${e.mailWeb.url}   (REST: GET ${e.mailWeb.api}/email, DELETE ${e.mailWeb.api}/email/all)`);
  }
}

async function showLogs(profile, names, follow) {
  for (const n of names) {
    const f = logFile(profile, n);
    console.log(`==> ${f} <==`);
    console.log(fs.existsSync(f) ? component(n).failureHint(profile) : '(no log yet)');
  }
  if (!follow) return;
  const offsets = new Map(names.map((n) => [n, fs.existsSync(logFile(profile, n)) ? fs.statSync(logFile(profile, n)).size : 0]));
  for (;;) {
    for (const n of names) {
      const f = logFile(profile, n);
      if (!fs.existsSync(f)) continue;
      const size = fs.statSync(f).size;
      const from = offsets.get(n);
      if (size > from) {
        const fd = fs.openSync(f, 'r');
        const buf = Buffer.alloc(size - from);
        fs.readSync(fd, buf, 0, buf.length, from);
        fs.closeSync(fd);
        process.stdout.write(buf.toString('utf8').replace(/^(?=.)/gm, `${n} | `));
      }
      offsets.set(n, size);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(argv) {
  const args = parseArgs(argv);
  if (!args.cmd || args.cmd === 'help') {
    console.log(USAGE);
    return args.cmd ? 0 : 2;
  }
  const profile = checkProfile(args.profile);
  const names = selected(args.only);
  switch (args.cmd) {
    case 'start': {
      const t0 = Date.now();
      await startInfra({ profile, only: names });
      console.log(`Local infrastructure (${profile}) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s:`);
      printEndpoints(profile, names);
      console.log(`  State and logs in ${stateDir(profile)}`);
      return 0;
    }
    case 'stop':
      await stopInfra({ profile, only: names });
      return 0;
    case 'status': {
      const st = await status({ profile, only: names });
      for (const [n, s] of Object.entries(st)) {
        const c = component(n);
        const state = s.running ? `running  pid ${s.pid}${s.healthy ? '' : ' (NOT answering)'}` : 'stopped';
        console.log(`${n.padEnd(9)} ${state.padEnd(30)} ports ${s.ports.join(', ')}   ${c.describe(profile)}`);
      }
      return Object.values(st).every((s) => s.running && s.healthy) ? 0 : 3;
    }
    case 'logs':
      await showLogs(profile, names, args.follow);
      return 0;
    default:
      throw new InfraError(`Unknown command "${args.cmd}".\n${USAGE}`);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof InfraError) console.error(e.message);
      else console.error(e?.stack || String(e));
      process.exit(1);
    },
  );
}
