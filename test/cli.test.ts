/**
 * The `updraft` command end to end: the built CLI (`npm test` builds first) in
 * real child processes, each with its own UPDRAFT_HOME and the embedded SQLite
 * store, on the shipped examples and on a folder of broken DAG files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function updraft(home: string, args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Result {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' (npm test does it first)`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1', ...options.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'updraft-cli-'));
}

function writeDag(folder: string, name: string, text: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), text);
}

test('dags test runs the first seed pipeline and shows the two values arriving', () => {
  const home = freshHome();
  const run = updraft(home, ['dags', 'test', 'pipeline_python_2', '--examples', '--logical-date', '2024-05-01']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Running command: date/);
  assert.match(run.stdout, /\[0\] I have received data: my name is do_task_one from task do_task_one/);
  assert.match(run.stdout, /\[1\] I have received data: my name is do_task_two from task do_task_two/);
  assert.match(run.stdout, /DAG run manual__2024-05-01T00:00:00\+00:00: success/);
  for (const task of ['print_date1', 'do_task_one', 'do_task_two', 'read_xcoms']) {
    assert.match(run.stdout, new RegExp(`${task}\\s+\\| success`));
    const log = join(home, 'logs', 'dag_id=pipeline_python_2', 'run_id=manual__2024-05-01T00:00:00+00:00', `task_id=${task}`, 'attempt=1.log');
    assert.ok(existsSync(log), `log file for ${task}`);
  }
});

test('each kind of broken DAG file becomes an import error and the other DAGs still load', () => {
  const home = freshHome();
  const dags = join(home, 'dags');
  writeDag(dags, 'good.ts', `import { dag, task } from 'updraft';\ndag('good_dag', {}, () => { task('ok', () => 1); });\n`);
  writeDag(dags, 'syntax.ts', `import { dag } from 'updraft';\ndag('syntax_dag', {}, () => { const = ; });\n`);
  writeDag(dags, 'throws.ts', `import { dag } from 'updraft';\nthrow new Error('config file missing');\ndag('never', {}, () => {});\n`);
  writeDag(dags, 'loops.ts', `import { dag } from 'updraft';\nwhile (true) {}\ndag('never2', {}, () => {});\n`);
  writeDag(dags, 'exits.ts', `import { dag } from 'updraft';\nprocess.exit(3);\ndag('never3', {}, () => {});\n`);
  writeDag(
    dags,
    'cycle.ts',
    `import { dag, empty, chain } from 'updraft';\ndag('cyclic', {}, () => { const a = empty('a'); const b = empty('b'); chain(a, b); b.before(a); });\n`,
  );
  writeDag(dags, 'dup.ts', `import { dag, empty } from 'updraft';\ndag('dup_task', {}, () => { empty('same'); empty('same'); });\n`);
  writeDag(dags, 'cron.ts', `import { dag } from 'updraft';\ndag('bad_cron', { schedule: '0 25 * * *', startDate: '2024-01-01' }, () => {});\n`);
  const env = { UPDRAFT__CORE__DAGBAG_IMPORT_TIMEOUT: '2' };

  const listed = updraft(home, ['dags', 'list', '-o', 'json'], { env });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { dag_id: string }[]).map((d) => d.dag_id), ['good_dag']);

  const errors = updraft(home, ['dags', 'list-import-errors', '-o', 'json'], { env });
  assert.equal(errors.status, 1, 'exits 1 when there are import errors');
  const byFile = new Map((JSON.parse(errors.stdout) as { filepath: string; error: string }[]).map((e) => [e.filepath, e.error]));
  assert.deepEqual([...byFile.keys()].sort(), ['cron.ts', 'cycle.ts', 'dup.ts', 'exits.ts', 'loops.ts', 'syntax.ts', 'throws.ts']);
  assert.match(byFile.get('syntax.ts') ?? '', /syntax\.ts:2/);
  assert.match(byFile.get('throws.ts') ?? '', /config file missing/);
  assert.match(byFile.get('loops.ts') ?? '', /[Tt]imed out after 2s/);
  assert.match(byFile.get('exits.ts') ?? '', /exit.*3/);
  assert.match(byFile.get('cycle.ts') ?? '', /DAG 'cyclic': has a cycle: (a -> b -> a|b -> a -> b)/);
  assert.match(byFile.get('dup.ts') ?? '', /DAG 'dup_task', task 'same': the task id is declared twice/);
  assert.match(byFile.get('cron.ts') ?? '', /DAG 'bad_cron': invalid schedule '0 25 \* \* \*'/);

  const human = updraft(home, ['dags', 'list'], { env });
  assert.match(human.stderr, /7 file\(s\) failed to import/);
});

test('beside an installation that shows the examples (standalone loads them), dags list lists them too, unless the setting says no', () => {
  const home = freshHome();
  writeDag(join(home, 'dags'), 'mine.ts', `import { dag, task } from 'updraft';\ndag('my_dag', {}, () => { task('ok', () => 1); });\n`);
  const ids = (result: { status: number | null; stdout: string; stderr: string }) => {
    assert.equal(result.status, 0, result.stderr);
    return (JSON.parse(result.stdout) as { dag_id: string }[]).map((d) => d.dag_id);
  };
  assert.deepEqual(ids(updraft(home, ['dags', 'list', '-o', 'json'])), ['my_dag'], 'a fresh home: no examples');
  // What standalone does on its first start: the examples are parsed into the database.
  assert.ok(ids(updraft(home, ['dags', 'list', '--examples', '-o', 'json'])).includes('pipeline_python_2'));
  const listed = ids(updraft(home, ['dags', 'list', '-o', 'json']));
  assert.ok(listed.includes('my_dag') && listed.includes('pipeline_python_2'), listed.join(', '));
  assert.deepEqual(ids(updraft(home, ['dags', 'list', '-o', 'json'], { env: { UPDRAFT_LOAD_EXAMPLES: 'false' } })), ['my_dag']);
});

test('a failing task is retried, then fails the run with its reason; exit code 1', () => {
  const home = freshHome();
  writeDag(
    join(home, 'dags'),
    'flaky.ts',
    `import { dag, task } from 'updraft';
dag('flaky', {}, () => {
  const boom = task('boom', { retries: 1, retryDelay: '1s' }, (_in, { tryNumber }) => { throw new Error('database is down (try ' + tryNumber + ')'); });
  task('after', { inputs: { boom } }, () => 'never');
});
`,
  );
  const run = updraft(home, ['dags', 'test', 'flaky']);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /boom up_for_retry .*database is down \(try 1\)/);
  assert.match(run.stdout, /waiting for a retry until/);
  assert.match(run.stdout, /boom failed .*database is down \(try 2\)/);
  assert.match(run.stdout, /after upstream_failed/);
  assert.match(run.stdout, /DAG run manual__.*: failed/);
});

test('tasks list and tasks test', () => {
  const home = freshHome();
  const list = updraft(home, ['tasks', 'list', 'pipeline_python_2', '--examples', '-o', 'plain']);
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(
    list.stdout.trim().split('\n').map((line) => line.split('\t')[0]),
    ['print_date1', 'do_task_one', 'do_task_two', 'read_xcoms'],
  );
  const one = updraft(home, ['tasks', 'test', 'pipeline_python_2', 'do_task_one', '--examples']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /launching task1 for do_task_one/);
  const missing = updraft(home, ['tasks', 'test', 'pipeline_python_2', 'nope', '--examples']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /DAG 'pipeline_python_2' has no task 'nope': its tasks are print_date1, do_task_one/);
});

test('conf is validated against the params schema with a message naming the field', () => {
  const home = freshHome();
  const bad = updraft(home, ['dags', 'test', 'example_branching', '--examples', '--conf', '{"rows": -5}']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Invalid params for DAG 'example_branching': rows: Too small/);
  const notJson = updraft(home, ['dags', 'test', 'example_branching', '--examples', '--conf', '{rows}']);
  assert.match(notJson.stderr, /--conf is not valid JSON/);
  const unknown = updraft(home, ['dags', 'test', 'no_such_dag', '--examples']);
  assert.match(unknown.stderr, /DAG 'no_such_dag' was not found in .* Known DAGs: example_branching/);
});

test('db migrate, check and reset (which asks first)', () => {
  const home = freshHome();
  assert.match(updraft(home, ['db', 'migrate']).stdout, /Applied .*0001/);
  assert.match(updraft(home, ['db', 'migrate']).stdout, /up to date/);
  assert.match(updraft(home, ['db', 'check']).stdout, /OK: sqlite database/);
  const refused = updraft(home, ['db', 'reset'], { input: 'no\n' });
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /Nothing was deleted/);
  const reset = updraft(home, ['db', 'reset'], { input: 'yes\n' });
  assert.equal(reset.status, 0, reset.stderr);
  assert.match(reset.stdout, /schema is recreated/);
  assert.ok(existsSync(join(home, 'updraft.db')));
});

test('every command has --help', () => {
  const home = freshHome();
  for (const args of [[], ['dags'], ['dags', 'list'], ['dags', 'test'], ['dags', 'list-import-errors'], ['tasks', 'list'], ['tasks', 'test'], ['db'], ['db', 'reset']]) {
    const help = updraft(home, [...args, '--help']);
    assert.equal(help.status, 0, `${args.join(' ')} --help`);
    assert.match(help.stdout, /Usage: updraft/);
  }
  const version = updraft(home, ['--version']);
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
});
