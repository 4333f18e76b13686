/**
 * The scheduler end to end under the controls people use: clearing failed tasks,
 * marking a running task success, pools, priority weights, depends-on-past and
 * catchup. One orchestrator in this process serves every test (each has its own
 * DAG); tasks run in real child processes of the local executor.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearTaskInstances } from '../src/services/clear-task-instances.js';
import { markTaskInstances } from '../src/services/mark-task-instances.js';
import { unmetDependencies } from '../src/services/task-dependencies.js';
import { alive, lines, liveMembers, sleep, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Midnight UTC today, and the catchup DAGs' start three days before (a run crossing midnight UTC would see one more day). */
const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const catchupStart = new Date(today.getTime() - 3 * DAY_MS);

let h: Harness;
const path = (name: string) => join(h.scratch, name);

/** A task that records when it ran: one JSON line `{ id, start, end }` in `file`. */
const timedTask = (file: string, id: string, options: string, ms: number) =>
  `task('${id}', ${options}, async () => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ${ms}));
    appendFileSync(${JSON.stringify(file)}, JSON.stringify({ id: '${id}', start, end: Date.now() }) + '\\n');
  });`;

/**
 * Like `timedTask`, but after starting (a line in `file + '.started'`) it waits up to 5 s until
 * `together` tasks have started: tasks a pool lets run together then surely overlap, however
 * long a task process takes to boot on a loaded machine.
 */
const rendezvousTask = (file: string, id: string, options: string, together: number) =>
  `task('${id}', ${options}, async () => {
    const start = Date.now();
    appendFileSync(${JSON.stringify(`${file}.started`)}, '${id}\\n');
    while (Date.now() - start < 5000 && readFileSync(${JSON.stringify(`${file}.started`)}, 'utf8').split('\\n').length <= ${together}) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    appendFileSync(${JSON.stringify(file)}, JSON.stringify({ id: '${id}', start, end: Date.now() }) + '\\n');
  });`;

before(async () => {
  h = await startHarness(({ scratch }) => {
    const at = (name: string) => JSON.stringify(join(scratch, name));
    return {
      'clear.ts': `import { dag, task } from 'updraft';
import { existsSync } from 'node:fs';
dag('clear_me', {}, () => {
  const a = task('a', () => {
    if (!existsSync(${at('marker')})) throw new Error('the marker file is missing');
    return 'a';
  });
  task('b', { inputs: { a } }, ({ a }) => a + ' then b');
});
`,
      'mark.ts': `import { dag, task, bash, chain } from 'updraft';
dag('mark_me', {}, () => {
  const long = bash('long', 'echo $$ > ' + ${at('long.pid')} + '; sleep 30');
  const next = task('next', () => 'downstream ran');
  chain(long, next);
});
`,
      'pools.ts': `import { dag, task } from 'updraft';
import { appendFileSync, readFileSync } from 'node:fs';
dag('pool_one', {}, () => {
  ${['a', 'b', 'c'].map((id) => timedTask(join(scratch, 'pool_one.jsonl'), id, `{ pool: 'one' }`, 300)).join('\n  ')}
});
dag('pool_two', {}, () => {
  ${['a', 'b', 'c'].map((id) => rendezvousTask(join(scratch, 'pool_two.jsonl'), id, `{ pool: 'two' }`, 2)).join('\n  ')}
});
`,
      // Task ids in alphabetical order (high, low, mid) differ from the priority order.
      'priority.ts': `import { dag, task } from 'updraft';
import { appendFileSync } from 'node:fs';
dag('priorities', {}, () => {
  ${[
    ['low', 1],
    ['mid', 5],
    ['high', 10],
  ]
    .map(([id, weight]) => timedTask(join(scratch, 'priorities.jsonl'), String(id), `{ pool: 'solo', priorityWeight: ${weight}, weightRule: 'absolute' }`, 100))
    .join('\n  ')}
});
`,
      'past.ts': `import { dag, task } from 'updraft';
dag('past', {}, () => {
  task('careful', { dependsOnPast: true }, (_in, { runId }) => {
    if (runId === 'first') throw new Error('the first run fails');
    return 'ok';
  });
  task('free', () => 'ok');
});
`,
      'catchup.ts': `import { dag, task } from 'updraft';
for (const catchup of [true, false]) {
  dag(catchup ? 'catchup_on' : 'catchup_off', { schedule: '@daily', startDate: '${catchupStart.toISOString()}', catchup }, () => {
    task('noop', () => 1);
  });
}
`,
    };
  });
});

after(async () => {
  await h?.close();
});

