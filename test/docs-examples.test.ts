/**
 * The TypeScript in the docs is real: every ```ts block that starts with a DAG
 * file's path (`// dags/x.ts`, `// ~/updraft/dags/x.ts`) is written as that
 * file, and every block that starts with `// in a DAG body` is wrapped in a
 * dag() with all of 'updraft' and 'updraft/hooks' in scope. All of them are
 * type-checked together (strict), then loaded as the DAG processor loads them
 * (so option checks run). The DAGs of the tutorial and of the Airflow
 * translation are also run with the built `updraft dags test`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { loadDagFile } from '../src/processor/load-dag-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs');
const cli = join(root, 'dist', 'cli', 'main.js');
/** Pages whose DAGs need no connection or service, so they run end to end. */
const RUNNABLE_PAGES = ['tutorial.md', 'coming-from-airflow.md'];

const DAG_FILE = /^\/\/ \S*dags\/([\w.-]+\.ts)\s*$/;
const DAG_BODY = /^\/\/ in a DAG body\b/;

interface Example {
  readonly page: string;
  readonly line: number;
  readonly file: string;
  readonly fragment: boolean;
}

function tsBlocks(text: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^```ts\s*$/.test(lines[i] as string)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] as string)) end += 1;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

async function exportedNames(entry: string): Promise<string[]> {
  return Object.keys((await import(entry)) as Record<string, unknown>).filter((name) => name !== 'default');
}

/** Writes every example into its own folder of `dir` (with a package.json making it ESM). */
async function writeExamples(dir: string): Promise<Example[]> {
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const sdk = await exportedNames('../src/sdk/index.js');
  const hooks = (await exportedNames('../src/hooks/index.js')).filter((name) => !sdk.includes(name));
  const examples: Example[] = [];
  for (const page of readdirSync(docs).filter((name) => name.endsWith('.md')).sort()) {
    for (const [index, block] of tsBlocks(readFileSync(join(docs, page), 'utf8')).entries()) {
      const first = block.code.split('\n')[0] ?? '';
      const named = DAG_FILE.exec(first);
      if (!named && !DAG_BODY.test(first)) continue;
      const folder = join(dir, `${basename(page, '.md')}-${index}`, 'dags');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, named ? (named[1] as string) : 'snippet.ts');
      const code = named
        ? block.code
        : [
            `import { ${sdk.join(', ')} } from 'updraft';`,
            `import { ${hooks.join(', ')} } from 'updraft/hooks';`,
            `dag('doc_${basename(page, '.md').replace(/\W/g, '_')}_${index}', { schedule: null }, () => {`,
            block.code,
            '});',
          ].join('\n');
      writeFileSync(file, `${code}\n`);
      examples.push({ page, line: block.line, file, fragment: !named });
    }
  }
  return examples;
}

const where = (example: Example) => `docs/${example.page}:${example.line}`;

test('the docs TypeScript examples type-check and load as DAGs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-docs-'));
  const examples = await writeExamples(dir);
  assert.ok(examples.length >= 20, `expected the docs to hold many checked examples, found ${examples.length}`);

  const program = ts.createProgram(
    examples.map((e) => e.file),
    {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      skipLibCheck: true,
      noEmit: true,
      paths: { updraft: [join(root, 'src/sdk/index.ts')], 'updraft/hooks': [join(root, 'src/hooks/index.ts')] },
    },
  );
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir))
    .map((d) => {
      const example = examples.find((e) => e.file === d.file?.fileName);
      const { line } = (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0);
      // A fragment is shifted by the three lines of its wrapper.
      const docLine = example ? example.line + line - (example.fragment ? 3 : 0) : line + 1;
      return `docs/${example?.page}:${docLine}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  assert.deepEqual(problems, [], 'fix the examples in the docs');

  for (const example of examples) {
    const dagsFolder = dirname(example.file);
    try {
      const loaded = await loadDagFile(example.file, { dagsFolder, cacheDir: join(dir, 'cache') });
      assert.ok(loaded.dags.length > 0, `${where(example)} declares no DAG`);
    } catch (error) {
      assert.fail(`${where(example)} does not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
});

test('the tutorial and the Airflow translation run to success with `updraft dags test`', async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run 'npm run build' first`);
  const dir = mkdtempSync(join(tmpdir(), 'updraft-docs-run-'));
  const runnable = (await writeExamples(dir)).filter((e) => RUNNABLE_PAGES.includes(e.page) && !e.fragment);
  assert.ok(runnable.length >= 2, 'the tutorial and the translation each show a DAG file');
  for (const example of runnable) {
    const dagsFolder = dirname(example.file);
    const { dags } = await loadDagFile(example.file, { dagsFolder, cacheDir: join(dir, 'cache') });
    for (const { dagId } of dags) {
      const home = mkdtempSync(join(dir, 'home-'));
      const run = spawnSync(process.execPath, [cli, 'dags', 'test', dagId, '2024-06-01', '-d', dagsFolder, '-q'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1' },
        timeout: 60_000,
      });
      assert.equal(run.status, 0, `${where(example)}: dags test ${dagId} failed:\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /: success \(/, `${where(example)}: ${dagId} did not succeed`);
    }
  }
});
