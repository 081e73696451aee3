import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMarkdown, formatTable, meets, RESULTS_END, RESULTS_START, writeMarkdownResults, type BenchReport } from './report';

const report: BenchReport = {
  schema: 'yhteispeli-bench/1',
  mode: 'full',
  startedAt: '2026-12-03T12:00:00.000Z',
  finishedAt: '2026-12-03T12:20:00.000Z',
  store: 'FerretDB v1.24.2 (SQLite)',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v26.10.0', loadAverage: [1, 2, 3] },
  dataSet: { organisations: '1000 and 20000' },
  settings: { rounds: 3 },
  rows: [
    {
      id: 'gateway.get-by-id',
      measure: 1,
      title: 'GET | by id',
      figures: { gateway: { value: 104.4, unit: 'req/s' }, direct: { value: 1295.5, unit: 'req/s' } },
      ratio: 0.0806,
      checked: 0.0806,
      target: { op: '>=', value: 0.8, text: '≥ 0.8× direct' },
      met: false,
      rounds: [],
      note: 'a note',
    },
  ],
};

describe('benchmark report', () => {
  it('judges targets, and never a figure that is not a number', () => {
    expect(meets({ op: '>=', value: 0.8, text: '' }, 0.8)).toBe(true);
    expect(meets({ op: '<=', value: 2, text: '' }, 2.1)).toBe(false);
    expect(meets({ op: '<', value: 1000, text: '' }, 1000)).toBe(false);
    expect(meets({ op: '<', value: 1000, text: '' }, Number.NaN)).toBe(false);
  });

  it('prints figures with units, the ratio, the target and the result, with store and machine', () => {
    const table = formatTable(report);
    expect(table).toContain('gateway 104 req/s; direct 1 296 req/s');
    expect(table).toContain('0.081×'); // two significant digits below 0.1
    expect(table).toContain('NOT met');
    expect(table).toContain('store: FerretDB v1.24.2 (SQLite)');
    expect(table).toContain('2 cores (Test CPU)');
  });

  it('writes a Markdown table whose cells keep their pipes', () => {
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('| 1 | GET \\| by id |');
    expect(markdown).toContain('- GET | by id: a note');
  });

  it('replaces the results section of a Markdown file and keeps the rest, or creates the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const existing = join(dir, 'benchmarks.md');
      writeFileSync(existing, `# Before\n${RESULTS_START}\nold results\n${RESULTS_END}\nAfter\n`);
      writeMarkdownResults(existing, report);
      const text = readFileSync(existing, 'utf8');
      expect(text).toMatch(/^# Before\n/);
      expect(text).toContain('| 1 | GET \\| by id |');
      expect(text).not.toContain('old results');
      expect(text).toMatch(/After\n$/);
      const created = join(dir, 'new.md');
      writeMarkdownResults(created, report);
      expect(readFileSync(created, 'utf8')).toContain('| 1 | GET \\| by id |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
