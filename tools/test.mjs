// `npm test`: every suite — unit, then integration and end-to-end against the real Kafka, FerretDB
// and SMTP server (started here if they are not running, stopped again afterwards) — and one
// closing line with the totals: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const infra = join(root, 'deploy/local/infra.mjs');
const reports = join(root, '.local/test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const extraArgs = process.argv.slice(2);
const node = process.execPath;
console.log(`Node ${process.version}`);

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

const totals = { passed: 0, failed: 0 };
let broken = false;
function jest(name, args) {
  const out = join(reports, `${name}.json`);
  const status = run(node, [
    join(root, 'node_modules/jest/bin/jest.js'),
    ...args,
    '--json',
    `--outputFile=${out}`,
    '--forceExit',
    ...extraArgs,
  ]);
  try {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    // A suite that failed to run (syntax error, set-up failure) has no failed tests: count it.
    const brokenSuites = r.testResults.filter(
      (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
    ).length;
    totals.failed += brokenSuites;
    if (status !== 0 && r.numFailedTests === 0 && brokenSuites === 0) broken = true;
  } catch {
    console.error(`No results from the ${name} tests (jest exited with ${status}).`);
    totals.failed += 1;
  }
}

const wasRunning = spawnSync(node, [infra, 'status', '--profile', 'test'], { cwd: root, stdio: 'ignore' }).status === 0;

jest('typecheck-and-unit', ['--selectProjects', 'unit']);
const typecheck = run(node, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
if (typecheck === 0) totals.passed += 1;
else {
  console.error('Type check failed.');
  totals.failed += 1;
}
const lint = run(node, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
if (lint === 0) totals.passed += 1;
else {
  console.error('Lint failed.');
  totals.failed += 1;
}
// Formatting is Prettier's, checked rather than argued about: `npm run format` fixes it.
const format = run(node, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']);
if (format === 0) totals.passed += 1;
else {
  console.error('Formatting check failed: run `npm run format`.');
  totals.failed += 1;
}
// The services as processes run compiled JavaScript, as under `npm start`: build once here (the test
// system checks again before each file and finds nothing to do).
if (run(node, [join(root, 'tools/build.mjs')]) !== 0) {
  console.error('The build failed (node tools/build.mjs).');
  totals.failed += 1;
}
jest('integration', ['--selectProjects', 'integration', '--runInBand']);
jest('e2e', ['--selectProjects', 'e2e', '--runInBand']);

if (!wasRunning && process.env.YP_KEEP_INFRA !== '1') run(node, [infra, 'stop', '--profile', 'test']);

console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
