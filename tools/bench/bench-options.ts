// The benchmark's knobs: command-line flags, each also settable by an environment variable
// (YP_BENCH_<NAME>, e.g. YP_BENCH_ROUND_SECONDS=5). `--smoke` changes the defaults to a small data
// set and short rounds and turns the thresholds off; explicit flags still win. See the header of
// tools/bench/bench.ts and docs/benchmarks.md for what each measures.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly smoke: boolean;
  /** Organisations in the small and the large register. */
  readonly small: number;
  readonly large: number;
  /** How many municipalities get organisations and a liaison officer (the first of each region in turn; 51 = all). */
  readonly municipalities: number;
  /** Rounds per side of each comparison, and their length. */
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  /** The quiet spell over which idle memory is taken (measure 6). */
  readonly idleSeconds: number;
  /** autocannon connections: for measures 1 and 4, and for the list queries of measure 2. */
  readonly connections: number;
  readonly listConnections: number;
  /** Email: creates sent as fast as the write path takes them (throughput), then creates/s for a time (latency). */
  readonly emailBurst: number;
  readonly emailRate: number;
  readonly emailSeconds: number;
  /** How long to wait for the emails of a phase after its last create. */
  readonly emailWaitSeconds: number;
  /** Events per round of the projection pipeline measure. */
  readonly events: number;
  /** Measures to run (1–6); all by default. */
  readonly only: readonly number[];
  readonly json: string | undefined;
  readonly markdown: string | undefined;
  readonly logLevel: string;
}

const FULL = {
  small: 1000,
  large: 20000,
  municipalities: 51,
  rounds: 3,
  roundSeconds: 10,
  warmupSeconds: 3,
  idleSeconds: 15,
  connections: 8,
  listConnections: 2,
  emailBurst: 150,
  emailRate: 20,
  emailSeconds: 10,
  emailWaitSeconds: 120,
  events: 2000,
};

const SMOKE: typeof FULL = {
  small: 60,
  large: 150,
  municipalities: 3,
  rounds: 1,
  roundSeconds: 1,
  warmupSeconds: 0,
  idleSeconds: 2,
  connections: 2,
  listConnections: 1,
  emailBurst: 4,
  emailRate: 5,
  emailSeconds: 1,
  emailWaitSeconds: 60,
  events: 200,
};

const NUMBERS = Object.keys(FULL) as (keyof typeof FULL)[];
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (name: string) => `YP_BENCH_${kebab(name).replace(/-/g, '_').toUpperCase()}`;

export const USAGE = `usage: npm run bench -- [--smoke] [--only 1,2,...] [--json FILE] [--markdown FILE]
  ${NUMBERS.map((n) => `[--${kebab(n)} N]`).join(' ')}
Every flag can also be given as YP_BENCH_<NAME> (e.g. YP_BENCH_ROUND_SECONDS=5); flags win.
Defaults: ${NUMBERS.map((n) => `${kebab(n)} ${FULL[n]}`).join(', ')}
With --smoke: ${NUMBERS.map((n) => `${kebab(n)} ${SMOKE[n]}`).join(', ')}; no thresholds, no Markdown unless --markdown.`;

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      smoke: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      only: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      'log-level': { type: 'string' },
      ...Object.fromEntries(NUMBERS.map((n) => [kebab(n), { type: 'string' as const }])),
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = values.smoke === true || env.YP_BENCH_SMOKE === '1';
  const defaults = smoke ? SMOKE : FULL;
  const flag = (name: string) => (values as Record<string, string | boolean | undefined>)[name];
  const numbers = Object.fromEntries(
    NUMBERS.map((n) => {
      const raw = flag(kebab(n)) ?? env[envName(n)];
      if (raw === undefined || raw === '') return [n, defaults[n]];
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0 || (value === 0 && n !== 'warmupSeconds'))
        throw new Error(`--${kebab(n)} (${envName(n)}) must be a positive number, not ${String(raw)}`);
      return [n, value];
    }),
  ) as typeof FULL;
  if (numbers.large < numbers.small) throw new Error('--large must be at least --small');
  const onlyText = (flag('only') ?? env.YP_BENCH_ONLY) as string | undefined;
  const only = onlyText ? onlyText.split(',').map((s) => Number(s.trim())) : [1, 2, 3, 4, 5, 6];
  if (only.some((n) => !Number.isInteger(n) || n < 1 || n > 6)) throw new Error(`--only takes measure numbers 1–6, not ${onlyText}`);
  return {
    smoke,
    ...numbers,
    only,
    json: (flag('json') ?? env.YP_BENCH_JSON) as string | undefined,
    markdown: (flag('markdown') ?? env.YP_BENCH_MARKDOWN) as string | undefined,
    logLevel: ((flag('log-level') ?? env.YP_BENCH_LOG_LEVEL) as string | undefined) ?? 'info',
  };
}
