// Shared helpers for deploy/local: paths, profiles, ports, pid files, detached processes, waiting.
// Node built-ins only; runs on Node 20+.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(LOCAL_DIR, '..', '..');
export const HOST = '127.0.0.1';

/** Thrown for conditions the user must fix; the CLI prints only the message. */
export class InfraError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InfraError';
  }
}

const PROFILES = {
  dev: { kafka: 9092, ferretdb: 27017, smtp: 1025, mailWeb: 1080 },
  test: { kafka: 29092, ferretdb: 27027, smtp: 2525, mailWeb: 2080 },
};

export function checkProfile(profile) {
  const p = profile ?? 'dev';
  if (!PROFILES[p]) throw new InfraError(`Unknown profile "${p}": use dev or test.`);
  return p;
}

function envPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InfraError(`${name}=${raw} is not a valid TCP port.`);
  return n;
}

/** Ports of a profile, env overrides applied. */
export function ports(profile) {
  const base = PROFILES[checkProfile(profile)];
  const kafka = envPort('YP_KAFKA_PORT', base.kafka);
  return {
    kafka,
    kafkaController: envPort('YP_KAFKA_CONTROLLER_PORT', kafka + 1),
    ferretdb: envPort('YP_FERRETDB_PORT', base.ferretdb),
    smtp: envPort('YP_SMTP_PORT', base.smtp),
    mailWeb: envPort('YP_MAIL_WEB_PORT', base.mailWeb),
  };
}

export function versions() {
  const file = JSON.parse(fs.readFileSync(path.join(LOCAL_DIR, 'versions.json'), 'utf8'));
  return {
    kafka: process.env.YP_KAFKA_VERSION || file.kafka,
    ferretdb: process.env.YP_FERRETDB_VERSION || file.ferretdb,
    maildev: file.maildev,
  };
}

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'yhteispeli');
}

export function stateDir(profile) {
  return path.join(REPO_ROOT, '.local', checkProfile(profile));
}

export function logFile(profile, name) {
  return path.join(stateDir(profile), 'logs', `${name}.log`);
}

export function pidFile(profile, name) {
  return path.join(stateDir(profile), `${name}.pid`);
}

export function mkdirp(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function say(msg) {
  if (process.env.YP_INFRA_QUIET !== '1') process.stdout.write(`[infra] ${msg}\n`);
}

// ---------------------------------------------------------------- processes

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped) counts as gone.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
  } catch {
    /* no /proc (macOS): trust kill(0) */
  }
  return true;
}

/** When a process started, in clock ticks since boot (/proc/<pid>/stat field 22); null without /proc. */
export function processStartTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null; // field 22: the first here is field 3
  } catch {
    return null;
  }
}

/** True when `pid` lives and, if `startTime` was recorded, is still the process that recorded it. */
export function isSameProcess(pid, startTime) {
  if (!isAlive(pid)) return false;
  if (startTime == null || startTime === '') return true;
  const now = processStartTime(pid);
  return now === null || now === String(startTime);
}

function cmdlineOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

/**
 * The pid recorded for a component if that process is still alive and is ours (its command
 * line contains the marker recorded with it); stale pid files are removed.
 */
export function readPid(profile, name) {
  const file = pidFile(profile, name);
  let rec;
  try {
    rec = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    if (fs.existsSync(file)) fs.rmSync(file, { force: true });
    return null;
  }
  const pid = Number(rec.pid);
  if (isAlive(pid)) {
    const cmd = cmdlineOf(pid);
    if (cmd === null || !rec.marker || cmd.includes(rec.marker)) return pid;
  }
  fs.rmSync(file, { force: true }); // stale: process gone (or pid reused by something else)
  return null;
}

/** Starts a detached process (own process group) logging to `log`; records its pid. */
export function spawnDetached(profile, name, cmd, args, { cwd, env, marker, log }) {
  mkdirp(path.dirname(log));
  const fd = fs.openSync(log, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} starting ${name}: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) throw new InfraError(`Could not start ${name} (${cmd}).`);
  fs.writeFileSync(pidFile(profile, name), JSON.stringify({ pid: child.pid, marker, cmd, startedAt: new Date().toISOString() }) + '\n');
  return child.pid;
}

/** SIGTERM the process group, wait, then SIGKILL. */
export async function terminate(pid, { graceMs = 30000 } = {}) {
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await sleep(200);
  }
  signal('SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return 'killed';
}

