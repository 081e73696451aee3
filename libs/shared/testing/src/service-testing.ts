import { randomBytes } from 'node:crypto';
import {
  Global,
  Module,
  type DynamicModule,
  type ForwardReference,
  type INestApplicationContext,
  type LogLevel,
  type Provider,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { Kafka, logLevel } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import {
  BackendServiceConfig,
  DatabaseServiceConfig,
  ServiceConfig,
  databaseConnectionOptions,
  environmentValidator,
} from '@yp/shared-bootstrap';
import { assertTestDatabase } from './database-name';
import { dropTestDatabase } from './mongo';
import { testEndpoints } from './test-infra';

type ModuleImport = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

export interface ServiceTestingOptions<C extends ServiceConfig> {
  /** Names the file's database (`int-<name>-test-<run>`) and Kafka topic prefix. */
  readonly name: string;
  /** The app's validated configuration class: built from `env` and test defaults with the same validation as at boot. */
  readonly config: new () => C;
  /** Variables beyond the defaults (the database, the broker, a topic prefix of its own, an internal secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** What the app module imports besides its infrastructure: the feature modules, or the slice a handler needs. */
  readonly imports: readonly ModuleImport[];
  /** Providers the app module would give these imports (global here), e.g. the outbox without its relay. */
  readonly providers?: readonly Provider[];
  /**
   * The database of another module of this file: a second instance of the service on the same data,
   * as a scaled-out deployment runs it. Its owner drops it; `close` here leaves it.
   */
  readonly database?: string;
  /**
   * The imports talk to Kafka (KafkaModule, OutboxModule): they get the run's broker and this
   * module's topic prefix, and the topics under that prefix are deleted at the end.
   */
  readonly kafka?: boolean;
}

/** A service's Nest modules on a database of their own: one per test file, shared by its tests. */
export interface ServiceTestingModule {
  readonly app: INestApplicationContext;
  /** Contains "test"; dropped by `close` (unless it is another module's). */
  readonly databaseName: string;
  readonly topicPrefix: string;
  /** The service's own connection to that database (the one its repositories use). */
  readonly db: mongo.Db;
  get<T>(token: Type<T>): T;
  /** Closes the modules (their shutdown hooks run), then drops the database and deletes the topics. */
  close(): Promise<void>;
}

async function deleteTopics(prefix: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-cleanup', brokers: testEndpoints().kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}

/** The app's configuration class and the base classes shared code injects, all one validated instance. */
function configModule<C extends ServiceConfig>(cls: new () => C, env: Record<string, string>): DynamicModule {
  const config = environmentValidator(cls)(env);
  const bases = [ServiceConfig, DatabaseServiceConfig, BackendServiceConfig].filter(
    (base) => base !== cls && cls.prototype instanceof base,
  );
  @Global()
  @Module({})
  class TestConfigModule {}
  return {
    module: TestConfigModule,
    providers: [{ provide: cls, useValue: config }, ...bases.map((base) => ({ provide: base, useExisting: cls }))],
    exports: [cls, ...bases],
  };
}

function globalProviders(providers: readonly Provider[]): DynamicModule {
  @Global()
  @Module({})
  class TestProvidersModule {}
  const tokens = providers.map((p) => (typeof p === 'function' ? p : p.provide));
  return { module: TestProvidersModule, providers: [...providers], exports: tokens };
}

/**
 * Builds a service's Nest modules as its app module wires them (validated configuration, its
 * database connection with the services' options), without HTTP, logging set-up or anything not
 * asked for, on a database named for this file. Handlers are then called as controllers would:
 * `module.get(RegisterOrganisationHandler).execute(...)`.
 *
 * ```ts
 * let service: ServiceTestingModule;
 * beforeAll(async () => (service = await createServiceTestingModule({ name: 'register-organisation', config, imports })));
 * afterAll(() => service?.close());
 * ```
 */
export async function createServiceTestingModule<C extends ServiceConfig>(
  options: ServiceTestingOptions<C>,
): Promise<ServiceTestingModule> {
  const run = randomBytes(4).toString('hex');
  const slug = options.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const databaseName = options.database ?? `int-${slug}-test-${run}`;
  const topicPrefix = `int.${slug}.${run}.`;
  assertTestDatabase(databaseName);
  const endpoints = testEndpoints();
  const env: Record<string, string> = {
    SERVICE_NAME: `int-${slug}`,
    PORT: '1', // required by the configuration; nothing listens
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    INTERNAL_TOKEN_SECRET: 'test-internal-secret-0123456789abcdef',
    MONGODB_URI: `${endpoints.mongo.url.replace(/\/$/, '')}/${databaseName}`,
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    ...options.env,
  };
  const cleanUp = async () => {
    if (!options.database) await dropTestDatabase(databaseName);
    if (options.kafka) await deleteTopics(topicPrefix);
  };

  @Module({
    imports: [
      configModule(options.config, env),
      MongooseModule.forRootAsync({ useFactory: () => databaseConnectionOptions(env.MONGODB_URI ?? '') }),
      globalProviders(options.providers ?? []),
      ...options.imports,
    ],
  })
  class ServiceTestingRootModule {}

  const logger: LogLevel[] = process.env.YP_TEST_LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'];
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(ServiceTestingRootModule, { logger, abortOnError: false });
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
  const db = app.get<Connection>(getConnectionToken()).db;
  if (!db) throw new Error('The database connection is not open');
  let closed: Promise<void> | undefined;
  return {
    app,
    databaseName,
    topicPrefix,
    db,
    get: <T>(token: Type<T>) => app.get(token),
    close: () =>
      (closed ??= (async () => {
        try {
          await app.close();
        } finally {
          await cleanUp();
        }
      })()),
  };
}
