/**
 * The architecture, checked: arrows point down, the SDK that DAG files import
 * pulls in no database, HTTP or queue code, the core does no I/O, and there are
 * no import cycles. Imports are read from the source text, as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // Test code (tests and their `testing/` helpers, never shipped) may reach across layers.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !path.includes('/conformance/') && !path.includes('/testing/') ? [path] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface ImportEdge {
  readonly specifier: string;
  readonly typeOnly: boolean;
  /** `import('x')` at run time, as opposed to a static import. */
  readonly dynamic: boolean;
  /** Absolute path of a relative import's target (.ts), else null. */
  readonly target: string | null;
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean) => {
    const target = specifier.startsWith('.') ? resolve(dirname(file), specifier).replace(/\.js$/, '.ts') : null;
    edges.push({ specifier, typeOnly, dynamic, target });
  };
  for (const match of text.matchAll(IMPORT)) add(match[2] as string, Boolean(match[1]), false);
  for (const match of text.matchAll(DYNAMIC_IMPORT)) add(match[1] as string, false, true);
  return edges;
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const rel = (file: string) => relative(src, file);

/** Every module reachable from `entry` through runtime (not type-only) imports. */
function runtimeClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of graph.get(file) ?? []) if (edge.target && !edge.typeOnly) pending.push(edge.target);
  }
  return seen;
}

test('the SDK loads no database, HTTP, queue or process code', () => {
  const forbiddenPackages = /^(kysely|better-sqlite3|pg|bullmq|ioredis|redis|esbuild|commander|node:(http|https|net|child_process|fs|fs\/promises))$/;
  const closure = runtimeClosure(join(src, 'sdk', 'index.ts'));
  const offenders: string[] = [];
  for (const file of closure) {
    const area = rel(file).split('/')[0];
    if (area !== 'sdk' && area !== 'core') offenders.push(`${rel(file)} (outside sdk/ and core/)`);
    for (const edge of graph.get(file) ?? []) {
      if (!edge.typeOnly && forbiddenPackages.test(edge.specifier)) offenders.push(`${rel(file)} imports ${edge.specifier}`);
    }
  }
  assert.deepEqual(offenders, [], 'the SDK must stay free of I/O code');
  assert.ok(closure.size > 10, 'the check must actually walk the SDK');
});

test("'updraft/hooks' loads no driver or client library when imported: hooks load them on first use", () => {
  // A DAG file may import hooks for its task code; parsing it must stay fast and free of side effects.
  const heavy = /^(pg|pg-cursor|mysql2(\/.*)?|better-sqlite3|kysely|bullmq|ioredis|nodemailer|@aws-sdk\/.*|esbuild)$/;
  const seen = new Set<string>();
  const pending = [join(src, 'hooks', 'index.ts')];
  const offenders: string[] = [];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly || edge.dynamic) continue;
      if (edge.target) pending.push(edge.target);
      else if (heavy.test(edge.specifier)) offenders.push(`${rel(file)} imports ${edge.specifier}`);
    }
  }
  assert.deepEqual(offenders, [], 'load drivers with `await import(...)` inside the hook');
  assert.ok(seen.size > 3, 'the check must actually walk the hooks');
});

test('core is pure: it imports nothing of ours outside core/ and no I/O module', () => {
  const io = /^(node:(fs|fs\/promises|http|https|net|child_process|os|worker_threads)|kysely|better-sqlite3|pg|esbuild)$/;
  const offenders: string[] = [];
  for (const file of files.filter((f) => rel(f).startsWith('core/'))) {
    for (const edge of graph.get(file) ?? []) {
      if (edge.target && !rel(edge.target).startsWith('core/')) offenders.push(`${rel(file)} imports ${rel(edge.target)}`);
      if (io.test(edge.specifier)) offenders.push(`${rel(file)} imports ${edge.specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the API client runs in a browser: at run time it needs only its own files and web-standard APIs', () => {
  const closure = runtimeClosure(join(src, 'client', 'index.ts'));
  const offenders: string[] = [];
  for (const file of closure) {
    if (!rel(file).startsWith('client/')) offenders.push(`${rel(file)} (outside client/)`);
    for (const edge of graph.get(file) ?? []) if (!edge.typeOnly && !edge.specifier.startsWith('.')) offenders.push(`${rel(file)} imports ${edge.specifier}`);
  }
  assert.deepEqual(offenders, [], 'the client must stay free of server and Node code');
  assert.ok(closure.size >= 3, 'the check must actually walk the client');
});

test('layers point down: lower layers never import higher ones', () => {
  // A layer may import its own and lower layers only. app.ts (the composition root) wires
  // adapters for the entry points (cli), so it sits just below them.
  const rank: Record<string, number> = { core: 0, sdk: 1, config: 1, client: 1, store: 2, secrets: 2, hooks: 3, operators: 3, runner: 3, processor: 3, executor: 4, scheduler: 5, services: 6, 'dag-testing': 6, api: 7, 'app.ts': 8, 'app-dag-processor.ts': 8, 'orchestrator.ts': 8, 'task-callbacks.ts': 8, 'configured-executor.ts': 8, worker: 8, cli: 9 };
  const offenders: string[] = [];
  for (const file of files) {
    const from = rel(file).split('/')[0] as string;
    for (const edge of graph.get(file) ?? []) {
      if (!edge.target || edge.typeOnly) continue;
      const to = rel(edge.target).split('/')[0] as string;
      if ((rank[to] ?? 0) > (rank[from] ?? 0)) offenders.push(`${rel(file)} -> ${rel(edge.target)}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('no import cycles', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].map(rel).join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    // Type-only imports count too: a loop of types still ties the files into one knot to read and change.
    for (const edge of graph.get(file) ?? []) if (edge.target) visit(edge.target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('every relative import points at a file that exists', () => {
  const missing = files.flatMap((file) =>
    (graph.get(file) ?? []).filter((e) => e.target && !graph.has(e.target) && !e.target.includes('/conformance/')).map((e) => `${rel(file)} -> ${e.specifier}`),
  );
  assert.deepEqual(missing, []);
});
