// Root ESLint flat config. Boundaries are real (STYLE.md "Boundaries"): every rule below is an error.
// Run it through Nx (`nx run-many -t lint`) or directly (`eslint .`); both see the same project graph.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';
import yp from './tools/lint-rules/index.mjs';

// @nx/enforce-module-boundaries reads the *cached* project graph (.nx/workspace-data) and silently skips
// itself when there is none (fresh clone, CI, `eslint .`). Build/refresh it here so the rule always runs
// against the current project.json tags. Inside an Nx task the graph was just computed: skip the work.
if (!process.env.NX_TASK_TARGET_PROJECT) {
  process.env.NX_DAEMON ??= 'false';
  await createProjectGraphAsync({ exitOnError: true });
}

// Test files, and the helpers of an app's end-to-end suites (apps/<app>/test/**, never built into the app)
// and of its integration specs (apps/<app>/src/testing/**, which the app never imports).
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/*/test/**/*.ts', 'apps/*/src/testing/**/*.ts'];

const scopedServices = ['gateway', 'organisations', 'working-groups', 'villages', 'notifications'];

const testingOnlyFromTests = {
  group: ['@yp/shared-testing', '@yp/shared-testing/*'],
  message:
    'The testing library (type:testing) may only be imported from *.spec.ts, *.int-spec.ts or *.e2e-spec.ts files, apps/<app>/test/ and apps/<app>/src/testing/.',
};

const appTestingOnlyFromTests = {
  group: ['@*/testing', '@*/testing/*'],
  message: "An app's testing helpers (apps/<app>/src/testing/) are for its tests only; the app never imports them.",
};

const configServiceBan = {
  name: '@nestjs/config',
  message: "Inject the app's validated config class (ValidatedConfigModule) instead of ConfigService string look-ups.",
};

const contractsRuntimeBan = {
  group: [
    'mongoose',
    'mongoose/*',
    'kafkajs',
    'kafkajs/*',
    '@nestjs/core',
    '@nestjs/core/*',
    '@nestjs/common',
    '@nestjs/common/*',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/mongoose',
    '@nestjs/mongoose/*',
  ],
  message: 'Contracts are plain data shapes: no mongoose, kafkajs or Nest runtime (swagger and class-validator/transformer are fine).',
};

const moduleBoundaries = {
  enforceBuildableLibDependency: false,
  banTransitiveDependencies: false,
  allow: [],
  depConstraints: [
    // A service imports only itself, shared and contracts; services never import each other.
    ...scopedServices.map((scope) => ({
      sourceTag: `scope:${scope}`,
      onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared', 'scope:contracts'],
    })),
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:contracts'] },
    { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts'] },
    // Nothing depends on an app (the rule also reports "Imports of apps are forbidden" by projectType).
    { sourceTag: '*', notDependOnLibsWithTags: ['type:app'] },
    // type:testing from test files only: Nx constraints are per project, not per file, so that
    // half lives in the no-restricted-imports block below.
  ],
};

// Every globalThis property of the Node running ESLint (process, Buffer, URL, fetch, timers, ...).
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.local/**', '**/coverage/**', '.nx/**', 'reports/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Plain JavaScript (root configs, tools/*.mjs, deploy/local/**/*.mjs): no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
  },

  // TypeScript with type information.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],

      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
    },
  },

  // Inside an app: imports through its alias (no `../` climbing) and folders that import one way only.
  {
    files: ['apps/**/*.ts'],
    plugins: { yp },
    rules: {
      // An app reaches its own files through its alias (`@gateway/auth/...`), which Nx would
      // otherwise take for a library importing its own barrel.
      '@nx/enforce-module-boundaries': ['error', { ...moduleBoundaries, allowCircularSelfDependency: true }],
      'yp/no-parent-imports': 'error',
      'yp/no-folder-cycles': 'error',
    },
  },

  // type:testing only from test files.
  {
    files: ['**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [testingOnlyFromTests] }],
    },
  },

  // Configuration is read only through the validated config classes (ValidatedConfigModule in
  // shared-bootstrap): no string look-ups of ConfigService, no process.env in an app's code.
  {
    files: ['apps/*/src/**/*.ts', 'libs/shared/**/*.ts'],
    ignores: [...TEST_FILES, 'libs/shared/bootstrap/**', 'libs/shared/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [configServiceBan], patterns: [testingOnlyFromTests, appTestingOnlyFromTests] }],
    },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: "Read configuration from the app's validated config class (e.g. `constructor(config: GatewayConfig)`).",
        },
      ],
    },
  },

  // Contracts import no mongoose, kafkajs or Nest runtime (repeats the testing ban: the rule options replace, not merge).
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [contractsRuntimeBan, testingOnlyFromTests] }],
    },
  },

  // Last: turn off every stylistic rule Prettier owns.
  prettier,
);
