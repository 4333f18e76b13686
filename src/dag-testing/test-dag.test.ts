import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dag, FailTask, task, type TaskRef } from '../sdk/index.js';
import { testDag, testTask } from './index.js';

const examples = (name: string) => ({ file: `examples/dags/${name}.ts` });

test('testDag runs an example DAG file: states, typed data flow, logs', async () => {
  const result = await testDag(examples('pipeline_python_2'), { logicalDate: '2025-03-01T00:00:00Z' });
  assert.equal(result.state, 'success', result.reason ?? '');
  assert.equal(result.dagId, 'pipeline_python_2');
  assert.deepEqual(result.logicalDate, new Date('2025-03-01T00:00:00Z'));
  assert.deepEqual(result.taskInstances.map((ti) => [ti.taskId, ti.state]), [
    ['print_date1', 'success'],
    ['do_task_one', 'success'],
    ['do_task_two', 'success'],
    ['read_xcoms', 'success'],
  ]);
  assert.equal(result.xcom('do_task_one'), 'my name is do_task_one');
  assert.match(result.logs('read_xcoms'), /I have received data: my name is do_task_two from task do_task_two/);
  assert.match(result.logs('print_date1'), /Task succeeded/);
});

test('testDag: branching follows the conf, and a conf the params reject is an error naming the DAG', async () => {
  const small = await testDag(examples('example_branching'));
  assert.deepEqual([small.taskState('row_by_row_load'), small.taskState('bulk_load'), small.taskState('done')], ['success', 'skipped', 'success']);
  const big = await testDag(examples('example_branching'), { conf: { rows: 5000 } });
  assert.deepEqual([big.taskState('row_by_row_load'), big.taskState('bulk_load')], ['skipped', 'success']);
  assert.equal(big.xcom<number>('bulk_load'), 5000);
  await assert.rejects(testDag(examples('example_branching'), { conf: { rows: -1 } }), /Invalid params for DAG 'example_branching': rows:/);
});

test('testDag: a mapped task reads as the list of its instances; a single instance needs its index', async () => {
  const result = await testDag(examples('example_mapping'));
  assert.equal(result.state, 'success');
  const counts = result.xcom<number[]>('count_words');
  assert.equal(counts?.length, 3);
  assert.equal(result.xcom('total'), counts?.reduce((a, b) => a + b, 0));
  assert.equal(result.taskState('count_words', 2), 'success');
  assert.throws(() => result.taskState('count_words'), /task 'count_words' of DAG 'example_mapping' is mapped into 3 instances: pass a map index/);
  assert.match(result.logs('count_words', 1), /instance 1 counts/);
});

test('testDag: retries run at once on the mocked clock; a failed task fails the run and its downstream', async () => {
  let tries = 0;
  const flaky = dag('testing_flaky', {}, () => {
    const shaky = task('shaky', { retries: 3, retryDelay: '10m' }, async () => {
      tries += 1;
      if (tries < 3) throw new Error(`boom ${tries}`);
      return tries;
    });
    const broken = task('broken', { retries: 1, retryDelay: '1h' }, async () => {
      throw new Error('the input is corrupt');
    });
    const never = task('after_broken', () => 'unreachable');
    const fatal = task('fatal', { retries: 5 }, () => {
      throw new FailTask('no point retrying');
    });
    broken.before(never);
    shaky.before(fatal);
  });
  const started = Date.now();
  const result = await testDag(flaky, { now: '2025-01-01T00:00:00Z' });
  assert.ok(Date.now() - started < 10_000, 'waits for retries are skipped');
  assert.equal(result.state, 'failed');
  assert.equal(result.taskState('shaky'), 'success');
  assert.equal(result.taskInstance('shaky')?.tryNumber, 3);
  assert.equal(result.xcom('shaky'), 3);
  assert.equal(result.taskState('broken'), 'failed');
  assert.equal(result.taskInstance('broken')?.tryNumber, 2);
  assert.equal(result.taskState('after_broken'), 'upstream_failed');
  assert.equal(result.taskState('fatal'), 'failed');
  assert.equal(result.taskInstance('fatal')?.tryNumber, 1);
  const log = result.logs('broken');
  assert.match(log, /Starting try 1 of 2/);
  assert.match(log, /Starting try 2 of 2/);
  assert.match(log, /Error: the input is corrupt/);
  // The second try of `broken` started an hour (its retry delay) after the first, on the test's clock.
  const times = [...log.matchAll(/^\[([^\]]+)\] INFO\s+Starting try/gm)].map((m) => Date.parse(m[1] as string));
  assert.ok((times[1] as number) - (times[0] as number) >= 3_600_000, `tries at ${times.map((t) => new Date(t).toISOString()).join(', ')}`);
});

