// Three tiers (STYLE.md): unit tests beside the code (no I/O), integration tests per service
// against a real broker and database, end-to-end tests through the gateway as a user would.
const { compilerOptions } = require('./tsconfig.base.json');

// tsconfig paths as Jest mappers: `@yp/shared-kafka` exactly, `@gateway/*` with its wildcard.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) =>
    alias.endsWith('/*') ? [`^${alias.slice(0, -2)}/(.*)$`, `<rootDir>/${target.slice(0, -2)}/$1`] : [`^${alias}$`, `<rootDir>/${target}`],
  ),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // The local launcher and `npm start` are plain ESM (.mjs) that Node runs as they are; their
  // tests (tools/**) load them through the same compiler, as CommonJS.
  '^.+\\.mjs$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' },
  ],
};

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/deploy'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/shared/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/shared/testing/src/jest-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/shared/testing/src/jest-timeouts.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/shared/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/shared/testing/src/jest-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/shared/testing/src/jest-timeouts.ts'],
    },
  ],
};
