import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { findDagFiles } from './dag-file-finder.js';
import { childExecArgv } from './parse-child.js';
import { parseDagFiles, type ParsedDagFile } from './parse-dag-files.js';
import { makeTempDags, simpleDagFile, type TempDags } from './testing/dag-fixtures.js';

const TIMEOUT_MS = 1500;

describe('parseDagFiles: every failure is an import error naming the file, the rest still load', () => {
  let temp: TempDags;
  let byFile: Map<string, ParsedDagFile>;

  before(async () => {
    temp = await makeTempDags({
      'a_good.ts': simpleDagFile('good_one'),
      'lib/helpers.ts': `export const label = (n: number): string => 'step_' + n;\n`,
      'b_helper_user.ts': `import { dag, bash, chain } from 'updraft';
import { label } from './lib/helpers.js';
export default dag('helper_user', {}, () => { chain(bash(label(1), 'echo 1'), bash(label(2), 'echo 2')); });
`,
      'c_syntax.ts': `import { dag, bash } from 'updraft';\nexport default dag('syntax', {}, () => {\n  bash('a', 'echo' ;\n});\n`,
      'd_throws.ts': `import { dag } from 'updraft';\nconst config: Record<string, string> = {};\nif (!config.url) throw new Error('config.url is not set');\nexport default dag('throws', {}, () => {});\n`,
      'e_loops.ts': `import { dag } from 'updraft';\nwhile (Date.now() > 0) {}\nexport default dag('loops', {}, () => {});\n`,
      'f_exits.ts': `import { dag } from 'updraft';\nprocess.exit(3);\nexport default dag('exits', {}, () => {});\n`,
      'g_cycle.ts': `import { dag, bash, chain } from 'updraft';
export default dag('cyclic', {}, () => {
  const a = bash('a', 'echo a');
  const b = bash('b', 'echo b');
  chain(a, b, a);
});
`,
      'h_dup_task.ts': `import { dag, bash } from 'updraft';\nexport default dag('dup_task', {}, () => { bash('same', 'echo 1'); bash('same', 'echo 2'); });\n`,
      'i_bad_cron.ts': `import { dag, bash } from 'updraft';\nexport default dag('bad_cron', { schedule: '99 * * * *', startDate: '2024-01-01' }, () => { bash('a', 'echo'); });\n`,
      'j_dup_dag_id.ts': `import { dag, bash } from 'updraft';
dag('good_one', {}, () => { bash('x', 'echo'); });
dag('own_dag', {}, () => { bash('x', 'echo'); });
`,
      'z_good.ts': simpleDagFile('good_last'),
    });
    const files = await findDagFiles(temp.dagsFolder);
    const results = await parseDagFiles(files, { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir, timeoutMs: TIMEOUT_MS, concurrency: 2 });
    byFile = new Map(results.map((r) => [r.fileloc, r]));
  });
  after(() => temp.remove());

  const result = (fileloc: string): ParsedDagFile => {
    const found = byFile.get(fileloc);
    assert.ok(found, `no result for ${fileloc}`);
    return found;
  };
  const errorOf = (fileloc: string): string => {
    const { error, dags } = result(fileloc);
    assert.ok(error, `${fileloc} should have an import error`);
    assert.ok(error.message.includes(fileloc), `the message should name ${fileloc}: ${error.message}`);
    assert.deepEqual(dags, []);
    return error.message;
  };

  test('results come in file order, one per file (the helper module is not a DAG file)', () => {
    assert.deepEqual([...byFile.keys()], [
      'a_good.ts',
      'b_helper_user.ts',
      'c_syntax.ts',
      'd_throws.ts',
      'e_loops.ts',
      'f_exits.ts',
      'g_cycle.ts',
      'h_dup_task.ts',
      'i_bad_cron.ts',
      'j_dup_dag_id.ts',
      'z_good.ts',
    ]);
  });

  test('good files load, with fileloc filled, source and a hash per DAG', () => {
    for (const [fileloc, dagId] of [
      ['a_good.ts', 'good_one'],
      ['z_good.ts', 'good_last'],
    ] as const) {
      const r = result(fileloc);
      assert.equal(r.error, null);
      assert.deepEqual(r.dags.map((d) => [d.dagId, d.fileloc]), [[dagId, fileloc]]);
      assert.match(r.hashes[dagId] ?? '', /^[0-9a-f]{64}$/);
      assert.match(r.source ?? '', new RegExp(`dag\\('${dagId}'`));
    }
  });

  test('a file importing a helper module from a subfolder loads', () => {
    const r = result('b_helper_user.ts');
    assert.equal(r.error, null);
    assert.deepEqual(r.dags[0]?.tasks.map((t) => t.taskId), ['step_1', 'step_2']);
  });

  test('syntax error: esbuild message with file:line:col', () => {
    assert.match(errorOf('c_syntax.ts'), /c_syntax\.ts:3:20: Expected "\)" but found ";"/);
  });

  test('throw at import: message plus a stack trace pointing at the .ts line', () => {
    assert.match(errorOf('d_throws.ts'), /Failed to import d_throws\.ts: config\.url is not set/);
    assert.match(result('d_throws.ts').error?.stacktrace ?? '', /d_throws\.ts:3:\d+/);
  });

  test('infinite loop: killed after the timeout', () => {
    assert.equal(
      errorOf('e_loops.ts'),
      'Timed out after 1.5s while importing e_loops.ts: a DAG file must finish importing within dagbag import timeout; move slow work into tasks',
    );
    assert.ok(result('e_loops.ts').durationMs >= TIMEOUT_MS - 50);
  });

  test('process.exit(3) at import: names the exit code', () => {
    assert.match(errorOf('f_exits.ts'), /exit code 3\) while importing f_exits\.ts/);
  });

  test('cycle, duplicate task id and bad cron: the DagDefinitionError names DAG and task', () => {
    assert.match(errorOf('g_cycle.ts'), /DagDefinitionError: DAG 'cyclic'.*cycle/);
    assert.match(errorOf('h_dup_task.ts'), /DagDefinitionError: DAG 'dup_task', task 'same'/);
    assert.match(errorOf('i_bad_cron.ts'), /DagDefinitionError: DAG 'bad_cron'.*99/);
  });

  test('a DAG id already defined by an earlier file: error naming that file; the file keeps its other DAGs', () => {
    const r = result('j_dup_dag_id.ts');
    assert.equal(
      r.error?.message,
      "DAG id 'good_one' in j_dup_dag_id.ts is already defined in a_good.ts: DAG ids must be unique across all DAG files; rename one of them",
    );
    assert.deepEqual(r.dags.map((d) => d.dagId), ['own_dag']);
    assert.deepEqual(Object.keys(r.hashes), ['own_dag']);
    assert.deepEqual(result('a_good.ts').dags.map((d) => d.dagId), ['good_one']);
  });
});

