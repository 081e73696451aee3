import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
const REPO_ROOT = resolve(__dirname, '../../../..');
const TOOL_DIR = resolve(REPO_ROOT, 'tools/schemathesis');

/**
 * The `st` command of the pinned Schemathesis, installed on first use into .local/venv/schemathesis
 * by tools/schemathesis/ensure-venv.sh (which says in one sentence what is missing, e.g. Python).
 */
export function ensureSchemathesis(): Promise<string> {
  return new Promise((resolveSt, reject) => {
    execFile('sh', [join(TOOL_DIR, 'ensure-venv.sh')], { cwd: REPO_ROOT, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolveSt(stdout.trim().split('\n').at(-1) ?? '');
    });
  });
}

/** One check that failed, as Schemathesis reported it, with what the server answered. */
export interface SchemathesisFailure {
  /** `POST /api/v1/activities/{id}/publish` */
  readonly operation: string;
  /** Schemathesis' failure code and title, e.g. `ST202 Schema-valid request rejected`. */
  readonly failure: string;
  readonly status: number | undefined;
  /** The problem+json `code` of the answer, when it has one. */
  readonly problem: string | undefined;
  /** What was generated: phase, positive/negative, and Schemathesis' description of the case. */
  readonly scenario: string;
  /** The request line (method, path, query) and the answer's detail, shortened. */
  readonly request: string;
  readonly detail: string;
}

export interface SchemathesisRun {
  /** Test cases Schemathesis generated and sent (its own "N generated"). */
  readonly cases: number;
  /** Every failed check, one entry each. */
  readonly failures: readonly SchemathesisFailure[];
  /** Answers 503 (a service behind the gateway did not answer in time): accepted, but counted. */
  readonly unavailable: number;
  /** Schemathesis' own summary line ("1948 generated, 60 found 63 unique failures, 39 skipped"). */
  readonly summary: string;
  readonly exitCode: number | null;
  readonly seconds: number;
  /** Where the reports (JUnit, NDJSON) and Schemathesis' output are. */
  readonly reportDir: string;
}

export interface SchemathesisOptions {
  readonly st: string;
  /** URL or file of the OpenAPI document. */
  readonly schema: string;
  readonly baseUrl: string;
  /** Emptied, then holds the config, the seeded ids, the reports and the output. */
  readonly workDir: string;
  /** Seeded identifiers per dictionary name of schemathesis.toml (`seed/<name>.txt`). */
  readonly dictionaries: Readonly<Record<string, readonly string[]>>;
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
}

