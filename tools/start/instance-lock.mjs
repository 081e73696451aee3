// One `npm start` per clone: a pid file that a second start reads to refuse at once, before it
// touches anything. A file left by a start that died (kill -9, a crash, a reboot) is recognised
// as stale: its process is gone, or its pid now belongs to another process (the process start
// time recorded with it differs), and the next start takes over.
import fs from 'node:fs';
import path from 'node:path';
import { isSameProcess, processStartTime } from '../../deploy/local/lib/common.mjs';

export { processStartTime };

/** Thrown when another live start holds the lock. */
export class AlreadyRunning extends Error {
  constructor(pid) {
    super(`Yhteispeli is already running (pid ${pid}); stop it with Ctrl-C there.`);
    this.name = 'AlreadyRunning';
    this.pid = pid;
  }
}

/** True when the record's process still runs and is the same process (not a reused pid). */
export function holderAlive(record) {
  const pid = Number(record?.pid);
  return Number.isInteger(pid) && pid > 0 && isSameProcess(pid, record.procStart);
}

function readRecord(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    return null; // unreadable: no live start writes such a file (it is linked into place whole)
  }
}

/**
 * Takes the lock at `file` for this process. Throws AlreadyRunning when a live start holds it.
 * Returns { record, previous, update(fields), release() }; `previous` is the stale record taken
 * over, if any (its leftover processes are the caller's to clean up).
 */
export function acquireInstanceLock(file, extra = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const record = { pid: process.pid, procStart: processStartTime(process.pid), startedAt: new Date().toISOString(), ...extra };
  const write = (target) => fs.writeFileSync(target, `${JSON.stringify(record, null, 2)}\n`);
  const tmp = `${file}.${process.pid}.tmp`;
  let previous;
  for (let attempt = 0; ; attempt++) {
    write(tmp);
    try {
      fs.linkSync(tmp, file); // atomic: fails when the file exists, and the file is never seen half written
      fs.rmSync(tmp, { force: true });
      break;
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      if (e.code !== 'EEXIST' || attempt >= 5) throw e;
    }
    const held = readRecord(file);
    if (held === undefined) continue; // released in between: try again
    if (held && holderAlive(held)) throw new AlreadyRunning(held.pid);
    // Stale: move it aside (atomic), then make sure what was moved is the stale one and not a
    // live lock that a third start took in between; such a lock goes back.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch (e) {
      if (e.code === 'ENOENT') continue;
      throw e;
    }
    const moved = readRecord(aside);
    if (moved && holderAlive(moved)) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone else holds it now: they refuse or take over as usual */
      }
      fs.rmSync(aside, { force: true });
      throw new AlreadyRunning(moved.pid);
    }
    fs.rmSync(aside, { force: true });
    previous = moved ?? held ?? undefined;
  }
  const ours = () => readRecord(file)?.pid === process.pid;
  return {
    record,
    previous,
    /** Records more about this start (the apps' pids, what infrastructure it started). */
    update(fields) {
      if (!ours()) return;
      Object.assign(record, fields);
      write(tmp);
      fs.renameSync(tmp, file);
    },
    release() {
      if (ours()) fs.rmSync(file, { force: true });
    },
  };
}
