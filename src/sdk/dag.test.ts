import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bash, chain, dag, empty, group, latestOnly, shortCircuit, task } from './index.js';
import { takeRegisteredDags } from './registry.js';
import { definitionError } from './testing/definition-error.js';
import type { DagSpec, TaskSpec } from '../core/dag-spec.js';

function taskOf(spec: DagSpec, taskId: string): TaskSpec {
  const found = spec.tasks.find((t) => t.taskId === taskId);
  assert.ok(found, `task ${taskId} exists`);
  return found;
}

test('the first seed pipeline: bash date, two parallel tasks, a reader of both', () => {
  const built = dag('pipeline_python_2', { schedule: '@daily', startDate: '2019-02-15', defaultArgs: { owner: 'airflow' } }, () => {
    const printDate = bash('print_date1', 'date');
    const one = task('do_task_one', { retries: 2 }, () => 'my name is do_task_one');
    const two = task('do_task_two', { retries: 2 }, () => 'my name is do_task_two');
    const read = task('read_xcoms', { inputs: { one, two } }, ({ one, two }) => `${one} & ${two}`);
    chain(printDate, [one, two], read);
  });
  assert.deepEqual(takeRegisteredDags().map((d) => d.dagId), ['pipeline_python_2']);
  const { spec } = built;
  assert.deepEqual(spec.tasks.map((t) => t.taskId), ['print_date1', 'do_task_one', 'do_task_two', 'read_xcoms']);
  assert.deepEqual(taskOf(spec, 'do_task_one').upstream, ['print_date1']);
  assert.deepEqual(taskOf(spec, 'read_xcoms').upstream, ['do_task_one', 'do_task_two']);
  assert.equal(taskOf(spec, 'do_task_one').retries, 2);
  assert.equal(taskOf(spec, 'print_date1').owner, 'airflow');
  assert.equal(spec.owner, 'airflow');
  assert.equal(spec.startDate, '2019-02-15T00:00:00.000Z');
  assert.deepEqual(spec.schedule, { kind: 'cron', expression: '@daily', timezone: 'UTC', dataIntervals: false });
  assert.equal(taskOf(spec, 'print_date1').config.command, 'date');
});

test('task defaults follow Airflow', () => {
  const built = dag('defaults', {}, () => {
    task('t', () => null);
  });
  takeRegisteredDags();
  const t = taskOf(built.spec, 't');
  assert.equal(t.triggerRule, 'all_success');
  assert.equal(t.retries, 0);
  assert.equal(t.retryDelayMs, 300_000);
  assert.equal(t.pool, 'default_pool');
  assert.equal(t.poolSlots, 1);
  assert.equal(t.priorityWeight, 1);
  assert.equal(t.weightRule, 'downstream');
  assert.equal(t.queue, 'default');
  assert.equal(built.spec.maxActiveRuns, 16);
  assert.equal(built.spec.maxActiveTasks, 16);
  assert.equal(built.spec.catchup, false);
});

test('options: durations, waitForDownstream implies dependsOnPast, dates in the DAG timezone', () => {
  const built = dag('options', { timezone: 'Europe/Paris', startDate: '2024-07-01', schedule: '0 2 * * *' }, () => {
    task('t', { retryDelay: '30s', maxRetryDelay: '1h', executionTimeout: '5m', waitForDownstream: true, retryExponentialBackoff: true }, () => 1);
  });
  takeRegisteredDags();
  const t = taskOf(built.spec, 't');
  assert.equal(t.retryDelayMs, 30_000);
  assert.equal(t.maxRetryDelayMs, 3_600_000);
  assert.equal(t.executionTimeoutMs, 300_000);
  assert.equal(t.dependsOnPast, true);
  assert.equal(built.spec.startDate, '2024-06-30T22:00:00.000Z', 'midnight in Paris in summer is 22:00 UTC');
  assert.deepEqual(built.spec.schedule, { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Paris', dataIntervals: false });
});

test('chain pairs adjacent lists element by element and rejects unequal lists', () => {
  const built = dag('chains', {}, () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => empty(id)) as [ReturnType<typeof empty>, ReturnType<typeof empty>, ReturnType<typeof empty>, ReturnType<typeof empty>];
    chain([a, b], [c, d]);
  });
  takeRegisteredDags();
  assert.deepEqual(taskOf(built.spec, 'c').upstream, ['a']);
  assert.deepEqual(taskOf(built.spec, 'd').upstream, ['b']);
  const message = definitionError(() =>
    dag('bad_chain', {}, () => {
      chain([empty('a'), empty('b')], [empty('c'), empty('d'), empty('e')]);
    }),
  );
  assert.match(message, /adjacent lists must have the same length.*got 2 and 3/);
});

test('before/after methods set dependencies like >> and <<', () => {
  const built = dag('methods', {}, () => {
    const a = empty('a');
    const b = empty('b');
    const c = empty('c');
    a.before(b, c);
    empty('d').after([b, c]);
  });
  takeRegisteredDags();
  assert.deepEqual(taskOf(built.spec, 'b').upstream, ['a']);
  assert.deepEqual(taskOf(built.spec, 'd').upstream, ['b', 'c']);
});

