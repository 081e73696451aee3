import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, entryPoint } from './build.mjs';

// The build that `npm start`, the test system and the benchmark run before starting a service, on a
// small workspace of its own: aliases resolved, assets copied, tests left out, and never stale.
describe('tools/build.mjs', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const run = () => execFileSync(process.execPath, [entryPoint('demo')], { cwd: root, encoding: 'utf8' }).trim();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'yp-build-'));
    write(
      'tsconfig.base.json',
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          baseUrl: '.',
          paths: { '@yp/greeting': ['libs/shared/greeting/src/index.ts'], '@demo/*': ['apps/demo/src/*'] },
        },
      }),
    );
    write('libs/shared/greeting/src/index.ts', "export * from './greet';\n");
    write('libs/shared/greeting/src/greet.ts', 'export const greet = (name: string): string => `hello ${name}`;\n');
    write('libs/shared/testing/src/index.ts', 'export const onlyForTests = true;\n');
    write('apps/demo/src/names/names.json', '["Kuusamo"]\n');
    write('apps/demo/src/names/names.ts', "import names from './names.json';\nexport const first = (): string => names[0];\n");
    write(
      'apps/demo/src/main.ts',
      [
        "import { greet } from '@yp/greeting';",
        "import { first } from '@demo/names/names';",
        'const decorate = (): ClassDecorator => () => undefined;',
        '@decorate()',
        'class Service { constructor(readonly name: string) {} }',
        'console.log(greet(new Service(first()).name));',
      ].join('\n'),
    );
    write('apps/demo/src/main.spec.ts', "it('is a test', () => undefined);\n");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compiles the sources with the aliases resolved, copies the assets and leaves tests out', async () => {
    const result = await build({ root });
    expect(result).toMatchObject({ compiled: 4, copied: 1, removed: 0 });
    expect(run()).toBe('hello Kuusamo');
    const main = readFileSync(join(root, 'dist/apps/demo/src/main.js'), 'utf8');
    expect(main).toContain('require("../../../libs/shared/greeting/src")');
    expect(main).toContain('design:paramtypes');
    expect(existsSync(join(root, 'dist/apps/demo/src/main.js.map'))).toBe(true);
    expect(existsSync(join(root, 'dist/apps/demo/src/main.spec.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/libs/shared/testing'))).toBe(false);
  });

  it('does nothing when nothing changed', async () => {
    expect(await build({ root })).toMatchObject({ compiled: 0, copied: 0, removed: 0 });
  });

  it('compiles a changed source again even when its date is older than its output', async () => {
    write('libs/shared/greeting/src/greet.ts', 'export const greet = (name: string): string => `terve ${name}`;\n');
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(root, 'libs/shared/greeting/src/greet.ts'), past, past);
    expect(await build({ root })).toMatchObject({ compiled: 1, copied: 0 });
    expect(run()).toBe('terve Kuusamo');
  });

  it('rebuilds an output that was deleted, and deletes the outputs of a deleted source', async () => {
    rmSync(join(root, 'dist/apps/demo/src/names/names.js'));
    write('apps/demo/src/unused.ts', 'export const unused = 1;\n');
    expect(await build({ root })).toMatchObject({ compiled: 2 });
    expect(existsSync(join(root, 'dist/apps/demo/src/unused.js'))).toBe(true);
    rmSync(join(root, 'apps/demo/src/unused.ts'));
    expect(await build({ root })).toMatchObject({ compiled: 0, removed: 2 });
    expect(existsSync(join(root, 'dist/apps/demo/src/unused.js'))).toBe(false);
    expect(run()).toBe('terve Kuusamo');
  });

  it('starts from an empty dist/ when asked to', async () => {
    write('dist/apps/demo/src/left-over.js', 'throw new Error();\n');
    expect(await build({ root, clean: true })).toMatchObject({ compiled: 4, copied: 1, removed: 0 });
    expect(existsSync(join(root, 'dist/apps/demo/src/left-over.js'))).toBe(false);
    expect(run()).toBe('terve Kuusamo');
  });

  it('fails on a source that does not compile, and compiles it once it does', async () => {
    write('apps/demo/src/names/names.ts', 'export const first = (: string => ;\n');
    await expect(build({ root })).rejects.toThrow(/apps\/demo\/src\/names\/names\.ts/);
    write('apps/demo/src/names/names.ts', "export const first = (): string => 'Salla';\n");
    expect(await build({ root })).toMatchObject({ compiled: 1 });
    expect(run()).toBe('terve Salla');
  });
});
