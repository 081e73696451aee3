// `npm start`: the whole system on this machine. Starts the local infrastructure (Kafka, FerretDB,
// MailDev), then the five apps as separate processes, prints the URLs, and on Ctrl-C stops the
// apps and then the infrastructure. The settings below are development defaults (never use them in
// production; docker-compose.yml and deploy/k8s take theirs from .env / secrets).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints, startInfra, stopInfra } from '../deploy/local/infra.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const APPS = [
  { name: 'organisations', port: 3101 },
  { name: 'working-groups', port: 3102 },
  { name: 'villages', port: 3103 },
  { name: 'notifications', port: 3104 },
  { name: 'gateway', port: 3000 },
];

const infra = await startInfra({ profile: 'dev' });
const common = {
  LOG_LEVEL: 'info',
  INTERNAL_TOKEN_SECRET: 'dev-only-internal-secret-change-me-0123456789',
  KAFKA_BROKERS: infra.kafka.brokers.join(','),
  SMTP_HOST: infra.smtp.host,
  SMTP_PORT: String(infra.smtp.port),
  MAIL_FROM: 'yhteispeli@yhteispeli.local',
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
  NOTIFICATIONS_LINK_SECRET: 'dev-only-link-secret-change-me-0123456789abcdef',
  PUBLIC_BASE_URL: 'http://localhost:3000',
  // Development only: lets a webhook point at a receiver on this machine.
  WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
  BOOTSTRAP_ADMIN_USERNAME: 'admin@yhteispeli.local',
  BOOTSTRAP_ADMIN_PASSWORD: 'dev-admin-password',
  ORGANISATIONS_URL: 'http://127.0.0.1:3101',
  NOTIFICATIONS_URL: 'http://127.0.0.1:3104',
};

const children = new Map();
let stopping = false;

function startApp({ name, port }) {
  const env = {
    ...process.env,
    ...common,
    PORT: String(port),
    HOST: '127.0.0.1',
    MONGODB_URI: `${infra.mongo.url.replace(/\/$/, '')}/yp-${name}`,
  };
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}]`.padEnd(17);
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping everything.`);
      void shutdown(1);
    }
  });
  children.set(name, child);
}

/** True when the register has no organisations yet (first run): `npm run seed` is then offered. */
async function registerIsEmpty() {
  try {
    const login = await fetch('http://127.0.0.1:3000/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: common.BOOTSTRAP_ADMIN_USERNAME, password: common.BOOTSTRAP_ADMIN_PASSWORD }),
    });
    if (!login.ok) return false;
    const { accessToken } = await login.json();
    const res = await fetch('http://127.0.0.1:3000/api/v1/organisations?limit=1', { headers: { authorization: `Bearer ${accessToken}` } });
    return res.ok && (await res.json()).items.length === 0;
  } catch {
    return false; // only a hint: never stop the start for it
  }
}

async function waitReady({ name, port }, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not become ready within ${timeoutMs / 1000} s`);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the apps...');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  console.log('Stopping the local infrastructure...');
  await stopInfra({ profile: 'dev' });
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

for (const app of APPS) startApp(app);
try {
  await Promise.all(APPS.map((app) => waitReady(app)));
} catch (error) {
  console.error(String(error));
  await shutdown(1);
}
if (stopping) await new Promise(() => {}); // shutting down: shutdown() exits the process
const mail = endpoints({ profile: 'dev' }).mailWeb.url;
console.log(`
Yhteispeli is running. Press Ctrl-C to stop everything.

  Gateway (REST)   http://127.0.0.1:3000/api/v1
  Swagger UI       http://127.0.0.1:3000/docs
  OpenAPI JSON     http://127.0.0.1:3000/docs/openapi.json
  AsyncAPI JSON    http://127.0.0.1:3000/docs/asyncapi.json
  Mail viewer      ${mail}
  Log in as        ${common.BOOTSTRAP_ADMIN_USERNAME} / ${common.BOOTSTRAP_ADMIN_PASSWORD}
`);
if (await registerIsEmpty()) console.log('  The register is empty: load the demo data with `npm run seed` in another terminal.\n');
