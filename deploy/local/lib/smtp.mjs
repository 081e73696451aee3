// MailDev: an SMTP server that keeps every mail and shows it in a web UI + REST API.
// It is a root devDependency of the workspace (node_modules/maildev); run as a child process.
import fs from 'node:fs';
import path from 'node:path';
import { HOST, InfraError, REPO_ROOT, httpOk, logFile, mkdirp, ports, stateDir, tail, tcpConnect, versions } from './common.mjs';

export const name = 'smtp';
export const label = 'SMTP (MailDev)';

export function portList(profile) {
  const p = ports(profile);
  return [
    { port: p.smtp, env: 'YP_SMTP_PORT', what: 'SMTP' },
    { port: p.mailWeb, env: 'YP_MAIL_WEB_PORT', what: 'mail web UI' },
  ];
}

/** Finds maildev: $YP_MAILDEV_BIN, else node_modules/maildev from the repo root upwards. */
export function findMaildev() {
  if (process.env.YP_MAILDEV_BIN) {
    const bin = path.resolve(process.env.YP_MAILDEV_BIN);
    return { bin, version: packageVersionAbove(bin) };
  }
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const pkgFile = path.join(dir, 'node_modules', 'maildev', 'package.json');
    if (fs.existsSync(pkgFile)) {
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
      const rel = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.maildev;
      return { bin: path.join(path.dirname(pkgFile), rel), version: pkg.version };
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function packageVersionAbove(file) {
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8'));
      if (pkg.name === 'maildev') return pkg.version;
    }
  }
  return versions().maildev;
}

/** MailDev 3 serves its REST API under /api; MailDev 2 at the root. */
function apiBase(profile, version) {
  const major = Number(String(version ?? versions().maildev).split('.')[0]);
  return `http://${HOST}:${ports(profile).mailWeb}${major >= 3 ? '/api' : ''}`;
}

/** The MailDev version that runs (recorded at start), else the one that would run. */
function activeVersion(profile) {
  try {
    return fs.readFileSync(path.join(stateDir(profile), 'maildev', 'version'), 'utf8').trim();
  } catch {
    return findMaildev()?.version;
  }
}

export function endpoint(profile) {
  return {
    smtp: { host: HOST, port: ports(profile).smtp },
    mailWeb: { url: `http://${HOST}:${ports(profile).mailWeb}/`, api: apiBase(profile, activeVersion(profile)) },
  };
}

export function preflight() {
  const md = findMaildev();
  if (!md || !fs.existsSync(md.bin)) {
    throw new InfraError(
      `The SMTP server (MailDev) is not installed: run "npm install" in ${REPO_ROOT} (maildev is a root devDependency) and run again.`,
    );
  }
}

export async function provision() {}

export async function prepare(profile) {
  const md = findMaildev();
  const p = ports(profile);
  const dir = mkdirp(path.join(stateDir(profile), 'maildev'));
  const mail = mkdirp(path.join(dir, 'mail'));
  fs.writeFileSync(path.join(dir, 'version'), `${md.version}\n`);
  return {
    cmd: process.execPath,
    args: [md.bin, '--smtp', String(p.smtp), '--ip', HOST, '--web', String(p.mailWeb), '--web-ip', HOST, '--mail-directory', mail],
    marker: mail,
    cwd: dir,
    env: { NODE_ENV: 'production' },
  };
}

export async function ready(profile) {
  if (!(await tcpConnect(ports(profile).smtp))) return false;
  return httpOk(`${apiBase(profile, activeVersion(profile))}/healthz`);
}

export const readyTimeoutMs = 30000;
export const stopGraceMs = 10000;

export function describe(profile) {
  const e = endpoint(profile);
  return `MailDev ${activeVersion(profile) ?? '?'}  SMTP ${HOST}:${e.smtp.port}, web ${e.mailWeb.url} (REST ${e.mailWeb.api}/email)`;
}

export function failureHint(profile) {
  return tail(logFile(profile, 'smtp'), 30);
}
