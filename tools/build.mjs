// `npm run build`, and the first step of everything that runs the services as processes (`npm start`,
// the test system, the benchmark): compiles the services' TypeScript to CommonJS JavaScript in
// dist/, with the workspace aliases (`@yp/...`, `@gateway/...`) rewritten to relative paths, so
// that a service runs as `node dist/apps/<app>/src/main.js` with no compiler in its process
// (docs/adr/012-compiled-javascript-at-run-time.md).
//
// dist/ mirrors the source tree: apps/*/src and libs/*/*/src without tests and without the testing
// library; every other file there (email templates, JSON) is copied, so `__dirname` and relative
// JSON imports work as they do from the sources. The build is incremental and never stale: each run
// hashes every source and compiles only those whose hash differs from the last build's (or whose
// output is missing), recompiles everything when the compiler options or the compiler change, and
// deletes outputs whose source is gone. Up to date, it takes a fraction of a second. Builds in
// parallel (two test files, `npm start` and a test run) take turns on a lock; files are replaced
// whole (written aside, then renamed), so a running service never reads half a file.
//
//   node tools/build.mjs          # build (quiet when nothing changed)
//   node tools/build.mjs --clean  # empty dist/ and build everything
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXCLUDED_DIRS = new Set(['libs/shared/testing/src']);
const require = createRequire(import.meta.url);
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const MANIFEST = '.build-manifest.json';
const LOCK = '.build-lock';

/** The compiled entry point of an app, relative to the repository root. */
export function entryPoint(app, { outDir = 'dist' } = {}) {
  return path.join(outDir, 'apps', app, 'src', 'main.js');
}

/**
 * SWC's options: those tsconfig.base.json gives TypeScript (target, CommonJS, legacy decorators with
 * their metadata, class fields by [[Define]] as TypeScript does for ES2022 and later, esModuleInterop)
 * and its `paths`, which SWC resolves to relative requires at build time. The same SWC and the same
 * options `@swc-node/register` used on load, so the JavaScript is what ran before.
 */
function swcOptions(root) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: compilerOptions.target.toLowerCase(),
      keepClassNames: true,
      baseUrl: path.resolve(root, compilerOptions.baseUrl),
      paths: compilerOptions.paths,
      transform: {
        legacyDecorator: compilerOptions.experimentalDecorators === true,
        decoratorMetadata: compilerOptions.emitDecoratorMetadata === true,
        useDefineForClassFields: compilerOptions.useDefineForClassFields ?? true,
      },
    },
  };
}

/** The folders below `dir` (relative to `root`). */
const subfolders = (root, dir) =>
  fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${dir}/${e.name}`)
    : [];

/** Every file the services run from, relative to `root`: TypeScript to compile and assets to copy. */
function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    if (EXCLUDED_DIRS.has(dir) || !fs.existsSync(path.join(root, dir))) return;
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && !TEST_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
    }
  };
  // apps/<app>/src and libs/<group>/<lib>/src
  for (const app of subfolders(root, 'apps')) walk(`${app}/src`);
  for (const lib of subfolders(root, 'libs').flatMap((group) => subfolders(root, group))) walk(`${lib}/src`);
  return files.sort();
}

const outputOf = (file) => (file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file);

/** Writes beside, then renames: a reader sees the old file or the new one, never half of one. */
function writeWhole(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, content);
  fs.renameSync(aside, file);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One build at a time per output folder: a directory created atomically, taken over when its holder is gone. */
async function withLock(outDir, fn) {
  const lock = path.join(outDir, LOCK);
  fs.mkdirSync(outDir, { recursive: true });
  for (const giveUpAt = Date.now() + 120_000; ;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = 0;
      let since = Date.now();
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
        since = fs.statSync(lock).mtimeMs;
      } catch {
        /* released meanwhile, or its pid not written yet */
      }
      // Its holder is gone, or died between taking the lock and writing its pid.
      if ((holder && !isAlive(holder)) || (!holder && Date.now() - since > 10_000)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > giveUpAt) throw new Error(`Another build (pid ${holder || 'unknown'}) has held ${lock} for two minutes.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Removes files under `dir` that are not in `keep` (paths relative to `outDir`), and folders left empty. */
