// `YP_BENCH_URL=<gateway> npm run bench`: the measures that need no system of the benchmark's own,
// against one that is already running (e.g. `npm start`'s), on the data it holds, changing nothing:
// 1 (gateway vs direct: reads by id and a list page) and 6 (memory of `npm start`'s service
// processes, from .local/dev/start.pid, when it runs from this clone). The others need registers of
// known sizes, database access and liaison officers of the benchmark's own: run without YP_BENCH_URL.
//
//   YP_BENCH_URL                     the gateway, e.g. http://127.0.0.1:3000
//   YP_BENCH_ORGANISATIONS_URL       the organisations service (npm start's: http://127.0.0.1:3101)
//   YP_BENCH_INTERNAL_TOKEN_SECRET   the secret gateway and services share (npm start's development one)
//   YP_BENCH_USERNAME, _PASSWORD     an admin of that system (npm start's development admin)
//   YP_BENCH_MONGODB_URL             its store, only to name it in the report (npm start's FerretDB)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mongo } from 'mongoose';
import * as localInfra from '../../deploy/local/infra.mjs';
import { APPS, REPO_ROOT, developmentEnvironment } from '../start/services.mjs';
import type { BenchOptions } from './bench-options';
import { row } from './bench-context';
import { rssMBOf, type Endpoints } from './bench-system';
import { DirectClient, GatewayClient } from './clients';
import { describeMachine, describeStore } from './machine';
import { measureGatewayOverhead } from './measures/gateway-overhead';
import type { BenchReport, ResultRow } from './report';

const devEndpoints = (localInfra as unknown as { endpoints(options: { profile: string }): Endpoints }).endpoints({ profile: 'dev' });
const devSettings = (developmentEnvironment({ infra: devEndpoints }) as unknown as Record<string, Record<string, string>>).gateway;

/** `npm start`'s service processes (name → pid) when it runs from this clone. */
function startedServices(): Map<string, number> {
  const file = join(REPO_ROOT, '.local', 'dev', 'start.pid');
  if (!existsSync(file)) return new Map();
  const record = JSON.parse(readFileSync(file, 'utf8')) as { apps?: Record<string, { pid: number }> };
  return new Map(
    Object.entries(record.apps ?? {})
      .filter(([, p]) => existsSync(`/proc/${p.pid}/status`))
      .map(([name, p]) => [name, p.pid]),
  );
}

async function storeName(): Promise<string> {
  const url = process.env.YP_BENCH_MONGODB_URL ?? devEndpoints.mongo.url;
  const client = await mongo.MongoClient.connect(url, { serverSelectionTimeoutMS: 3000 }).catch(() => undefined);
  if (!client) return `unknown (no answer at ${url})`;
  try {
    return await describeStore(client.db('yp-organisations'));
  } finally {
    await client.close();
  }
}

export async function benchRunningSystem(gatewayUrl: string, options: BenchOptions, say: (line: string) => void): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const skipped = options.only.filter((n) => n !== 1 && n !== 6);
  if (skipped.length > 0) say(`measures ${skipped.join(', ')} need the benchmark's own system (run without YP_BENCH_URL): skipped`);
  const gateway = new GatewayClient(gatewayUrl.replace(/\/$/, ''), {
    username: process.env.YP_BENCH_USERNAME ?? devSettings.BOOTSTRAP_ADMIN_USERNAME,
    password: process.env.YP_BENCH_PASSWORD ?? devSettings.BOOTSTRAP_ADMIN_PASSWORD,
  });
  const organisationsUrl =
    process.env.YP_BENCH_ORGANISATIONS_URL ?? `http://127.0.0.1:${APPS.find((a) => a.name === 'organisations')?.port}`;
  const direct = new DirectClient(
    organisationsUrl,
    process.env.YP_BENCH_INTERNAL_TOKEN_SECRET ?? devSettings.INTERNAL_TOKEN_SECRET,
    await gateway.identity(),
  );
  const page = await gateway.call<{ items: { id: string; municipalities: string[] }[] }>('GET', '/organisations?limit=200', undefined, 200);
  const first = page.items[0];
  if (!first) throw new Error(`${gatewayUrl} holds no organisations to read (npm run seed loads the demo data)`);
  const pids = options.only.includes(6) ? startedServices() : new Map<string, number>();
  const before = new Map([...pids].map(([name, pid]) => [name, rssMBOf(pid)]));

  const rows: ResultRow[] = [];
  if (options.only.includes(1)) {
    say(`measure 1: gateway ${gatewayUrl} vs organisations ${organisationsUrl}`);
    rows.push(
      ...(await measureGatewayOverhead({
        options,
        gateway,
        say,
        direct: { small: direct },
        dataSet: { sampleIds: page.items.map((o) => o.id), listMunicipality: first.municipalities[0] ?? '564' },
      })),
    );
  }
  if (options.only.includes(6) && pids.size === 0) say('measure 6: no npm start of this clone is running; skipped');
  for (const [name, pid] of pids) {
    const idle = before.get(name) ?? Number.NaN;
    rows.push(
      row(options, {
        id: `memory.${name}`,
        measure: 6,
        title: `resident memory of ${name}`,
        figures: { 'at the start': { value: idle, unit: 'MB' }, 'after the load': { value: rssMBOf(pid), unit: 'MB' } },
        ratio: null,
        checked: idle,
        target: { op: '<=', value: 150, text: '≤ 150 MB idle' },
        rounds: [],
        note: 'a running system: its memory when the benchmark began stands for idle',
      }),
    );
  }
  return {
    schema: 'yhteispeli-bench/1',
    mode: options.smoke ? 'smoke' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    store: await storeName(),
    machine,
    dataSet: { system: `running at ${gatewayUrl}`, organisations: `as it holds them (ids: the first ${page.items.length})` },
    settings: {
      rounds: options.rounds,
      'round seconds': options.roundSeconds,
      'warm-up seconds': options.warmupSeconds,
      connections: options.connections,
    },
    rows,
  };
}
