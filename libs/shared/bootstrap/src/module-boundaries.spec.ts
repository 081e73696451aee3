// Proves the lint boundaries bite (STYLE.md "Boundaries"): small in-memory snippets linted at realistic
// file paths with the repository's own eslint.config.mjs. ESLint runs in a child process because it loads
// its flat config with a native import(), which Jest's module sandbox does not allow. The probe files never
// touch the disk: the type-aware parser is told to treat exactly these paths as members of tsconfig.json
// (allowDefaultProject + defaultProject), everything else is the real configuration.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');
const eslintEntry = join(repoRoot, 'node_modules/eslint/lib/api.js');

interface LintCase {
  id: string;
  relativeFile: string;
  code: string;
}

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

const RESULT_MARKER = '@@lint-results@@';

// Runs with the same Node as Jest; `cwd` = repo root so ESLint picks up eslint.config.mjs and tsconfig.json.
const runner = `
import { readFileSync } from 'node:fs';
import { ESLint } from ${JSON.stringify(eslintEntry)};
const cases = JSON.parse(readFileSync(0, 'utf8'));
const probeFiles = [...new Set(cases.map((c) => c.relativeFile))];
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: probeFiles, defaultProject: 'tsconfig.json', maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 32 } } },
  },
});
const out = {};
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.relativeFile, warnIgnored: true });
  out[c.id] = result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line }));
}
process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(out) + '\\n');
`;

function runEslint(input: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', runner],
      { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`eslint runner failed: ${error.message}\n${stderr}`)) : resolvePromise(stdout)),
    );
    child.stdin?.end(input);
  });
}

const probe = (id: string, relativeFile: string, lines: string[]): LintCase => ({
  id,
  relativeFile,
  code: `${lines.join('\n')}\n`,
});

const cases: LintCase[] = [
  probe('app-imports-app-relative', 'apps/gateway/src/lint-probe.ts', [
    "import { AppModule } from '../../organisations/src/app.module';",
    'export const probe = AppModule;',
  ]),
  probe('app-imports-app-absolute', 'apps/gateway/src/lint-probe.ts', [
    "import { AppModule } from 'apps/organisations/src/app.module';",
    'export const probe = AppModule;',
  ]),
  probe('lib-imports-app-repository', 'libs/shared/kafka/src/lint-probe.ts', [
    "import * as repo from '../../../../apps/organisations/src/organisations/organisation.repository';",
    'export const probe = repo;',
  ]),
  probe('app-imports-shared-kafka', 'apps/notifications/src/lint-probe.ts', [
    "import * as kafka from '@yp/shared-kafka';",
    "import * as events from '@yp/contracts-events';",
    'export const probe = [kafka, events];',
  ]),
  probe('contracts-imports-kafkajs', 'libs/contracts/events/src/lint-probe.ts', [
    "import { Kafka } from 'kafkajs';",
    'export const probe = Kafka;',
  ]),
  probe('contracts-imports-mongoose', 'libs/contracts/events/src/lint-probe.ts', [
    "import { Schema } from 'mongoose';",
    'export const probe = Schema;',
  ]),
  probe('contracts-imports-nest-common', 'libs/contracts/http/src/lint-probe.ts', [
    "import { Injectable } from '@nestjs/common';",
    'export const probe = Injectable;',
  ]),
  probe('contracts-imports-shared-kafka', 'libs/contracts/events/src/lint-probe.ts', [
    "import * as kafka from '@yp/shared-kafka';",
    'export const probe = kafka;',
  ]),
  probe('contracts-http-imports-swagger-and-validator', 'libs/contracts/http/src/lint-probe.ts', [
    "import { ApiProperty } from '@nestjs/swagger';",
    "import { IsString } from 'class-validator';",
    "import { Type } from 'class-transformer';",
    'export const probe = [ApiProperty, IsString, Type];',
  ]),
  probe('testing-from-source-file', 'apps/gateway/src/lint-probe.ts', [
    "import * as testing from '@yp/shared-testing';",
    'export const probe = testing;',
  ]),
  probe('testing-from-spec-file', 'apps/gateway/src/lint-probe.spec.ts', [
    "import * as testing from '@yp/shared-testing';",
    'export const probe = testing;',
  ]),
  probe('testing-from-int-spec-file', 'apps/organisations/src/lint-probe.int-spec.ts', [
    "import * as testing from '@yp/shared-testing';",
    'export const probe = testing;',
  ]),
  probe('app-imports-other-app-by-alias', 'apps/organisations/src/lint-probe.ts', [
    "import { AppModule } from '@gateway/app.module';",
    'export const probe = AppModule;',
  ]),
  probe('app-imports-itself-by-alias', 'apps/organisations/src/activities/lint-probe.ts', [
    "import { OrganisationRepository } from '@organisations/organisations/organisation.repository';",
    'export const probe = OrganisationRepository;',
  ]),
  probe('app-climbs-with-parent-import', 'apps/organisations/src/activities/commands/lint-probe.ts', [
    "import { ActivityRepository } from '../activity.repository';",
    'export const probe = ActivityRepository;',
  ]),
  // activities/ imports organisations/ on disk: an import back closes a cycle between the two folders.
  probe('app-folder-cycle', 'apps/organisations/src/organisations/lint-probe.ts', [
    "import { ActivityRepository } from '@organisations/activities/activity.repository';",
    'export const probe = ActivityRepository;',
  ]),
  probe('config-service-in-app', 'apps/organisations/src/activities/lint-probe.ts', [
    "import { ConfigService } from '@nestjs/config';",
    'export const probe = (config: ConfigService) => config.get<string>("MONGODB_URI");',
  ]),
  probe('process-env-in-app', 'apps/organisations/src/activities/lint-probe.ts', ['export const probe = process.env.MONGODB_URI;']),
  probe('floating-promise', 'apps/gateway/src/lint-probe.ts', [
    'const later = (): Promise<number> => Promise.resolve(1);',
    'export function fireAndForget(): void {',
    '  later();',
    '}',
  ]),
];

