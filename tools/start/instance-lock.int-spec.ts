import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlreadyRunning, acquireInstanceLock, processStartTime } from './instance-lock.mjs';
import { REPO_ROOT } from './services.mjs';

const LOCK_MODULE = join(__dirname, 'instance-lock.mjs');

/** Another process (as a second `npm start` would be) that takes the lock and says what happened. */
function contender(file: string, hold: boolean): { child: ChildProcess; outcome: Promise<string> } {
  const script = `
    const { acquireInstanceLock } = require(${JSON.stringify(LOCK_MODULE)});
    try { acquireInstanceLock(${JSON.stringify(file)}); console.log('held'); }
    catch (e) { console.log(e.name === 'AlreadyRunning' ? 'refused ' + e.pid : 'error ' + e.message); process.exit(0); }
    ${hold ? 'setInterval(() => {}, 1000);' : 'process.exit(0);'}`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const outcome = new Promise<string>((resolve) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim()));
  });
  return { child, outcome };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('one npm start per clone (instance lock)', () => {
  let dir: string;
  let file: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yp lock '));
    file = join(dir, 'start.pid');
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map(killed));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second holder while the first lives, naming its pid', async () => {
    const first = contender(file, true);
    children.push(first.child);
    expect(await first.outcome).toBe('held');
    expect(() => acquireInstanceLock(file)).toThrow(new AlreadyRunning(first.child.pid));
    expect(() => acquireInstanceLock(file)).toThrow(`Yhteispeli is already running (pid ${first.child.pid}); stop it with Ctrl-C there.`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: first.child.pid });
  });

  it('takes over the lock of a start that was killed (kill -9) and hands back its record', async () => {
    const first = contender(file, true);
    children.push(first.child);
    expect(await first.outcome).toBe('held');
    await killed(first.child);
    const lock = acquireInstanceLock(file);
    expect(lock.previous).toMatchObject({ pid: first.child.pid });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (reused pid)', () => {
    // This very process is alive, but it is not the process that wrote the record: its start time differs.
    writeFileSync(file, JSON.stringify({ pid: process.pid, procStart: 'not-this-process' }));
    expect(processStartTime(process.pid)).not.toBeNull();
    const lock = acquireInstanceLock(file);
    expect(lock.previous).toMatchObject({ pid: process.pid, procStart: 'not-this-process' });
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(file, '{ half a record');
    const lock = acquireInstanceLock(file);
    expect(lock.previous).toBeUndefined();
    lock.release();
  });

  it('lets exactly one of several simultaneous starts win', async () => {
    const racers = Array.from({ length: 4 }, () => contender(file, true));
    children.push(...racers.map((r) => r.child));
    const outcomes = await Promise.all(racers.map((r) => r.outcome));
    const winner = racers[outcomes.indexOf('held')];
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(1);
    expect(outcomes.filter((o) => o === `refused ${winner?.child.pid}`)).toHaveLength(3);
  });

  it('records what the start adds (its services) and releases only its own lock', () => {
    const lock = acquireInstanceLock(file, { root: '/some/clone' });
    lock.update({ apps: { gateway: { pid: 1, procStart: '1' } } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, root: '/some/clone', apps: { gateway: { pid: 1 } } });
    writeFileSync(file, JSON.stringify({ pid: 1 })); // someone else's now
    lock.release();
    expect(existsSync(file)).toBe(true);
  });
});

describe('a second npm start', () => {
  it('refuses at once with one sentence and touches nothing', async () => {
    const lockFile = join(REPO_ROOT, '.local', 'dev', 'start.pid');
    // The first start: a real one if a developer runs it now, else a stand-in that holds the lock.
    const stand = contender(lockFile, true);
    const outcome = await stand.outcome;
    const holder = outcome === 'held' ? stand.child.pid : Number(/^refused (\d+)$/.exec(outcome)?.[1]);
    try {
      const before = readFileSync(lockFile, 'utf8');
      const t0 = Date.now();
      const second = spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'start.mjs')], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30000,
      });
      expect({ status: second.status, stdout: second.stdout, stderr: second.stderr }).toEqual({
        status: 1,
        stdout: '',
        stderr: `Yhteispeli is already running (pid ${holder}); stop it with Ctrl-C there.\n`,
      });
      expect(Date.now() - t0).toBeLessThan(10000);
      expect(readFileSync(lockFile, 'utf8')).toBe(before);
    } finally {
      await killed(stand.child);
      if (outcome === 'held') rmSync(lockFile, { force: true });
    }
  });
});