// from Airflow: tests/unit/models/test_cleartasks.py::test_clear_task_instances (clearing failed tasks and downstream; here with real runs)
test('clearing a failed task and its downstream runs them again and the run succeeds', { timeout: 30_000 }, async () => {
  const run = await h.trigger('clear_me');
  assert.equal((await h.waitForRun(run)).state, 'failed');
  let tis = await h.tis(run);
  assert.equal(tis.get('a')?.state, 'failed');
  assert.match(tis.get('a')?.stateReason ?? '', /marker file is missing/);
  assert.equal(tis.get('b')?.state, 'upstream_failed');

  writeFileSync(path('marker'), '');
  const cleared = await clearTaskInstances(h.app.store, { dagId: 'clear_me', runId: run.runId, onlyFailed: true, downstream: true }, new Date());
  assert.deepEqual(cleared.map((ti) => ti.taskId).sort(), ['a', 'b']);
  h.orchestrator.scheduler.wake(true);
  assert.equal((await h.waitForRun(run)).state, 'success');
  tis = await h.tis(run);
  assert.equal(tis.get('a')?.state, 'success');
  assert.equal(tis.get('a')?.tryNumber, 2);
  assert.equal(tis.get('b')?.state, 'success');
  const triesOfA = await h.app.store.taskInstances.listTries({ dagId: 'clear_me', runId: run.runId, taskId: 'a', mapIndex: -1 });
  assert.deepEqual(triesOfA.map((t) => [t.tryNumber, t.state]), [
    [1, 'failed'],
    [2, 'success'],
  ]);
});

test('marking a running task success stops its try and runs its downstream', { timeout: 30_000 }, async () => {
  const run = await h.trigger('mark_me');
  const key = { dagId: 'mark_me', runId: run.runId, taskId: 'long', mapIndex: -1 };
  await waitFor(async () => (await h.ti(run, 'long')).state === 'running' && lines(path('long.pid')).length > 0, 10_000, 'the long task to run');
  const shell = Number(lines(path('long.pid'))[0]);
  const taskPid = (await h.ti(run, 'long')).pid;
  assert.ok(shell > 0 && taskPid !== null);
  assert.ok(liveMembers(shell).length > 0, 'the sleep runs');

  const marked = await markTaskInstances(h.app.store, { key, state: 'success', actor: 'tester' }, new Date());
  assert.deepEqual(marked.map((ti) => ti.taskId), ['long']);
  h.orchestrator.scheduler.wake(true);
  const ended = await h.waitForRun(run, 10_000);
  assert.equal(ended.state, 'success');
  const tis = await h.tis(run);
  assert.equal(tis.get('long')?.state, 'success');
  assert.equal(tis.get('long')?.stateReason, 'marked success by tester');
  assert.equal(tis.get('next')?.state, 'success');
  await waitFor(() => liveMembers(shell).length === 0, 5000, () => `the sleep to be stopped: ${liveMembers(shell).join('; ')}`);
  await waitFor(() => !alive(taskPid), 5000, `the long try's task process ${taskPid} to be gone`);
});