describe('module boundaries (eslint.config.mjs)', () => {
  let results: Record<string, LintMessage[]>;

  beforeAll(async () => {
    const stdout = await runEslint(JSON.stringify(cases));
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    if (!line) throw new Error(`no lint results in runner output:\n${stdout}`);
    results = JSON.parse(line.slice(RESULT_MARKER.length)) as Record<string, LintMessage[]>;
  }, 60_000);

  const rulesOf = (id: string): (string | null)[] => (results[id] ?? []).map((m) => m.ruleId);

  it('parses every probe with type information (no fatal parser errors)', () => {
    const fatal = Object.entries(results).flatMap(([id, messages]) =>
      messages.filter((m) => m.ruleId === null).map((m) => `${id}: ${m.message}`),
    );
    expect(fatal).toEqual([]);
    expect(Object.keys(results)).toHaveLength(cases.length);
  });

  it('(a) an app cannot import another app, by relative or absolute path', () => {
    expect(rulesOf('app-imports-app-relative')).toContain('@nx/enforce-module-boundaries');
    expect(rulesOf('app-imports-app-absolute')).toContain('@nx/enforce-module-boundaries');
  });

  it('(a) a library cannot reach into an app (schemas and repositories stay private)', () => {
    expect(rulesOf('lib-imports-app-repository')).toContain('@nx/enforce-module-boundaries');
  });

  it('(b) a service may import shared and contracts libraries', () => {
    expect(results['app-imports-shared-kafka']).toEqual([]);
  });

  it('(c) contracts import no kafkajs, mongoose or Nest runtime', () => {
    expect(rulesOf('contracts-imports-kafkajs')).toContain('no-restricted-imports');
    expect(rulesOf('contracts-imports-mongoose')).toContain('no-restricted-imports');
    expect(rulesOf('contracts-imports-nest-common')).toContain('no-restricted-imports');
  });

  it('(c) contracts depend only on contracts', () => {
    expect(rulesOf('contracts-imports-shared-kafka')).toContain('@nx/enforce-module-boundaries');
  });

  it('(c) HTTP contracts may use swagger, class-validator and class-transformer', () => {
    expect(results['contracts-http-imports-swagger-and-validator']).toEqual([]);
  });

  it('(d) the testing library is importable from test files only', () => {
    expect(rulesOf('testing-from-source-file')).toContain('no-restricted-imports');
    expect(results['testing-from-spec-file']).toEqual([]);
    expect(results['testing-from-int-spec-file']).toEqual([]);
  });

  it('(a) an app cannot import another app through its alias either', () => {
    expect(rulesOf('app-imports-other-app-by-alias')).toContain('@nx/enforce-module-boundaries');
  });

  it('(f) an app imports its own files through its alias, never by climbing with ../', () => {
    expect(results['app-imports-itself-by-alias']).toEqual([]);
    expect(rulesOf('app-climbs-with-parent-import')).toEqual(['yp/no-parent-imports']);
  });

  it('(g) two folders of an app cannot import each other', () => {
    expect(rulesOf('app-folder-cycle')).toEqual(['yp/no-folder-cycles']);
  });

  it('(h) configuration comes only from the validated config classes', () => {
    expect(rulesOf('config-service-in-app')).toContain('no-restricted-imports');
    expect(rulesOf('process-env-in-app')).toContain('no-restricted-properties');
  });

  it('(e) a floating promise is an error', () => {
    expect(rulesOf('floating-promise')).toContain('@typescript-eslint/no-floating-promises');
  });
});