test('task groups prefix ids, pass default args, and connect by their roots and leaves', () => {
  const built = dag('groups', {}, () => {
    const start = empty('start');
    const extract = group('extract', { defaultArgs: { retries: 3 } }, () => {
      const users = task('users', () => 1);
      const songs = task('songs', () => 2);
      const merge = task('merge', { inputs: { users, songs } }, ({ users, songs }) => users + songs);
      return { merge };
    });
    const end = empty('end');
    chain(start, extract, end);
    task('after', { inputs: { m: extract.result.merge } }, ({ m }) => m);
  });
  takeRegisteredDags();
  const spec = built.spec;
  assert.deepEqual(spec.groups, [{ groupId: 'extract', parentId: null, tooltip: null }]);
  assert.equal(taskOf(spec, 'extract.users').groupId, 'extract');
  assert.equal(taskOf(spec, 'extract.users').retries, 3);
  assert.equal(taskOf(spec, 'start').retries, 0);
  assert.deepEqual(taskOf(spec, 'extract.users').upstream, ['start']);
  assert.deepEqual(taskOf(spec, 'extract.songs').upstream, ['start']);
  assert.deepEqual(taskOf(spec, 'end').upstream, ['extract.merge']);
  assert.deepEqual(taskOf(spec, 'after').upstream, ['extract.merge']);
});

test('setup and teardown: the teardown follows its setup and runs when work is done', () => {
  const built = dag('setup_teardown', {}, () => {
    const create = task('create_cluster', { setup: true }, () => 'cluster-1');
    const work = task('work', () => null);
    const remove = task('delete_cluster', { teardownOf: create }, () => null);
    chain(create, work, remove);
  });
  takeRegisteredDags();
  const teardown = taskOf(built.spec, 'delete_cluster');
  assert.equal(teardown.isTeardown, true);
  assert.equal(teardown.triggerRule, 'all_done_setup_success');
  assert.deepEqual(teardown.upstream, ['create_cluster', 'work']);
  assert.equal(taskOf(built.spec, 'create_cluster').isSetup, true);
});

test('flow-control tasks are recorded with their kinds', () => {
  const built = dag('flow', {}, () => {
    chain(latestOnly('latest_only'), shortCircuit('check', { ignoreDownstreamTriggerRules: false }, () => true), empty('go'));
  });
  takeRegisteredDags();
  assert.equal(taskOf(built.spec, 'latest_only').kind, 'latest_only');
  assert.equal(taskOf(built.spec, 'check').kind, 'short_circuit');
  assert.equal(taskOf(built.spec, 'check').config.ignoreDownstreamTriggerRules, false);
});

test('DAGs generated in a loop from configuration all register', () => {
  const dagNumber = 3;
  for (let n = 1; n <= dagNumber; n += 1) {
    dag(`hello_world_${n}`, { tags: ['generated'] }, () => {
      bash('hello', `echo hello from DAG ${n}`);
    });
  }
  assert.deepEqual(takeRegisteredDags().map((d) => d.dagId), ['hello_world_1', 'hello_world_2', 'hello_world_3']);
});

test('definition errors name the DAG and the task and say what to do', () => {
  assert.match(
    definitionError(() =>
      dag('cyclic', {}, () => {
        const a = empty('a');
        const b = empty('b');
        const c = empty('c');
        chain(a, b, c);
        c.before(a);
      }),
    ),
    /DAG 'cyclic': has a cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)/,
  );
  assert.match(
    definitionError(() =>
      dag('dupes', {}, () => {
        empty('same');
        empty('same');
      }),
    ),
    /DAG 'dupes', task 'same': the task id is declared twice/,
  );
  assert.match(definitionError(() => dag('bad id!', {}, () => {})), /DAG id 'bad id!' is invalid/);
  assert.match(
    definitionError(() => dag('bad_cron', { schedule: '61 * * * *', startDate: '2024-01-01' }, () => {})),
    /DAG 'bad_cron': invalid schedule '61 \* \* \* \*'/,
  );
  assert.match(
    definitionError(() => dag('backwards', { schedule: '@daily', startDate: '2024-02-01', endDate: '2024-01-01' }, () => {})),
    /DAG 'backwards': startDate 2024-02-01T00:00:00.000Z is after endDate 2024-01-01T00:00:00.000Z/,
  );
  assert.match(definitionError(() => dag('no_start', { schedule: '@daily' }, () => {})), /needs a startDate/);
  assert.match(definitionError(() => dag('bad_date', { startDate: '2024-13-01' }, () => {})), /startDate: '2024-13-01' is not a valid date/);
  assert.match(definitionError(() => dag('bad_tz', { timezone: 'Mars/Olympus' }, () => {})), /unknown timezone 'Mars\/Olympus'/);
  assert.match(
    definitionError(() =>
      dag('bad_retries', {}, () => {
        task('t', { retries: -1 }, () => null);
      }),
    ),
    /DAG 'bad_retries', task 't': retries must be a whole number >= 0, got -1/,
  );
});

test('declaring a task outside a dag() body is a clear error', () => {
  assert.throws(() => task('lonely', () => 1), /task\('lonely'\) was called outside a dag\(\) body/);
});

test('a task of another DAG cannot be wired in', () => {
  let foreign: ReturnType<typeof empty> | undefined;
  dag('first', {}, () => {
    foreign = empty('shared');
  });
  const message = definitionError(() =>
    dag('second', {}, () => {
      empty('mine').after(foreign as ReturnType<typeof empty>);
    }),
  );
  assert.match(message, /DAG 'second', task 'shared': is not a task of this DAG/);
});