interface Span {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function spans(file: string): Span[] {
  return lines(file).map((line) => JSON.parse(line) as Span);
}

/** The most spans running at one instant. */
function maxOverlap(list: readonly Span[]): number {
  const events = list.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  // At the same instant an end comes before a start: touching spans do not overlap.
  events.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let now = 0;
  let most = 0;
  for (const [, delta] of events) {
    now += delta as number;
    most = Math.max(most, now);
  }
  return most;
}

// from Airflow: tests/unit/jobs/test_scheduler_job.py::test_find_executable_task_instances_pool (pool slots bound concurrency; here timed)
test('a pool bounds how many of its tasks run at once', { timeout: 30_000 }, async () => {
  await h.app.store.pools.upsert({ name: 'one', slots: 1, description: 'one at a time', includeDeferred: false });
  await h.app.store.pools.upsert({ name: 'two', slots: 2, description: 'two at a time', includeDeferred: false });
  const [one, two] = [await h.trigger('pool_one'), await h.trigger('pool_two')];
  assert.equal((await h.waitForRun(one)).state, 'success');
  assert.equal((await h.waitForRun(two)).state, 'success');
  const ranOne = spans(path('pool_one.jsonl'));
  const ranTwo = spans(path('pool_two.jsonl'));
  assert.equal(ranOne.length, 3);
  assert.equal(ranTwo.length, 3);
  assert.equal(maxOverlap(ranOne), 1, `pool 'one' (1 slot): ${JSON.stringify(ranOne)}`);
  // Three tasks, 32 executor slots: the pool alone holds the third back.
  assert.equal(maxOverlap(ranTwo), 2, `pool 'two' (2 slots): ${JSON.stringify(ranTwo)}`);
});

// from Airflow: tests/unit/jobs/test_scheduler_job.py::test_find_executable_task_instances_order_priority (here timed)
test('with one pool slot, tasks start by priority weight', { timeout: 30_000 }, async () => {
  await h.app.store.pools.upsert({ name: 'solo', slots: 1, description: null, includeDeferred: false });
  const run = await h.trigger('priorities');
  assert.equal((await h.waitForRun(run)).state, 'success');
  const ran = spans(path('priorities.jsonl'));
  assert.deepEqual(
    [...ran].sort((a, b) => a.start - b.start).map((s) => s.id),
    ['high', 'mid', 'low'],
  );
  assert.equal(maxOverlap(ran), 1);
});

// from Airflow: tests/unit/ti_deps/deps/test_prev_dagrun_dep.py (previous run's instance failed; here with real runs)
test('a depends-on-past task waits while its previous run failed, and says why', { timeout: 30_000 }, async () => {
  const first = await h.trigger('past', { runId: 'first', logicalDate: new Date('2024-01-01T00:00:00Z') });
  assert.equal((await h.waitForRun(first)).state, 'failed');
  assert.equal((await h.ti(first, 'careful')).state, 'failed');

  const second = await h.trigger('past', { runId: 'second', logicalDate: new Date('2024-01-02T00:00:00Z') });
  await waitFor(async () => (await h.ti(second, 'free')).state === 'success', 10_000, 'the independent task of the second run to succeed');
  // A few more scheduler passes: the task must still not be scheduled.
  h.orchestrator.scheduler.wake(true);
  await sleep(1200);
  const careful = await h.ti(second, 'careful');
  assert.equal(careful.state, null, `careful is ${careful.state} (${careful.stateReason})`);
  assert.equal(careful.tryNumber, 0);
  const unmet = await unmetDependencies(h.app.store, { dagId: 'past', runId: 'second', taskId: 'careful', mapIndex: -1 }, new Date());
  assert.equal(unmet.length, 1, JSON.stringify(unmet));
  assert.match(unmet[0]?.reason ?? '', /previous/i);
  assert.match(unmet[0]?.reason ?? '', /first/);
  assert.equal((await h.app.store.dagRuns.get(second))?.state, 'running');
});

// from Airflow: tests/unit/jobs/test_scheduler_job.py::test_dag_file_processor_process_task_instances_with_catchup (here end to end)
// '@daily' is Airflow 3's CronTriggerTimetable: a run fires at each midnight, its logical date is
// that midnight and its data interval is empty; today's midnight has passed, so it is due too.
test('catchup creates every missed daily run; without it only the latest', { timeout: 30_000 }, async () => {
  const expected = (dagId: string, days: number[]) =>
    days.map((d) => {
      const at = new Date(catchupStart.getTime() + d * DAY_MS).toISOString();
      return { dagId, logicalDate: at, interval: [at, at], runType: 'scheduled' };
    });
  const created = async (dagId: string) =>
    (await h.app.store.dagRuns.list({ dagId, orderBy: 'logicalDate' })).items.map((r) => ({
      dagId: r.dagId,
      logicalDate: r.logicalDate?.toISOString() ?? null,
      interval: r.dataInterval ? [r.dataInterval.start.toISOString(), r.dataInterval.end.toISOString()] : null,
      runType: r.runType,
    }));
  await waitFor(async () => (await created('catchup_on')).length >= 4 && (await created('catchup_off')).length >= 1, 10_000, 'the scheduled runs');
  // More scheduler passes create nothing more: the next fire time is tomorrow.
  h.orchestrator.scheduler.wake(true);
  await sleep(1200);
  assert.deepEqual(await created('catchup_on'), expected('catchup_on', [0, 1, 2, 3]));
  assert.deepEqual(await created('catchup_off'), expected('catchup_off', [3]));
  for (const dagId of ['catchup_on', 'catchup_off']) {
    for (const run of (await h.app.store.dagRuns.list({ dagId })).items) {
      assert.equal((await h.waitForRun(run)).state, 'success', `${dagId} ${run.runId}`);
    }
  }
});

test("the scheduler's heartbeat carries its loop time (for /metrics)", { timeout: 30_000 }, async () => {
  const loopOf = async () => (await h.app.store.jobs.list({ kind: 'scheduler', state: 'running' }))[0]?.loop ?? null;
  // The heartbeat comes every 5 s; the ticks before it have been measured.
  await waitFor(async () => (await loopOf()) !== null, 15_000, "a scheduler heartbeat with the loop's duration");
  const loop = await loopOf();
  assert.ok(loop && loop.lastMs >= 0 && loop.avgMs > 0, JSON.stringify(loop));
});
