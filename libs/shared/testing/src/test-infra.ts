import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Where the real infrastructure for this test run answers. */
export interface TestEndpoints {
  readonly mode: 'local' | 'containers';
  readonly kafka: { readonly brokers: string[] };
  readonly mongo: { readonly url: string };
  readonly smtp: { readonly host: string; readonly port: number };
  readonly mailWeb: { readonly url: string; readonly api: string };
  /** Container ids by component, in containers mode. */
  readonly containers?: Partial<Record<InfraComponent, string>>;
}

export type InfraComponent = 'kafka' | 'ferretdb' | 'smtp';

export const ENDPOINTS_ENV = 'YP_TEST_ENDPOINTS';
export const REPO_ROOT = resolve(__dirname, '../../../..');
const INFRA_CLI = resolve(REPO_ROOT, 'deploy/local/infra.mjs');

/** Endpoints published by the global set-up of this run. */
export function testEndpoints(): TestEndpoints {
  const raw = process.env[ENDPOINTS_ENV];
  if (!raw)
    throw new Error(
      `${ENDPOINTS_ENV} is not set: run integration tests through \`npm test\` (or jest's integration/e2e projects, whose global set-up starts the infrastructure).`,
    );
  return JSON.parse(raw) as TestEndpoints;
}

/** Starts the local default (deploy/local, profile "test") and returns its endpoints. */
export function startLocalInfra(): TestEndpoints {
  const start = spawnSync(process.execPath, [INFRA_CLI, 'start', '--profile', 'test'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (start.status !== 0) throw new Error('Could not start the local test infrastructure (see the lines above).');
  const script = `import(${JSON.stringify(INFRA_CLI)}).then(m => m.endpoints({ profile: 'test' })).then(e => process.stdout.write(JSON.stringify(e)))`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  const e = JSON.parse(out) as Omit<TestEndpoints, 'mode'>;
  return { ...e, mode: 'local' };
}

/** Stops or starts one component mid-test (fault tests); data survives. */
export function setComponent(component: InfraComponent, action: 'stop' | 'start'): void {
  const e = testEndpoints();
  if (e.mode === 'containers') {
    const id = e.containers?.[component];
    if (!id) throw new Error(`No container for ${component}`);
    execFileSync('docker', [action, id], { stdio: 'ignore' });
    return;
  }
  const r = spawnSync(process.execPath, [INFRA_CLI, action, '--profile', 'test', '--only', component], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, YP_INFRA_QUIET: '1' },
  });
  if (r.status !== 0) throw new Error(`infra ${action} ${component} failed`);
}
