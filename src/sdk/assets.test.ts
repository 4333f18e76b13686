/** Assets in DAG files: outlets, asset schedules with allOf / anyOf, and the errors a DAG author can meet. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../core/canonical-json.js';
import { allOf, anyOf, asset, bash, dag, empty, group, task } from './index.js';
import { takeRegisteredDags } from './registry.js';

function definitionError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    takeRegisteredDags();
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error('expected the DAG definition to fail');
}

test('outlets: URIs and asset() on every kind of task, each once; asset() metadata is kept with the DAG', () => {
  const songs = asset('s3://lake/songs', { name: 'songs', group: 'lake', extra: { owner: 'data' } });
  const built = dag('producer', {}, () => {
    task('load', { outlets: [songs, 'file:///tmp/report.csv', songs] }, () => 1);
    bash('copy', 'true', { outlets: ['s3://lake/copy'] });
    group('g', {}, () => empty('mark', { outlets: [asset('s3://lake/plain')] }));
    task('other', () => 2);
  });
  takeRegisteredDags();
  const outlets = Object.fromEntries(built.spec.tasks.map((t) => [t.taskId, t.outlets]));
  assert.deepEqual(outlets, {
    load: ['s3://lake/songs', 'file:///tmp/report.csv'],
    copy: ['s3://lake/copy'],
    'g.mark': ['s3://lake/plain'],
    other: undefined,
  });
  assert.deepEqual(built.spec.assets, [
    { uri: 's3://lake/plain', name: 's3://lake/plain', group: 'asset', extra: {} },
    { uri: 's3://lake/songs', name: 'songs', group: 'lake', extra: { owner: 'data' } },
  ]);
});

test('a DAG without assets serializes as before: no outlets or assets keys, so its version hash is unchanged', () => {
  const built = dag('plain', { schedule: '@daily', startDate: '2025-01-01' }, () => {
    task('t', () => 1);
  });
  takeRegisteredDags();
  assert.equal('assets' in built.spec, false);
  assert.equal('outlets' in (built.spec.tasks[0] ?? {}), false);
  assert.doesNotMatch(canonicalJson(built.spec), /outlets|"assets"/);
});

test("schedule: a list of assets means all of them (the list form keeps no condition), as Airflow's list", () => {
  const built = dag('consumer', { schedule: { assets: ['s3://a', asset('s3://b', { name: 'b' }), 's3://a'] } }, () => {
    task('t', () => 1);
  });
  takeRegisteredDags();
  assert.deepEqual(built.spec.schedule, { kind: 'assets', assets: ['s3://a', 's3://b'] });
  assert.deepEqual(built.spec.assets?.map((a) => a.name), ['b']);
});

test('schedule: anyOf / allOf build a condition tree; assets lists every URI it mentions', () => {
  const c = asset('s3://c');
  const built = dag('either', { schedule: { assets: anyOf('s3://a', allOf('s3://b', c)) } }, () => {
    task('t', () => 1);
  });
  const nested = dag('nested_list', { schedule: { assets: ['s3://a', anyOf('s3://b', 's3://c')] } }, () => {
    task('t', () => 1);
  });
  takeRegisteredDags();
  assert.deepEqual(built.spec.schedule, {
    kind: 'assets',
    assets: ['s3://a', 's3://b', 's3://c'],
    condition: { any: ['s3://a', { all: ['s3://b', 's3://c'] }] },
  });
  assert.deepEqual(nested.spec.schedule, { kind: 'assets', assets: ['s3://a', 's3://b', 's3://c'], condition: { all: ['s3://a', { any: ['s3://b', 's3://c'] }] } });
});

test('a malformed asset is a DagDefinitionError naming the DAG, the task or option, and what to do', () => {
  assert.equal(
    definitionError(() => dag('bad_outlet', {}, () => void task('load', { outlets: ['s3://ok', ''] }, () => 1))),
    "DagDefinitionError: DAG 'bad_outlet', task 'load': outlets[1]: an asset URI is empty: give a URI such as s3://bucket/key",
  );
  assert.match(
    definitionError(() => dag('bad_schedule', { schedule: { assets: ['s3://a', 's3://has space'] } }, () => void task('t', () => 1))),
    /^DagDefinitionError: DAG 'bad_schedule': schedule: assets\[1\]: asset URI 's3:\/\/has space' contains whitespace/,
  );
  assert.match(
    definitionError(() => dag('empty_any', { schedule: { assets: anyOf() } }, () => void task('t', () => 1))),
    /DAG 'empty_any': schedule: assets: anyOf\(\) needs at least one asset/,
  );
  assert.match(
    definitionError(() => dag('empty_list', { schedule: { assets: [] } }, () => void task('t', () => 1))),
    /DAG 'empty_list': schedule: assets: list at least one asset URI/,
  );
  assert.match(
    definitionError(() =>
      dag('twice', { schedule: { assets: [asset('s3://x', { name: 'one' })] } }, () => void task('t', { outlets: [asset('s3://x', { name: 'two' })] }, () => 1)),
    ),
    /DAG 'twice', task 't': outlets\[0\]: asset 's3:\/\/x' is declared twice with different name, group or extra/,
  );
  assert.match(
    definitionError(() => dag('not_a_list', {}, () => void task('t', { outlets: 's3://x' as unknown as string[] }, () => 1))),
    /DAG 'not_a_list', task 't': outlets must be a list/,
  );
});