// ---------------------------------------------------------------- ports and probes

/** True when nothing listens on host:port (we can bind it ourselves). */
export function portFree(port, host = HOST) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export function tcpConnect(port, host = HOST, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Sends `request` (a Buffer) over a fresh TCP connection and resolves with the first complete
 * response frame (int32 length prefix; `lengthIncludesSelf` for the MongoDB wire protocol).
 */
export function tcpRoundTrip(port, request, { host = HOST, timeoutMs = 3000, lengthIncludesSelf = false } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host });
    let buf = Buffer.alloc(0);
    const fail = (e) => {
      s.destroy();
      reject(e);
    };
    s.setTimeout(timeoutMs, () => fail(new Error('timeout')));
    s.once('error', fail);
    s.once('connect', () => s.write(request));
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const total = lengthIncludesSelf ? buf.readInt32LE(0) : buf.readInt32BE(0) + 4;
      if (buf.length >= total) {
        s.destroy();
        resolve(buf.subarray(0, total));
      }
    });
    s.once('end', () => fail(new Error('connection closed')));
  });
}

export async function httpOk(url, timeoutMs = 2000) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls `check` until it returns truthy; fails early if `alive()` turns false. */
export async function waitFor(what, check, { timeoutMs, intervalMs = 300, alive } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (alive && !alive()) throw new InfraError(`${what}: the process exited during startup.`);
    if (Date.now() > deadline) throw new InfraError(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s.`);
    await sleep(intervalMs);
  }
}

/** Last `lines` lines of a file (for error reports). */
export function tail(file, lines = 25) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '';
  }
}

export function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Runs a command to completion, inheriting nothing; throws InfraError with its output on failure. */
export function run(cmd, args, { cwd, env, what, logTo } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (logTo) fs.appendFileSync(logTo, `\n$ ${cmd} ${args.join(' ')}\n${out}`);
  if (r.error || r.status !== 0) {
    const detail = out.trim().split('\n').slice(-30).join('\n');
    throw new InfraError(`${what || cmd} failed (exit ${r.status ?? r.error?.code}).${logTo ? ` Full output: ${logTo}` : ''}\n${detail}`);
  }
  return out;
}

/** Like run() but async, so the event loop (and the lock heartbeat) keeps going. */
export function runAsync(cmd, args, { cwd, env, what, logTo } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', (e) => reject(new InfraError(`${what || cmd} could not run: ${e.message}`)));
    child.once('close', (code) => {
      if (logTo) fs.appendFileSync(logTo, `\n$ ${cmd} ${args.join(' ')}\n${out}`);
      if (code === 0) return resolve(out);
      const detail = out.trim().split('\n').slice(-30).join('\n');
      reject(new InfraError(`${what || cmd} failed (exit ${code}).${logTo ? ` Full output: ${logTo}` : ''}\n${detail}`));
    });
  });
}

// ---------------------------------------------------------------- lock

/**
 * Serialises start/stop on one profile: within this process (a promise queue) and across
 * processes, e.g. parallel test workers (mkdir is atomic; a lock whose owner pid is gone is broken).
 * Public entry points take it once; internal helpers never do.
 */
export function withLock(profile, fn) {
  const dir = path.join(mkdirp(stateDir(profile)), 'infra.lock');
  const prev = queues.get(dir) ?? Promise.resolve();
  const next = prev.catch(() => {}).then(() => crossProcessLock(dir, profile, fn));
  queues.set(dir, next);
  return next;
}
const queues = new Map();

async function crossProcessLock(dir, profile, fn, timeoutMs = 15 * 60 * 1000) {
  const owner = path.join(dir, 'owner');
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'owner-start'), processStartTime(process.pid) ?? '');
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      let holderStart;
      try {
        holder = Number(fs.readFileSync(owner, 'utf8'));
        holderStart = fs.readFileSync(path.join(dir, 'owner-start'), 'utf8').trim();
      } catch {
        /* being created (or written by an older version, without owner-start) */
      }
      const age = Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // Gone, or its pid now belongs to another process (killed holder, pid reused): break the lock.
      const dead = Number.isInteger(holder) && holder > 0 ? holder === process.pid || !isSameProcess(holder, holderStart) : age > 5000;
      if (dead) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new InfraError(`Another infra command (pid ${holder}) holds ${dir}; wait for it or remove that folder.`);
      if (!told) {
        say(`waiting for another infra command (pid ${holder}) on profile ${profile}...`);
        told = true;
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
