// `npm run bench`: how fast the system is where users wait, measured side by side in one run
// (issue 11). Prints one table — each measure's absolute values (medians of interleaved rounds),
// the ratio it is judged by, the target and whether it is met — with the store and the machine,
// and writes the same as JSON (.local/bench/) and as the results section of docs/benchmarks.md.
//
//   npm run bench                       the full run (about 15 minutes on 2 cores)
//   npm run bench -- --smoke            small data, 1 s rounds, no thresholds, no Markdown (about a minute)
//   npm run bench -- --only 1,6         some measures (the data set is loaded all the same)
//   npm run bench -- --help             every knob: register sizes, rounds, round length, connections,
//                                       email burst/rate/wait, events; also as YP_BENCH_<NAME>
//   YP_BENCH_URL=http://127.0.0.1:3000 npm run bench
//                                       measures 1 and 6 on a running system (tools/bench/running-system.ts)
//
// What it does:
// 1. Infrastructure: the running test infrastructure (deploy/local, profile "test"; started if it
//    is not running and then stopped at the end), or a test run's (YP_TEST_ENDPOINTS).
// 2. The five services as processes (as `npm start` runs them) on free ports, with databases
//    `yp-bench-<run>-*` and Kafka prefix `bench.<run>.`, plus a second organisations service on its
//    own database for the large register. All of it is dropped at the end.
// 3. Data set: one organisation with a published activity per municipality through the public API,
//    copied with the driver into a small (1 000) and a large (20 000) register; liaison officers in
//    every municipality, four in the first one, appointed before the email measure (tools/bench/data-set.ts).
// 4. Measures, in this order: 1 gateway vs direct, 2 lists at the large vs the small size,
//    5 projection pipeline vs raw kafkajs, 4 creates through the gateway vs raw inserts, 3 email
//    throughput and latency, 6 memory (tools/bench/measures/). Every comparison runs its sides in
//    turn (A, B, A, B, ...) after a warm-up; each figure is the median of its rounds.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { mongo } from 'mongoose';
import type { BenchContext, DataSet } from './bench-context';
import { parseBenchOptions, type BenchOptions } from './bench-options';
import { BenchInfrastructure, BenchSystem, type AppName } from './bench-system';
import { DirectClient, GatewayClient } from './clients';
import { appointOfficers, benchMunicipalities, copyCode, createTemplates, TemplateCopier } from './data-set';
import { describeMachine, describeStore } from './machine';
import { Mailbox } from './mailbox';
import { measureEmailDelivery } from './measures/email-delivery';
import { measureGatewayOverhead } from './measures/gateway-overhead';
import { measureListGrowth } from './measures/list-growth';
import { idleRss, measureMemory } from './measures/memory';
import { measureProjectionPipeline } from './measures/projection-pipeline';
import { measureWritePath } from './measures/write-path';
import { benchRunningSystem } from './running-system';
import { formatTable, writeJson, writeMarkdownResults, type BenchReport, type ResultRow } from './report';
import { REPO_ROOT } from '../start/services.mjs';

const say = (line: string) => console.log(`[bench] ${line}`);
// The kit's classes measured in this process (measure 5) log through Nest: only their errors here.
Logger.overrideLogger(['error']);
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
const OFFICERS_IN_EMAIL_MUNICIPALITY = 4;
const MAIN_SERVICES: AppName[] = ['organisations', 'notifications', 'working-groups', 'villages', 'gateway'];

/**
 * The data set (tools/bench/data-set.ts): templates through the gateway, copied into both
 * registers; then organisations is restarted on its loaded register and organisations-large started.
 */
async function loadDataSet(options: BenchOptions, system: BenchSystem, gateway: GatewayClient, client: mongo.MongoClient) {
  const municipalities = benchMunicipalities(options.municipalities);
  say(`data set: ${municipalities.length} organisations with a published activity through the gateway, one per municipality`);
  const templates = await createTemplates(gateway, municipalities);
  const smallDb = client.db(system.service('organisations').databaseName);
  const largeDb = client.db(system.service('organisations-large').databaseName);
  const copier = await TemplateCopier.read(
    smallDb,
    templates.map((t) => [t.organisationId, t.activityId]),
  );
  const smallCopies = Math.max(0, options.small - templates.length);
  say(`copying them into ${options.small} and ${options.large} organisations (documents of one: ${JSON.stringify(copier.shape)})`);
  const small = await copier.copy(smallDb, smallCopies);
  const large = await copier.copy(largeDb, options.large);
  const documents = small.documents + large.documents;
  const seconds = small.seconds + large.seconds;
  say(`inserted ${documents} documents in ${seconds.toFixed(1)} s (${Math.round(documents / seconds)} documents/s)`);
  say('restarting organisations on the loaded register, starting organisations-large');
  await system.restart('organisations');
  await system.start(['organisations-large']);
  const ids = (
    await smallDb
      .collection<{ _id: string }>('organisations')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => d._id);
  const step = Math.max(1, Math.floor(ids.length / 200));
  const dataSet: DataSet = {
    sizes: { small: options.small, large: options.large },
    municipalities,
    sampleIds: ids.filter((_, i) => i % step === 0).slice(0, 200),
    listMunicipality: municipalities[0].code,
    // A copy that is in both registers.
    searchTerm: copyCode(Math.floor(Math.min(smallCopies, options.large) / 2)),
  };
  return { dataSet, shape: copier.shape, documents, seconds };
}