test('testDag: variables and connections given reach the tasks through the secrets chain, masked in logs', async () => {
  let total!: TaskRef<number>;
  const d = dag('testing_secrets', { schedule: '@daily', startDate: '2024-01-01' }, () => {
    total = task('read', async (_in, ctx) => {
      const limit = Number(await ctx.variables.get('limit'));
      const config = await ctx.variables.getJson<{ region: string }>('settings');
      const db = await ctx.connections.get('warehouse');
      const api = await ctx.connections.get('api');
      ctx.log.info(`connecting to ${db.host} as ${db.login} with ${db.password} in ${config?.region} on ${ctx.ds}, data from ${ctx.dataIntervalStart?.toISOString()}`);
      return limit + (db.port ?? 0) + (api.extra.retries as number);
    });
  });
  const result = await testDag(d, {
    variables: { limit: '5', settings: { region: 'eu' } },
    connections: {
      warehouse: 'postgres://etl:s3cr3t-pw@db.example:5432/dw',
      api: { conn_type: 'http', host: 'api.example', extra_dejson: { retries: 2 } },
    },
    now: '2025-03-01T06:00:00Z',
  });
  assert.equal(result.state, 'success', result.reason ?? '');
  const value: number | undefined = result.xcom(total); // typed by the TaskRef
  assert.equal(value, 5 + 5432 + 2);
  assert.match(result.logs(total), /connecting to db\.example as etl with \*\*\* in eu on 2025-03-01, data from 2025-03-01T06:00:00.000Z/);
  assert.deepEqual(result.dataInterval, { start: new Date('2025-03-01T06:00:00Z'), end: new Date('2025-03-01T06:00:00Z') });
  assert.doesNotMatch(result.logs(total), /s3cr3t-pw/);
  await assert.rejects(testDag(d, { connections: { warehouse: 'not a uri' } }), /connection 'warehouse' in the `connections` test option/);
});

test('testTask runs one task with stand-ins for its upstream results; unknown task ids name the DAG and its tasks', async () => {
  const result = await testTask(examples('pipeline_python_2'), 'read_xcoms', { xcoms: { do_task_one: 'one', do_task_two: 'two' } });
  assert.equal(result.state, 'success', result.reason ?? '');
  assert.deepEqual(result.returnValue, { received: ['one', 'two'] });
  assert.match(result.logs, /I have received data: one from task do_task_one/);

  const missing = await testTask(examples('pipeline_python_2'), 'read_xcoms');
  assert.equal(missing.state, 'failed');
  assert.match(missing.reason ?? '', /input from task 'do_task_one' .* is missing/);

  await assert.rejects(testTask(examples('pipeline_python_2'), 'nope'), /DAG 'pipeline_python_2' has no task 'nope': its tasks are print_date1, do_task_one, do_task_two, read_xcoms/);
  const run = await testDag(examples('pipeline_python_2'));
  assert.throws(() => run.xcom('do_task_three'), /DAG 'pipeline_python_2' has no task 'do_task_three': its tasks are/);
});
