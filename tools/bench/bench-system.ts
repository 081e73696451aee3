// The system the benchmark measures: the local test infrastructure (started if it is not running,
// stopped at the end only if the benchmark started it) and the services as separate processes,
// started the way `npm start` starts them (tools/start/services.mjs) but on free ports, with their
// own databases (`yp-bench-<run>-<service>`), Kafka topic prefix (`bench.<run>.`) and consumer
// groups, so a run never touches development data or another run. Everything it created (databases,
// topics, consumer groups) is deleted when it stops.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { mongo } from 'mongoose';
import * as localInfra from '../../deploy/local/infra.mjs';
import { REPO_ROOT, buildServices, developmentEnvironment, startService, stopService, waitUntilReady } from '../start/services.mjs';

export type AppName = 'gateway' | 'organisations' | 'working-groups' | 'villages' | 'notifications';

/** Where the infrastructure answers (the shape of deploy/local's `endpoints()`). */
export interface Endpoints {
  readonly kafka: { readonly brokers: string[] };
  readonly mongo: { readonly url: string };
  readonly smtp: { readonly host: string; readonly port: number };
  readonly mailWeb: { readonly url: string; readonly api: string };
}

/** One service process of the benchmark: an app, under a key (two organisations services run side by side). */
export interface BenchService {
  readonly key: string;
  readonly app: AppName;
  readonly port: number;
  readonly url: string;
  readonly databaseName: string;
  readonly topicPrefix: string;
  readonly logFile: string;
  readonly pid: () => number | undefined;
}

type Running = ReturnType<typeof startService>;

/** deploy/local/infra.mjs, as this file uses it (plain JavaScript without declared types). */
const infraCli = localInfra as unknown as {
  readonly COMPONENT_NAMES: readonly string[];
  status(options: { profile: string }): Promise<Record<string, { running: boolean }>>;
  startInfra(options: { profile: string }): Promise<Endpoints>;
  stopInfra(options: { profile: string; only: string[] }): Promise<unknown>;
};

