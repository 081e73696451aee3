// Yhteispeli's own lint rules (STYLE.md "Boundaries"), loaded by eslint.config.mjs as the plugin `yp`.
//
// - yp/no-parent-imports: an app's files import their own app through its alias (`@gateway/auth/...`),
//   never by climbing with `../`: the import then says where it goes, and files can move without
//   rewriting paths. Same-folder and deeper relative imports (`./x`, `./commands/y`) are fine.
// - yp/no-folder-cycles: the top-level folders of an app (`auth/`, `users/`, `deliveries/`; files at the
//   root of `src/` count one each) must import each other one way only. An import cycle between two
//   folders means neither can be understood, tested or moved without the other.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

/** `apps/<app>/...` → the app's name, else undefined. */
function appOf(file) {
  const rel = relative(ROOT, file).split(sep);
  return rel[0] === 'apps' && rel.length > 2 ? rel[1] : undefined;
}

function srcDir(app) {
  return join(ROOT, 'apps', app, 'src');
}

/** Resolves an import specifier of `file` to a .ts file of the same app's src/, or undefined. */
function resolveImport(file, specifier, app) {
  let base;
  if (specifier.startsWith('.')) base = resolve(dirname(file), specifier);
  else if (specifier === `@${app}` || specifier.startsWith(`@${app}/`)) base = join(srcDir(app), specifier.slice(app.length + 2));
  else return undefined;
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The folder unit of a file inside src/: its first path segment (a folder, or a root file). */
function unitOf(app, file) {
  const rel = relative(srcDir(app), file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

function listTs(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !TEST_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

function importsOf(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Folder graph of one app (non-test files): unit → (unit → an example import). */
function analyse(app) {
  const edges = new Map(); // unit -> Map(unit -> example "a.ts → b.ts")
  for (const file of listTs(srcDir(app))) {
    const from = unitOf(app, file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolveImport(file, spec, app);
      const to = target && unitOf(app, target);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(srcDir(app), file)} → ${relative(srcDir(app), target)}`);
    }
  }
  return edges;
}

/** A shortest path of folder edges from `from` to `to`, as example imports; empty when there is none. */
function pathBetween(edges, from, to) {
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === to) break;
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  if (from === to || !previous.has(to)) return [];
  const steps = [];
  for (let v = to; previous.get(v) !== undefined; v = previous.get(v)) steps.unshift(edges.get(previous.get(v)).get(v));
  return steps;
}

const analyses = new Map();
function analysisFor(app) {
  // One analysis per app and lint run; `eslint --fix` passes re-read files, which is fine for a graph.
  if (!analyses.has(app)) analyses.set(app, analyse(app));
  return analyses.get(app);
}

const noFolderCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Top-level folders of an app must not import each other both ways.' },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      cycle:
        "Import cycle between the folders '{{from}}' and '{{to}}' of {{app}}: this import goes one way and {{back}} comes back. Move what both need into a lower folder.",
    },
  },
  create(context) {
    const file = context.filename;
    const app = appOf(file);
    if (!app || TEST_FILE.test(file)) return {};
    const from = unitOf(app, file);
    if (!from) return {};
    const allowed = new Set(context.options[0]?.allow ?? []);
    function check(node) {
      if (typeof node.source?.value !== 'string') return;
      const target = resolveImport(file, node.source.value, app);
      const to = target && unitOf(app, target);
      if (!to || to === from) return;
      // A cycle when the target folder leads back here (on disk; this file's own import closes it).
      const back = pathBetween(analysisFor(app), to, from);
      if (back.length === 0) return;
      if (allowed.has(`${app}:${[from, to].sort().join('<->')}`)) return;
      context.report({ node: node.source, messageId: 'cycle', data: { from, to, app, back: back.join(', ') } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

const noParentImports = {
  meta: {
    type: 'suggestion',
    fixable: 'code',
    docs: { description: "An app imports its own files through its alias (@app/...), never with '../'." },
    schema: [],
    messages: { parent: "Import '{{spec}}' climbs with '../': use '{{alias}}'." },
  },
  create(context) {
    const file = context.filename;
    const app = appOf(file);
    if (!app) return {};
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('../')) return;
      const target = resolve(dirname(file), spec);
      const rel = relative(srcDir(app), target);
      const inside = !rel.startsWith('..');
      const alias = inside ? `@${app}/${rel.split(sep).join('/')}` : undefined;
      context.report({
        node: node.source,
        messageId: 'parent',
        data: { spec, alias: alias ?? `an alias (the target is outside apps/${app}/src)` },
        fix: alias ? (fixer) => fixer.replaceText(node.source, `'${alias}'`) : undefined,
      });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) => check({ source: node.source }),
    };
  },
};

export default { meta: { name: 'yp' }, rules: { 'no-folder-cycles': noFolderCycles, 'no-parent-imports': noParentImports } };