/** A libFuzzer dictionary line: the value quoted, with `\` and `"` escaped. */
const dictionaryLine = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function runSchemathesis(options: SchemathesisOptions): Promise<SchemathesisRun> {
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(join(options.workDir, 'seed'), { recursive: true });
  copyFileSync(join(TOOL_DIR, 'schemathesis.toml'), join(options.workDir, 'schemathesis.toml'));
  for (const [name, values] of Object.entries(options.dictionaries)) {
    if (values.length === 0) throw new Error(`dictionary ${name} has no values`);
    writeFileSync(join(options.workDir, 'seed', `${name}.txt`), `${values.map(dictionaryLine).join('\n')}\n`);
  }
  const reports = join(options.workDir, 'reports');
  const args = [
    '--config-file',
    join(options.workDir, 'schemathesis.toml'),
    'run',
    options.schema,
    '--url',
    options.baseUrl,
    '--report',
    'junit,ndjson',
    '--report-dir',
    reports,
    '--no-color',
    ...options.args,
  ];
  const started = Date.now();
  const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((resolveRun, reject) => {
    const child = spawn(options.st, args, {
      cwd: options.workDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SCHEMATHESIS_HOOKS: join(TOOL_DIR, 'hooks.py'),
        // No __pycache__ next to hooks.py in the source tree.
        PYTHONDONTWRITEBYTECODE: '1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ exitCode: code, output: text }));
  });
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(join(options.workDir, 'output.txt'), output);
  const ndjson = readdirSync(reports).find((f) => f.endsWith('.ndjson'));
  if (!ndjson) throw new Error(`Schemathesis wrote no report (exit ${exitCode}); its output:\n${output.slice(-4000)}`);
  const { cases, failures, unavailable } = readReport(join(reports, ndjson));
  const summary = /\d+ generated[^\n]*/.exec(output)?.[0] ?? '';
  return { cases, failures, unavailable, summary, exitCode, seconds, reportDir: options.workDir };
}

// --- The NDJSON event stream of `--report ndjson`: the parts read here ------------------------

interface RecordedCase {
  readonly method?: string;
  readonly path?: string;
  readonly meta?: {
    readonly generation?: { readonly mode?: string };
    readonly phase?: { readonly name?: string; readonly data?: { readonly description?: string | null } };
  };
}
interface Interaction {
  readonly request?: { readonly method?: string; readonly uri?: string };
  readonly response?: { readonly status_code?: number; readonly content?: unknown } | null;
}
interface CheckOutcome {
  readonly name: string;
  readonly status: string;
  readonly failure_info?: { readonly failure?: { readonly code?: string; readonly title?: string; readonly operation?: string } };
}
interface ScenarioFinished {
  readonly recorder: {
    readonly label: string;
    readonly cases?: Record<string, { readonly value: RecordedCase }>;
    readonly checks?: Record<string, readonly CheckOutcome[]>;
    readonly interactions?: Record<string, Interaction>;
  };
}

interface ErrorEvent {
  readonly label?: string;
  readonly phase?: string;
  readonly value?: { readonly type?: string; readonly message?: string };
}

function responseText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content && typeof content === 'object' && '$base64' in content) {
    const encoded = content.$base64;
    return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  }
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

function problemOf(text: string): { code?: string; detail: string } {
  try {
    const body = JSON.parse(text) as { code?: unknown; detail?: unknown; errors?: unknown };
    const code = typeof body.code === 'string' ? body.code : undefined;
    const detail = body.errors ? JSON.stringify(body.errors) : typeof body.detail === 'string' ? body.detail : text;
    return { code, detail: detail.slice(0, 300) };
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/** Cases and failed checks of a run, read from its NDJSON report. */
export function readReport(path: string): { cases: number; failures: SchemathesisFailure[]; unavailable: number } {
  let cases = 0;
  let unavailable = 0;
  const failures: SchemathesisFailure[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.includes('"NonFatalError"') || line.includes('"FatalError"')) {
      // A request that could not be checked (a timeout, a hook error) counts as a failure too.
      const event = JSON.parse(line) as Record<string, ErrorEvent | undefined>;
      const error = event.NonFatalError ?? event.FatalError;
      failures.push({
        operation: error?.label ?? 'the run',
        failure: `error ${error?.value?.type ?? ''}`.trim(),
        status: undefined,
        problem: undefined,
        scenario: error?.phase ?? '',
        request: '',
        detail: (error?.value?.message ?? '').slice(0, 300),
      });
      continue;
    }
    if (!line.includes('"ScenarioFinished"')) continue;
    const scenario = (JSON.parse(line) as { ScenarioFinished?: ScenarioFinished }).ScenarioFinished;
    if (!scenario) continue;
    const recorder = scenario.recorder;
    cases += Object.keys(recorder.cases ?? {}).length;
    unavailable += Object.values(recorder.interactions ?? {}).filter((i) => i.response?.status_code === 503).length;
    for (const [id, outcomes] of Object.entries(recorder.checks ?? {})) {
      for (const outcome of outcomes) {
        if (outcome.status !== 'failure') continue;
        const info = outcome.failure_info?.failure ?? {};
        const value = recorder.cases?.[id]?.value;
        const interaction = recorder.interactions?.[id];
        const text = responseText(interaction?.response?.content);
        const { code, detail } = problemOf(text);
        const uri = interaction?.request?.uri ?? '';
        failures.push({
          operation: info.operation ?? recorder.label,
          failure: `${info.code ?? outcome.name} ${info.title ?? ''}`.trim(),
          status: interaction?.response?.status_code,
          problem: code,
          scenario: [value?.meta?.phase?.name, value?.meta?.generation?.mode, value?.meta?.phase?.data?.description]
            .filter(Boolean)
            .join(', '),
          request: `${interaction?.request?.method ?? value?.method ?? ''} ${uri.replace(/^https?:\/\/[^/]+/, '')}`.slice(0, 300),
          detail,
        });
      }
    }
  }
  return { cases, failures, unavailable };
}

/** One line per distinct failure (operation, failure, status, problem code), with how often it occurred and one example. */
export function describeFailures(failures: readonly SchemathesisFailure[]): string[] {
  const groups = new Map<string, { count: number; example: SchemathesisFailure }>();
  for (const f of failures) {
    const key = `${f.operation} — ${f.failure} — ${f.status ?? 'no answer'}${f.problem ? ` ${f.problem}` : ''}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { count: 1, example: f });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { count, example }]) => `${key} (×${count}; e.g. ${example.scenario}: ${example.request} → ${example.detail})`);
}