const PROFILE = 'test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The infrastructure for a run: a test run's (YP_TEST_ENDPOINTS, set by jest's global set-up) as
 * it is, else deploy/local's test profile, started where it is not running.
 */
export class BenchInfrastructure {
  private constructor(
    readonly endpoints: Endpoints,
    /** Components this run started, and so stops. */
    private readonly owned: readonly string[],
  ) {}

  static async acquire(say: (line: string) => void): Promise<BenchInfrastructure> {
    const given = process.env.YP_TEST_ENDPOINTS;
    if (given) return new BenchInfrastructure(JSON.parse(given) as Endpoints, []);
    const before = await infraCli.status({ profile: PROFILE });
    const owned = infraCli.COMPONENT_NAMES.filter((name) => !before[name]?.running);
    if (owned.length > 0) say(`starting the local test infrastructure (${owned.join(', ')})`);
    const endpoints = await infraCli.startInfra({ profile: PROFILE });
    return new BenchInfrastructure(endpoints, owned);
  }

  async release(): Promise<void> {
    if (this.owned.length > 0) await infraCli.stopInfra({ profile: PROFILE, only: [...this.owned] });
  }
}

/** The benchmark's service processes and everything they create. */
export class BenchSystem {
  private readonly services = new Map<string, BenchService>();
  private readonly running = new Map<string, Running>();
  private readonly scratch = new Set<string>();
  private readonly ports = new Map<AppName, number>();

  constructor(
    readonly runId: string,
    readonly infra: Endpoints,
    private readonly logLevel: string,
    private readonly logDir: string,
  ) {}

  /** Prefix of every Kafka topic and consumer group of this run. */
  get topicPrefix(): string {
    return `bench.${this.runId}.`;
  }

  /** Prefix of every database of this run. */
  get databasePrefix(): string {
    return `yp-bench-${this.runId}-`;
  }

  /**
   * A database of this run that no service owns (say, a measure's scratch database), by suffix:
   * named here so that `deleteData` drops it.
   */
  scratchDatabase(suffix: string): string {
    const name = `${this.databasePrefix}${suffix}`;
    this.scratch.add(name);
    return name;
  }

  service(key: string): BenchService {
    const service = this.services.get(key);
    if (!service) throw new Error(`The benchmark has no service ${key}`);
    return service;
  }

  /** The services started, by key. */
  get all(): readonly BenchService[] {
    return [...this.services.values()];
  }

  /**
   * Declares a service: `key` names it (the app's name for the main system; e.g.
   * `organisations-large` for a second organisations service with its own database and topics).
   */
  async declare(key: string, app: AppName, options: { databaseName?: string; topicPrefix?: string } = {}): Promise<BenchService> {
    const port = await freePort();
    if (key === app) this.ports.set(app, port);
    const service: BenchService = {
      key,
      app,
      port,
      url: `http://127.0.0.1:${port}`,
      databaseName: options.databaseName ?? `${this.databasePrefix}${key}`,
      topicPrefix: options.topicPrefix ?? this.topicPrefix,
      logFile: join(this.logDir, `${key}.log`),
      pid: () => this.running.get(key)?.child.pid,
    };
    this.services.set(key, service);
    return service;
  }

  /** Starts the declared services given (in parallel) and waits until each answers ready. */
  async start(keys: readonly string[]): Promise<void> {
    await buildServices(); // as npm start does: compiled JavaScript, never a stale build
    const started = keys.map((key) => this.spawn(this.service(key)));
    await waitUntilReady(started, { timeoutMs: 180_000 });
  }

  /** Stops a service (SIGTERM, as on a deployment) and starts it again on the same port and database. */
  async restart(key: string): Promise<void> {
    await this.stop(key);
    await this.start([key]);
  }

  async stop(key: string): Promise<void> {
    const running = this.running.get(key);
    if (!running) return;
    this.running.delete(key);
    await stopService(running);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((key) => this.stop(key)));
  }

  /**
   * Drops the run's databases and deletes its topics and consumer groups (after stopAll). Drops them
   * by name (the services' and the scratch ones): on a busy FerretDB `listDatabases` can take longer
   * than the whole run.
   */
  async deleteData(): Promise<void> {
    const client = await mongo.MongoClient.connect(this.infra.mongo.url, { serverSelectionTimeoutMS: 5000 });
    try {
      const names = new Set([...[...this.services.values()].map((s) => s.databaseName), ...this.scratch]);
      for (const name of names) if (name.startsWith(this.databasePrefix)) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
    await deleteKafkaPrefix(this.infra.kafka.brokers, this.topicPrefix);
  }

  /** Resident memory of a service's process in MB (/proc/<pid>/status, VmRSS). */
  rssMB(key: string): number {
    const pid = this.service(key).pid();
    if (pid === undefined) throw new Error(`${key} is not running`);
    return rssMBOf(pid);
  }

  /** The development settings of an app (tools/start/services.mjs) on this run's ports. */
  settings(app: AppName): Record<string, string> {
    const ports = Object.fromEntries(this.ports);
    const environment = developmentEnvironment({ infra: this.infra, ports, databasePrefix: this.databasePrefix }) as unknown as Record<
      AppName,
      Record<string, string>
    >;
    return environment[app];
  }

  private spawn(service: BenchService): Running {
    const running = startService({
      name: service.key,
      app: service.app,
      port: service.port,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...this.settings(service.app),
        LOG_LEVEL: this.logLevel,
        MONGODB_URI: `${this.infra.mongo.url.replace(/\/$/, '')}/${service.databaseName}`,
        KAFKA_TOPIC_PREFIX: service.topicPrefix,
        // The benchmark is one caller sending thousands of requests a minute.
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      root: REPO_ROOT,
      logFile: service.logFile,
    });
    this.running.set(service.key, running);
    return running;
  }
}

/** Deletes the topics and consumer groups whose names start with `prefix`. */
export async function deleteKafkaPrefix(brokers: readonly string[], prefix: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'yp-bench-cleanup', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Resident memory of a process in MB (10^6 bytes), from /proc (Linux). */
export function rssMBOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  const kib = line ? Number(line.replace(/\D+/g, '')) : Number.NaN;
  if (!Number.isFinite(kib)) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return (kib * 1024) / 1e6;
}