function prune(outDir, dir, keep) {
  let removed = 0;
  const full = path.join(outDir, dir);
  if (!fs.existsSync(full)) return removed;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += prune(outDir, rel, keep);
      if (fs.readdirSync(path.join(outDir, rel)).length === 0) fs.rmdirSync(path.join(outDir, rel));
    } else if (!keep.has(rel)) {
      fs.rmSync(path.join(outDir, rel), { force: true });
      removed += 1;
    }
  }
  return removed;
}

/**
 * Brings `outDir` (default dist/) up to date with the sources. Returns what it did.
 * @param {{ root?: string, outDir?: string, clean?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ compiled: number, copied: number, removed: number, files: number, ms: number }>}
 */
export async function build({ root = REPO_ROOT, outDir = path.join(root, 'dist'), clean = false, log = () => {} } = {}) {
  const t0 = Date.now();
  return withLock(outDir, async () => {
    if (clean)
      for (const entry of fs.readdirSync(outDir)) if (entry !== LOCK) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
    const options = swcOptions(root);
    const toolchain = createHash('sha256')
      .update(JSON.stringify(options))
      .update(fs.readFileSync(require.resolve('@swc/core/package.json')))
      .update(fs.readFileSync(fileURLToPath(import.meta.url)))
      .digest('hex');
    const previous = readJson(path.join(outDir, MANIFEST));
    const built = previous?.toolchain === toolchain ? (previous.files ?? {}) : {};

    const files = sourceFiles(root);
    const hashes = {};
    const todo = [];
    for (const file of files) {
      const hash = createHash('sha256')
        .update(fs.readFileSync(path.join(root, file)))
        .digest('hex');
      hashes[file] = hash;
      if (built[file] !== hash || !fs.existsSync(path.join(outDir, outputOf(file)))) todo.push(file);
    }

    // Loaded only when there is something to compile: an up-to-date check stays quick.
    const swc = todo.some((file) => file.endsWith('.ts')) ? require('@swc/core') : undefined;
    let compiled = 0;
    let copied = 0;
    const failures = [];
    const queue = [...todo];
    const worker = async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const source = path.join(root, file);
        const target = path.join(outDir, outputOf(file));
        if (!file.endsWith('.ts')) {
          writeWhole(target, fs.readFileSync(source));
          copied += 1;
          continue;
        }
        try {
          const out = await swc.transformFile(source, {
            ...options,
            filename: source,
            sourceFileName: path.relative(path.dirname(target), source),
          });
          writeWhole(`${target}.map`, out.map);
          writeWhole(target, `${out.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
          compiled += 1;
        } catch (error) {
          // SWC's message: the source with the error marked, then its own stack (of no use here).
          failures.push(
            `${file}: ${String(error.message ?? error)
              .split(/\n+Caused by:/)[0]
              .trimEnd()}`,
          );
          delete hashes[file]; // compiled again next time
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const keep = new Set([MANIFEST]);
    for (const file of files) {
      keep.add(outputOf(file));
      if (file.endsWith('.ts')) keep.add(`${outputOf(file)}.map`);
    }
    let removed = 0;
    for (const top of ['apps', 'libs']) removed += prune(outDir, top, keep);
    writeWhole(path.join(outDir, MANIFEST), JSON.stringify({ toolchain, files: hashes }, null, 1));

    const result = { compiled, copied, removed, files: files.length, ms: Date.now() - t0 };
    if (failures.length > 0) {
      const error = new Error(`The build failed:\n${failures.join('\n')}`);
      error.result = result;
      throw error;
    }
    if (compiled + copied + removed > 0)
      log(
        `Built ${path.relative(root, outDir) || outDir}/: ${compiled} compiled, ${copied} copied, ${removed} removed (${files.length} files) in ${result.ms} ms`,
      );
    return result;
  });
}

// Run as a script (not imported): no top-level await, so Jest can load this file as CommonJS.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build({ clean: process.argv.includes('--clean'), log: (line) => console.log(`[build] ${line}`) }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
