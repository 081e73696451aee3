// The benchmark's results: one row per figure compared with a target of issue 11, printed as a
// table, written as JSON (.local/bench/) and as the results section of docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** An absolute value with its unit, e.g. { value: 295.1, unit: 'req/s' }. */
export interface Figure {
  readonly value: number;
  readonly unit: string;
}

export interface Target {
  readonly op: '>=' | '<=' | '<';
  readonly value: number;
  /** What the issue asks, in words (e.g. "≥ 0.8× direct"). */
  readonly text: string;
}

export interface ResultRow {
  /** Stable id, e.g. `gateway.get-by-id`. */
  readonly id: string;
  /** The issue's numbered measure (1–6). */
  readonly measure: number;
  readonly title: string;
  /** The absolute values behind the row, by name (e.g. gateway, direct, p99 gateway...). */
  readonly figures: Readonly<Record<string, Figure>>;
  /** The ratio measured (side A / side B), when the row compares two sides. */
  readonly ratio: number | null;
  /** The number compared with the target: the ratio, or an absolute value. */
  readonly checked: number;
  readonly target: Target;
  /** Whether the target is met; null when thresholds are not evaluated (smoke runs). */
  readonly met: boolean | null;
  /** What each round measured, for the JSON record. */
  readonly rounds: readonly unknown[];
  readonly note?: string;
}

export interface BenchReport {
  readonly schema: 'yhteispeli-bench/1';
  readonly mode: 'full' | 'smoke';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly store: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly loadAverage: number[];
  };
  readonly dataSet: Readonly<Record<string, string | number | Readonly<Record<string, number>>>>;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly rows: readonly ResultRow[];
}

export function meets(target: Target, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (target.op) {
    case '>=':
      return value >= target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
  }
}

const number = (value: number, digits: number) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).replace(/,/g, ' ')
    : 'n/a';

/** A figure for people: three significant digits at most, thin groups, the unit after. */
export function formatFigure(figure: Figure): string {
  const v = figure.value;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${number(v, digits)} ${figure.unit}`;
}

/** Two decimals, or two significant digits below 0.1 (0.0031×: a ratio is never shown as 0×). */
function formatRatio(value: number | null): string {
  if (value === null) return '';
  if (Number.isFinite(value) && value > 0 && value < 0.1) return `${value.toPrecision(2)}×`;
  return `${number(value, 2)}×`;
}

function metText(met: boolean | null): string {
  if (met === null) return '(smoke)';
  return met ? 'met' : 'NOT met';
}

function tableRows(report: BenchReport): string[][] {
  return report.rows.map((row) => [
    String(row.measure),
    row.title,
    Object.entries(row.figures)
      .map(([name, f]) => `${name} ${formatFigure(f)}`)
      .join('; '),
    formatRatio(row.ratio),
    row.target.text,
    metText(row.met),
  ]);
}

const HEADER = ['#', 'measure', 'absolute values (medians of rounds)', 'ratio', 'target', 'result'];

function contextLines(report: BenchReport): string[] {
  const m = report.machine;
  return [
    `store: ${report.store}`,
    `machine: ${m.cpus} cores (${m.cpuModel}), ${number(m.memoryGiB, 1)} GiB memory, Node.js ${m.node}, load average at start ${m.loadAverage.map((l) => number(l, 2)).join(' ')}`,
    `data set: ${Object.entries(report.dataSet)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join('; ')}`,
    `settings: ${Object.entries(report.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
}

/** The table for a terminal: aligned columns. */
export function formatTable(report: BenchReport): string {
  const rows = [HEADER, ...tableRows(report)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.slice(1).map(line), '', ...contextLines(report), ''].join(
    '\n',
  );
}

/** The results section of docs/benchmarks.md. */
export function formatMarkdown(report: BenchReport): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `Run of ${report.finishedAt.slice(0, 10)} (${report.mode}), \`npm run bench\`:`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...tableRows(report).map((r) => `| ${r.map(escape).join(' | ')} |`),
    '',
    ...contextLines(report).map((l) => `- ${l}`),
    ...report.rows.filter((r) => r.note).map((r) => `- ${r.title}: ${r.note}`),
  ].join('\n');
}

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/**
 * Replaces the results section (between the markers) of the Markdown file, keeping the rest; a file
 * that does not exist yet is created with the section alone.
 */
export function writeMarkdownResults(file: string, report: BenchReport): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `${RESULTS_START}\n${RESULTS_END}\n`;
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${RESULTS_START} … ${RESULTS_END} section`);
  writeFileSync(file, `${text.slice(0, start + RESULTS_START.length)}\n${formatMarkdown(report)}\n${text.slice(end)}`);
}

export function writeJson(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
