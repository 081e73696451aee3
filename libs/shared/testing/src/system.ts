import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from './eventually';
import { dropTestDatabase } from './mongo';
import { REPO_ROOT, testEndpoints } from './test-infra';

export type AppName = 'gateway' | 'organisations' | 'working-groups' | 'villages' | 'notifications';
export const ALL_APPS: readonly AppName[] = ['organisations', 'working-groups', 'villages', 'notifications', 'gateway'];

const isAppName = (name: string): name is AppName => (ALL_APPS as readonly string[]).includes(name);

export const TEST_ADMIN = { username: 'admin@yhteispeli.test', password: 'e2e-admin-password-123' };

/** Ended, by itself (an exit code) or by a signal (Nest re-raises SIGTERM, SIGKILL has no code). */
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * How an app runs, as `npm start` runs it (tools/start/services.mjs, SERVICE_NODE_ARGS; a unit test
 * keeps the two the same): compiled JavaScript from dist/, with Node's flags for the services.
 */
export const APP_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4'];
export const appEntryPoint = (app: AppName): string => `dist/apps/${app}/src/main.js`;

/** Compiles what changed into dist/ (tools/build.mjs, quick when nothing did), so no stale build runs. */
function buildApps(): void {
  const result = spawnSync(process.execPath, [resolve(REPO_ROOT, 'tools/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`The build failed (node tools/build.mjs):\n${result.stdout}${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/**
 * The whole system as real processes (what `npm start` runs: the compiled entry points), isolated per test
 * file: its own databases (names contain "test"), its own Kafka topic prefix, free ports.
 */
export class TestSystem {
  readonly ports = new Map<AppName, number>();
  private readonly processes = new Map<AppName, ChildProcess>();
  private token: string | undefined;

  private constructor(
    readonly name: string,
    readonly runId: string,
  ) {}

  static async start(
    name: string,
    apps: readonly AppName[] = ALL_APPS,
    extraEnv: Partial<Record<AppName, Record<string, string>>> = {},
  ): Promise<TestSystem> {
    buildApps();
    const system = new TestSystem(name, randomBytes(3).toString('hex'));
    for (const app of ALL_APPS) system.ports.set(app, await freePort());
    system.extraEnv = extraEnv;
    const results = await Promise.allSettled(apps.map((app) => system.startApp(app)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await system.stop();
      throw failure.reason;
    }
    return system;
  }

  private extraEnv: Partial<Record<AppName, Record<string, string>>> = {};

  get topicPrefix(): string {
    return `e2e.${this.name}.${this.runId}.`;
  }

  databaseName(app: AppName): string {
    return `yp_${this.name.replace(/[^a-z0-9]/g, '_')}_${this.runId}_${app.replace('-', '_')}_test`;
  }

  url(app: AppName): string {
    return `http://127.0.0.1:${this.ports.get(app)}`;
  }

  env(app: AppName): Record<string, string> {
    const e = testEndpoints();
    return {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(this.ports.get(app)),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.YP_TEST_LOG_LEVEL ?? 'info',
      INTERNAL_TOKEN_SECRET: 'test-internal-secret-0123456789abcdef',
      MONGODB_URI: `${e.mongo.url.replace(/\/$/, '')}/${this.databaseName(app)}`,
      KAFKA_BROKERS: e.kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      SMTP_HOST: e.smtp.host,
      SMTP_PORT: String(e.smtp.port),
      MAIL_FROM: 'yhteispeli@yhteispeli.test',
      MAIL_RETRY_BASE_MS: '300',
      JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123',
      NOTIFICATIONS_LINK_SECRET: 'test-link-secret-0123456789abcdef0123',
      PUBLIC_BASE_URL: this.url('gateway'),
      BOOTSTRAP_ADMIN_USERNAME: TEST_ADMIN.username,
      BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
      ORGANISATIONS_URL: this.url('organisations'),
      NOTIFICATIONS_URL: this.url('notifications'),
      ...(this.extraEnv[app] ?? {}),
    };
  }

  async startApp(app: AppName): Promise<void> {
    const logDir = resolve(REPO_ROOT, '.local/test/logs');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(resolve(logDir, `e2e-${this.name}-${app}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [...APP_NODE_ARGS, appEntryPoint(app)], {
      cwd: REPO_ROOT,
      env: this.env(app),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(app, child);
    let exited = false;
    child.once('exit', () => (exited = true));
    await eventually(
      async () => {
        if (exited) throw new Error(`${app} exited during start-up; see .local/test/logs/e2e-${this.name}-${app}.log`);
        return this.isReady(this.url(app));
      },
      `${app} to be ready`,
      90000,
      300,
    ).catch((error: unknown) => {
      if (exited) throw new Error(`${app} exited during start-up; see .local/test/logs/e2e-${this.name}-${app}.log`);
      throw error;
    });
  }

  /** Whether this system runs the app now (started, not stopped). */
  isRunning(app: AppName): boolean {
    return this.processes.has(app);
  }

  /**
   * Ready, or ready but for services this system did not start. A file starts only the apps it
   * needs; the gateway's readiness also checks the services it relays to (by name: `organisations`,
   * `notifications`), and a service a test left out on purpose must not keep it from starting. Every
   * other check (its database, a service that was started) must be up, as before.
   */
  private async isReady(baseUrl: string): Promise<boolean> {
    const res = await fetch(`${baseUrl}/health/ready`);
    if (res.ok) return true;
    if (res.status !== 503) throw new Error(`/health/ready answered ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, string> };
    const down = Object.entries(body.checks ?? {}).filter(([, status]) => status.startsWith('down'));
    if (down.length === 0) return false;
    return down.every(([name]) => isAppName(name) && !this.processes.has(name));
  }

  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.processes.get(app);
    if (!child || hasExited(child)) {
      this.processes.delete(app);
      return child?.exitCode ?? null;
    }
    this.processes.delete(app);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  private readonly replicas: (() => Promise<void>)[] = [];

  /**
   * A second instance of an app on the same database, Kafka consumer group and SMTP server (another
   * port), as a scaled-out deployment runs it. Stopped with the system.
   */
  async startReplica(app: AppName, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logDir = resolve(REPO_ROOT, '.local/test/logs');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(resolve(logDir, `e2e-${this.name}-${app}-replica.log`), { flags: 'a' });
    const child = spawn(process.execPath, [...APP_NODE_ARGS, appEntryPoint(app)], {
      cwd: REPO_ROOT,
      env: { ...this.env(app), ...extraEnv, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const stop = async () => {
      if (hasExited(child)) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    };
    this.replicas.push(stop);
    await eventually(
      async () => {
        if (hasExited(child))
          throw new Error(`${app} replica exited during start-up; see .local/test/logs/e2e-${this.name}-${app}-replica.log`);
        return this.isReady(url);
      },
      `${app} replica to be ready`,
      90000,
      300,
    );
    return { url, stop };
  }

  /** Stops every app and replica and keeps their databases (a test that starts on them again). */
  async stopApps(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((app) => this.stopApp(app)));
    await Promise.all(this.replicas.map((stop) => stop()));
  }

  /** Stops every app and replica, then drops the system's databases (set YP_TEST_KEEP_DATABASES to keep them). */
  async stop(): Promise<void> {
    await this.stopApps();
    // Every app's, started or not: an app stopped earlier in the file left its database too.
    await Promise.all(ALL_APPS.map((app) => dropTestDatabase(this.databaseName(app))));
  }

  async token_(): Promise<string> {
    if (this.token) return this.token;
    this.token = (await this.logIn(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    return this.token;
  }

  /** Logs in through the gateway; throws unless it succeeds. */
  async logIn(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await this.request<{ accessToken: string; refreshToken: string }>('POST', '/api/v1/auth/token', {
      body: { username, password },
      auth: false,
    });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A request to the gateway as a client would send it. */
  async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth !== false) headers.authorization ??= `Bearer ${await this.token_()}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.url('gateway')}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
}