async function main(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAverage = loadavg();
  const runId = randomBytes(3).toString('hex');
  say(
    `run ${runId} (${options.smoke ? 'smoke' : 'full'}): ${options.small} and ${options.large} organisations, measures ${options.only.join(', ')}`,
  );
  const infra = await BenchInfrastructure.acquire(say);
  const system = new BenchSystem(runId, infra.endpoints, options.logLevel, join(REPO_ROOT, '.local', 'bench', 'logs', runId));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      say('stopping the services and deleting what this run created');
      await system.stopAll();
      await system.deleteData().catch((error: unknown) => say(`could not delete everything: ${String(error)}`));
      await infra.release();
    })());
  const interrupted = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const client = await mongo.MongoClient.connect(infra.endpoints.mongo.url, { serverSelectionTimeoutMS: 10_000 });
  try {
    // Services: the main system, and an organisations service for the large register.
    for (const app of MAIN_SERVICES) await system.declare(app, app);
    await system.declare('organisations-large', 'organisations', { topicPrefix: `${system.topicPrefix}large.` });
    say(`starting ${MAIN_SERVICES.join(', ')} (logs in ${join('.local', 'bench', 'logs', runId)})`);
    await system.start(MAIN_SERVICES);

    const settings = system.settings('gateway');
    const gateway = new GatewayClient(system.service('gateway').url, {
      username: settings.BOOTSTRAP_ADMIN_USERNAME,
      password: settings.BOOTSTRAP_ADMIN_PASSWORD,
    });
    const loaded = await loadDataSet(options, system, gateway, client);
    say(`idle memory: the lowest of each service over ${options.idleSeconds} s without load`);
    const idle = await idleRss(
      system,
      system.all.map((s) => s.key),
      options.idleSeconds,
    );
    const { dataSet } = loaded;
    const { municipalities } = dataSet;

    const identity = await gateway.identity();
    const secret = system.settings('organisations').INTERNAL_TOKEN_SECRET;
    const ctx: BenchContext = {
      options,
      system,
      gateway,
      direct: {
        small: new DirectClient(system.service('organisations').url, secret, identity),
        large: new DirectClient(system.service('organisations-large').url, secret, identity),
      },
      mailbox: new Mailbox(infra.endpoints),
      dataSet,
      say,
    };

    const rows: ResultRow[] = [];
    const run = async (measure: number, title: string, measureIt: () => Promise<ResultRow[]>) => {
      if (!options.only.includes(measure)) return;
      say(`measure ${measure}: ${title}`);
      rows.push(...(await measureIt()));
    };
    await run(1, 'gateway vs direct', () => measureGatewayOverhead(ctx));
    await run(2, `lists at ${options.large} vs ${options.small} organisations`, () => measureListGrowth(ctx));
    await run(5, 'projection pipeline vs raw kafkajs', () => measureProjectionPipeline(ctx));
    await run(4, 'creates through the gateway vs raw inserts', () => measureWritePath(ctx));
    await run(3, 'email', async () => {
      const emailMunicipality = municipalities[0].code;
      say(
        `  appointing liaison officers: one in each of ${municipalities.length} municipalities, ${OFFICERS_IN_EMAIL_MUNICIPALITY} in ${emailMunicipality}`,
      );
      const officers = await appointOfficers(gateway, ctx.mailbox, {
        runId,
        municipalities,
        emailMunicipality,
        extraInEmailMunicipality: OFFICERS_IN_EMAIL_MUNICIPALITY - 1,
        waitSeconds: Math.max(60, options.emailWaitSeconds),
      });
      return measureEmailDelivery(ctx, emailMunicipality, officers);
    });
    await run(6, 'memory', () => measureMemory(ctx, idle));
    return {
      schema: 'yhteispeli-bench/1',
      mode: options.smoke ? 'smoke' : 'full',
      startedAt,
      finishedAt: new Date().toISOString(),
      store: await describeStore(client.db(system.service('organisations').databaseName)),
      machine: describeMachine(loadAverage),
      dataSet: {
        organisations: `${options.small} and ${options.large}`,
        'each with': 'a published activity',
        municipalities: municipalities.length,
        'liaison officers': `one per municipality, ${OFFICERS_IN_EMAIL_MUNICIPALITY} in ${municipalities[0].code} (${municipalities[0].name})`,
        'documents per organisation': loaded.shape,
        'load (driver inserts)': `${loaded.documents} documents in ${loaded.seconds.toFixed(1)} s`,
      },
      settings: {
        rounds: options.rounds,
        'round seconds': options.roundSeconds,
        'warm-up seconds': options.warmupSeconds,
        'idle seconds': options.idleSeconds,
        connections: options.connections,
        'list connections': options.listConnections,
        'log level': options.logLevel,
      },
      rows,
    };
  } finally {
    await client.close();
    await stop();
  }
}

const options = parseBenchOptions(process.argv.slice(2));
const runningSystem = process.env.YP_BENCH_URL;
(runningSystem ? benchRunningSystem(runningSystem, options, say) : main(options)).then(
  (report) => {
    console.log(`\n${formatTable(report)}`);
    const json = options.json ?? join(REPO_ROOT, '.local', 'bench', `${report.mode}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
    writeJson(json, report);
    say(`results: ${json}`);
    // The committed summary is a full run of the benchmark's own system; others only when asked.
    const markdown = options.markdown ?? (options.smoke || runningSystem ? undefined : join(REPO_ROOT, 'docs', 'benchmarks.md'));
    if (markdown) {
      writeMarkdownResults(markdown, report);
      say(`summary: ${markdown}`);
    }
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