describe('parseDagFiles: versions', () => {
  test('editing a file (even only a task body) changes its hash; an unchanged file keeps it', async () => {
    const temp = await makeTempDags({ 'one.ts': simpleDagFile('one', 'v1'), 'two.ts': simpleDagFile('two') });
    try {
      const parse = async () => {
        const results = await parseDagFiles(await findDagFiles(temp.dagsFolder), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir, concurrency: 1 });
        return new Map(results.map((r) => [r.fileloc, r]));
      };
      const first = await parse();
      await writeFile(temp.path('one.ts'), simpleDagFile('one', 'v2'));
      const second = await parse();
      assert.notEqual(second.get('one.ts')?.hashes.one, first.get('one.ts')?.hashes.one);
      assert.match(second.get('one.ts')?.source ?? '', /v2/);
      assert.equal(second.get('two.ts')?.hashes.two, first.get('two.ts')?.hashes.two);
    } finally {
      await temp.remove();
    }
  });
});

test('the child gets the parent flags minus test-runner/inspector/eval ones, plus source maps', () => {
  const parent = ['--import', 'tsx', '--test', '--test-concurrency=2', '--inspect=9229', '-e', 'code', '--max-old-space-size=512'];
  assert.deepEqual(childExecArgv(parent, false), ['--import', 'tsx', '--max-old-space-size=512', '--enable-source-maps']);
  assert.deepEqual(childExecArgv(['--enable-source-maps'], false), ['--enable-source-maps']);
});

test('a built worker runs without the tsx loader, whichever way tsx was given', () => {
  const tsxCli = ['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs'];
  assert.deepEqual(childExecArgv([...tsxCli, '--import', 'tsx', '--import=tsx', '--import', './my-hook.mjs'], true), [
    '--import',
    './my-hook.mjs',
    '--enable-source-maps',
  ]);
});
