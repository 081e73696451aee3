import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { mongo } from 'mongoose';
import { REPO_ROOT, testEndpoints } from '@yp/shared-testing';
import type { BenchReport, ResultRow } from './report';

/**
 * `npm run bench` never rots: its smoke mode (small data, 1 s rounds, no thresholds) runs every
 * measure against the test infrastructure, and the report must hold every row with sane numbers
 * (positive and finite), in the JSON shape docs/benchmarks.md describes; afterwards nothing the run
 * created is left (its databases, topics and consumer groups).
 */
const EXPECTED_ROWS = [
  'gateway.get-by-id',
  'gateway.list-page',
  'lists.list-page',
  'lists.search',
  'lists.change-feed',
  'pipeline.projection',
  'pipeline.projection-apply',
  'writes.create',
  'email.throughput',
  'email.latency',
  ...['gateway', 'organisations', 'organisations-large', 'notifications', 'working-groups', 'villages'].map((s) => `memory.${s}`),
];
const MEASURES = [1, 2, 3, 4, 5, 6];

const positive = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** What is wrong with a smoke report (nothing: an empty list). */
function problemsOf(report: BenchReport): string[] {
  const problems: string[] = [];
  if (report.schema !== 'yhteispeli-bench/1') problems.push(`schema ${String(report.schema)}`);
  if (report.mode !== 'smoke') problems.push(`mode ${String(report.mode)}`);
  for (const time of [report.startedAt, report.finishedAt]) if (Number.isNaN(Date.parse(time))) problems.push(`time ${time}`);
  if (!/^(FerretDB v\S+ \((SQLite|PostgreSQL)\)|MongoDB \S+)$/.test(report.store)) problems.push(`store ${report.store}`);
  const m = report.machine;
  if (!positive(m.cpus) || !positive(m.memoryGiB) || !/^v\d+/.test(m.node) || m.loadAverage.length !== 3)
    problems.push(`machine ${JSON.stringify(m)}`);
  const ids = report.rows.map((r) => r.id);
  for (const id of EXPECTED_ROWS) if (!ids.includes(id)) problems.push(`no row ${id}`);
  for (const id of ids) if (!EXPECTED_ROWS.includes(id)) problems.push(`unexpected row ${id}`);
  for (const n of MEASURES) if (!report.rows.some((r) => r.measure === n)) problems.push(`no row of measure ${n}`);
  for (const row of report.rows as ResultRow[]) {
    const figures = Object.entries(row.figures);
    if (figures.length === 0) problems.push(`${row.id}: no figures`);
    for (const [name, figure] of figures) {
      if (!positive(figure.value)) problems.push(`${row.id}: ${name} is ${String(figure.value)}`);
      if (!figure.unit) problems.push(`${row.id}: ${name} has no unit`);
    }
    if (row.ratio !== null && !positive(row.ratio)) problems.push(`${row.id}: ratio ${String(row.ratio)}`);
    if (!positive(row.checked)) problems.push(`${row.id}: checked value ${String(row.checked)}`);
    if (!['>=', '<=', '<'].includes(row.target.op) || !positive(row.target.value) || !row.target.text) problems.push(`${row.id}: target`);
    if (row.met !== null) problems.push(`${row.id}: a smoke run judges no threshold (met ${String(row.met)})`);
    if (row.rounds.length === 0) problems.push(`${row.id}: no rounds`);
  }
  return problems;
}

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/bench/bench.ts', ...args], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run bench -- --smoke', () => {
  const json = join(REPO_ROOT, '.local', 'bench', `smoke-e2e-${randomBytes(3).toString('hex')}.json`);
  afterAll(() => rmSync(json, { force: true }));

  it('finds the faults a smoke report can have (the check below can fail)', () => {
    const row: ResultRow = {
      id: 'gateway.get-by-id',
      measure: 1,
      title: 'GET by id',
      figures: { gateway: { value: Number.NaN, unit: 'req/s' }, direct: { value: 0, unit: 'req/s' } },
      ratio: Number.POSITIVE_INFINITY,
      checked: -1,
      target: { op: '>=', value: 0.8, text: '≥ 0.8×' },
      met: false,
      rounds: [],
    };
    const broken: BenchReport = {
      schema: 'yhteispeli-bench/1',
      mode: 'full',
      startedAt: 'yesterday',
      finishedAt: new Date().toISOString(),
      store: '',
      machine: { cpus: 2, cpuModel: 'x', memoryGiB: 8, node: 'v26.10.0', loadAverage: [0, 0, 0] },
      dataSet: {},
      settings: {},
      rows: [row],
    };
    const problems = problemsOf(broken);
    for (const expected of [
      'mode full',
      'time yesterday',
      'store ',
      'no row email.latency',
      'no row of measure 6',
      'gateway.get-by-id: gateway is NaN',
      'gateway.get-by-id: direct is 0',
      'gateway.get-by-id: ratio Infinity',
      'gateway.get-by-id: checked value -1',
      'gateway.get-by-id: a smoke run judges no threshold (met false)',
      'gateway.get-by-id: no rounds',
    ])
      expect(problems).toContain(expected);
  });

  it('runs every measure, prints the table and writes a sane report, and leaves nothing behind', async () => {
    const { code, output } = await runBench(['--smoke', '--json', json]);
    if (code !== 0) throw new Error(`the bench exited with ${String(code)}:\n${output.slice(-6000)}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(problemsOf(report)).toEqual([]);
    for (const row of report.rows) expect(output).toContain(row.title);
    expect(output).toContain(`store: ${report.store}`);

    const runId = /\[bench\] run ([0-9a-f]{6}) /.exec(output)?.[1];
    if (!runId) throw new Error('the bench did not name its run');
    const endpoints = testEndpoints();
    const client = await mongo.MongoClient.connect(endpoints.mongo.url);
    try {
      const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
      expect(databases.map((d) => d.name).filter((name) => name.startsWith(`yp-bench-${runId}-`))).toEqual([]);
    } finally {
      await client.close();
    }
    const admin = new Kafka({ clientId: 'bench-smoke-e2e', brokers: endpoints.kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).filter((t) => t.startsWith(`bench.${runId}.`))).toEqual([]);
      expect((await admin.listGroups()).groups.filter((g) => g.groupId.startsWith(`bench.${runId}.`))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
