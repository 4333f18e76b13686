/**
 * Sensors under a real orchestrator (scheduler + local executor + task
 * processes on SQLite): a poke-mode sensor holds its pool slot while a
 * reschedule-mode one frees it between pokes (a pool of 1 slot shows the
 * difference); a sensor past its timeout fails without using its retries, or
 * is skipped with softFail; deferred sensors (time, external task) wait with no
 * worker held, ended by the scheduler's triggers; the external-task sensor
 * fails when the other DAG's task fails.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TaskInstance } from '../src/core/run-model.js';
import { taskLogPath } from '../src/runner/log-file.js';
import { startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

let h: Harness;
/** A bash command that marks `me` as started, then waits (up to 60 s) for `other`. */
const rendezvous = (dir: string, me: string, other: string) =>
  `touch ${join(dir, `started-${me}`)}; for i in $(seq 600); do [ -f ${join(dir, `started-${other}`)} ] && exit 0; sleep 0.1; done; echo 'the other task never started alongside' >&2; exit 1`;
const logOf = (ti: TaskInstance) => readFileSync(taskLogPath(h.app.config.logsFolder, ti, ti.tryNumber), 'utf8');

before(async () => {
  h = await startHarness(({ scratch }) => {
    const file = (name: string) => JSON.stringify(join(scratch, name));
    return {
      'sensors.ts': `import { writeFileSync } from 'node:fs';
import { bash, dag, dateTimeSensor, externalTaskSensor, fileSensor, task, timeDeltaSensor, triggerDagRun } from 'updraft';
dag('poke_holds_slot', {}, () => {
  fileSensor('wait', { path: ${file('poke/*.csv')}, pool: 'single', priorityWeight: 10, pokeInterval: 100, timeout: '1500ms', retries: 3 });
  bash('write', 'mkdir -p ${join(scratch, 'poke')} && echo a > ${join(scratch, 'poke', 'a.csv')}', { pool: 'single' });
});
dag('reschedule_frees_slot', {}, () => {
  const found = fileSensor('wait', { path: ${file('resched/*.csv')}, pool: 'single', priorityWeight: 10, mode: 'reschedule', pokeInterval: 200, timeout: '60s' });
  bash('write', 'sleep 0.5 && mkdir -p ${join(scratch, 'resched')} && echo b > ${join(scratch, 'resched', 'b.csv')}', { pool: 'single' });
  task('count', { inputs: { found } }, ({ found }) => found.length);
});
dag('soft_fail', {}, () => {
  dateTimeSensor('wait', { targetTime: '2999-01-01T00:00:00Z', pokeInterval: 100, timeout: '300ms', softFail: true });
});
dag('deferred_time', {}, () => {
  timeDeltaSensor('wait', { delta: '8s', deferrable: true, pokeInterval: 100 });
  // A rendezvous: each succeeds only once the other has started, so both run at once or both fail.
  bash('work_1', ${JSON.stringify(rendezvous(scratch, 'one', 'two'))});
  bash('work_2', ${JSON.stringify(rendezvous(scratch, 'two', 'one'))});
});
dag('producer', { schedule: null }, () => {
  bash('load', 'test -f ${join(scratch, 'go')}', { retries: 0 });
  bash('broken', 'exit 1');
});
dag('consumer', { schedule: null }, () => {
  externalTaskSensor('wait_load', { externalDagId: 'producer', externalTaskId: 'load', deferrable: true, pokeInterval: 100, timeout: '60s' });
});
dag('deferred_timeout', { schedule: null }, () => {
  dateTimeSensor('wait', {
    targetTime: '2999-01-01T00:00:00Z', deferrable: true, timeout: '1s', pokeInterval: 100, retries: 2,
    onFailure: (ctx) => writeFileSync(${file('deferred-failure.txt')}, \`\${ctx.taskId} \${ctx.state}: \${ctx.reason}\`),
  });
});
dag('child', { schedule: null }, () => {
  task('echo', async (_in, { params, conf }) => conf);
});
dag('parent', { schedule: null }, () => {
  triggerDagRun('start_child', { triggerDagId: 'child', conf: { day: '{{ ds }}' }, waitForCompletion: true, pokeInterval: 100 });
  triggerDagRun('start_child_deferred', { triggerDagId: 'child', triggerRunId: 'from_{{ run_id }}', waitForCompletion: true, deferrable: true, pokeInterval: 100 });
  triggerDagRun('start_again', { triggerDagId: 'child', triggerRunId: 'fixed', skipWhenAlreadyExists: true });
});
dag('deferred_execution_timeout', { schedule: null }, () => {
  timeDeltaSensor('wait', { delta: '1h', deferrable: true, executionTimeout: '1s', retries: 1, retryDelay: '0s' });
  triggerDagRun('start_slow', { triggerDagId: 'slow_child', triggerRunId: 'slow_{{ run_id }}', waitForCompletion: true, deferrable: true, pokeInterval: 100, executionTimeout: '1s' });
});
dag('slow_child', { schedule: null }, () => {
  timeDeltaSensor('forever', { delta: '1h', deferrable: true });
});
dag('consumer_of_broken', { schedule: null }, () => {
  externalTaskSensor('wait_broken', { externalDagId: 'producer', externalTaskIds: ['broken'], failedStates: ['failed', 'upstream_failed'], pokeInterval: 100, timeout: '60s', retries: 2 });
});
`,
    };
  }, { settings: { 'core.parallelism': 2 } });
  await h.app.store.pools.upsert({ name: 'single', slots: 1, description: 'one at a time', includeDeferred: false });
});

after(async () => {
  await h?.close();
});

test('a poke-mode sensor holds its slot: the other task of its pool waits until the sensor times out, which fails it without retry', async () => {
  const run = await h.waitForRun(await h.trigger('poke_holds_slot'));
  const tis = await h.tis(run);
  const wait = tis.get('wait') as TaskInstance;
  const write = tis.get('write') as TaskInstance;
  assert.equal(wait.state, 'failed');
  assert.equal(wait.tryNumber, 1, 'retries: 3 is not used: waiting longer cannot help');
  assert.match(wait.stateReason ?? '', /^sensor timed out after .* \(timeout 1s 500ms\): nothing matches .*poke\/\*\.csv/);
  assert.equal(write.state, 'success');
  assert.ok((write.startDate as Date) >= (wait.endDate as Date), 'the writer only started once the poking sensor gave its slot back');
  assert.equal(run.state, 'failed');
});

test('a reschedule-mode sensor frees its slot between pokes: the writer runs meanwhile, and the same try finds the file', async () => {
  const run = await h.waitForRun(await h.trigger('reschedule_frees_slot'));
  const tis = await h.tis(run);
  const wait = tis.get('wait') as TaskInstance;
  assert.equal(run.state, 'success');
  assert.equal(wait.state, 'success');
  assert.equal(wait.tryNumber, 1, 'a reschedule is not a new try');
  assert.equal(wait.waitState, null, 'the wait is over');
  const log = logOf(wait);
  assert.ok((log.match(/rescheduled, next poke at/g) ?? []).length >= 1, log);
  assert.match(log, /Sensor condition met after \d+ pokes/);
  assert.equal((await h.app.store.taskInstances.listTries(wait)).length, 1, 'one try in the history');
  const count = (await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId: 'count' }))[0]?.value;
  assert.equal(count, 1, "the sensor's XCom (the matched files) reached the downstream task");
});

test('softFail: a sensor past its timeout is skipped, not failed', async () => {
  const run = await h.waitForRun(await h.trigger('soft_fail'));
  const wait = await h.ti(run, 'wait');
  assert.equal(wait.state, 'skipped');
  assert.match(wait.stateReason ?? '', /sensor timed out .*skipped because softFail is set/);
  assert.equal(run.state, 'success');
});

test('a deferred time sensor holds no worker: with two executor slots, two other tasks run side by side while it waits, and the scheduler ends it on time', async () => {
  const run = await h.trigger('deferred_time');
  await waitFor(async () => (await h.ti(run, 'wait')).state === 'deferred', 30_000, 'the sensor to defer');
  const deferred = await h.ti(run, 'wait');
  assert.equal(deferred.waitState?.kind, 'deferred');
  assert.match(deferred.stateReason ?? '', /^deferred: waiting for the time /);
  const ended = await h.waitForRun(run);
  const tis = await h.tis(ended);
  const wait = tis.get('wait') as TaskInstance;
  const [one, two] = [tis.get('work_1') as TaskInstance, tis.get('work_2') as TaskInstance];
  assert.equal(ended.state, 'success');
  assert.equal(wait.state, 'success');
  assert.ok((one.startDate as Date) < (two.endDate as Date) && (two.startDate as Date) < (one.endDate as Date), 'both slots ran other tasks at once while the sensor was deferred');
  assert.ok((one.endDate as Date) < (wait.endDate as Date) && (two.endDate as Date) < (wait.endDate as Date));
  assert.ok((wait.endDate as Date).getTime() >= (run.logicalDate as Date).getTime() + 8000, 'not before the time');
  assert.equal(wait.tryNumber, 1);
  assert.equal((await h.app.store.taskInstances.listTries(wait)).length, 1);
});

test('a deferred external-task sensor waits for the other DAG and succeeds when its task does', async () => {
  const logicalDate = new Date(Date.UTC(2024, 0, 1));
  const consumer = await h.trigger('consumer', { logicalDate });
  await waitFor(async () => (await h.ti(consumer, 'wait_load')).state === 'deferred', 30_000, 'the external sensor to defer');
  assert.match((await h.ti(consumer, 'wait_load')).stateReason ?? '', /task load of DAG 'producer' at 2024-01-01T00:00:00.000Z to be success/);
  writeFileSync(join(h.scratch, 'go'), '');
  const producer = await h.trigger('producer', { logicalDate });
  await h.waitForRun(producer);
  const ended = await h.waitForRun(consumer);
  assert.equal(ended.state, 'success');
  assert.equal((await h.ti(consumer, 'wait_load')).state, 'success');
  assert.ok(existsSync(join(h.scratch, 'go')));
});

test("an external-task sensor fails for good when the other DAG's task fails", async () => {
  const logicalDate = new Date(Date.UTC(2024, 0, 2));
  const producer = await h.waitForRun(await h.trigger('producer', { logicalDate }));
  assert.equal((await h.ti(producer, 'broken')).state, 'failed');
  const consumer = await h.waitForRun(await h.trigger('consumer_of_broken', { logicalDate }));
  const wait = await h.ti(consumer, 'wait_broken');
  assert.equal(wait.state, 'failed');
  assert.equal(wait.tryNumber, 1, 'retries: 2 is not used');
  assert.match(wait.stateReason ?? '', /task broken of DAG 'producer' at 2024-01-02T00:00:00.000Z: 1 in a failed state/);
});

test('triggerDagRun starts runs of another DAG with conf and waits for them, poking or deferred; an existing run id can be skipped', async () => {
  const first = await h.waitForRun(await h.trigger('parent', { logicalDate: new Date(Date.UTC(2024, 0, 3)) }));
  assert.equal(first.state, 'success', await describe(first));
  const started = (await h.app.store.xcom.listForRun({ dagId: 'parent', runId: first.runId, taskId: 'start_child' }))[0]?.value as { runId: string };
  const child = await h.app.store.dagRuns.get({ dagId: 'child', runId: started.runId });
  assert.equal(child?.state, 'success', 'waited until the child run ended');
  assert.deepEqual(child?.conf, { day: '2024-01-03' });
  assert.match(child?.triggeredBy ?? '', /DAG 'parent', task 'start_child'/);
  const deferred = (await h.app.store.xcom.listForRun({ dagId: 'parent', runId: first.runId, taskId: 'start_child_deferred' }))[0]?.value as { runId: string };
  assert.equal(deferred.runId, `from_${first.runId}`);
  assert.equal((await h.app.store.dagRuns.get({ dagId: 'child', runId: deferred.runId }))?.state, 'success');
  assert.equal((await h.ti(first, 'start_again')).state, 'success', 'the first time, the fixed id is new');

  const second = await h.waitForRun(await h.trigger('parent', { logicalDate: new Date(Date.UTC(2024, 0, 4)) }));
  const again = await h.ti(second, 'start_again');
  assert.equal(again.state, 'skipped');
  assert.match(again.stateReason ?? '', /a run 'fixed' of DAG 'child' exists already/);
});

test('a deferred task is still bound by its executionTimeout, counted from the start of its try: it fails (with its retries), as in poke mode', async () => {
  const run = await h.waitForRun(await h.trigger('deferred_execution_timeout'));
  const wait = await h.ti(run, 'wait');
  assert.equal(wait.state, 'failed');
  assert.equal(wait.tryNumber, 2, 'a timeout is retried, unlike a sensor timeout');
  assert.match(wait.stateReason ?? '', /^timed out after 1s \(executionTimeout\) while deferred, waiting for the time /);
  const tries = await h.app.store.taskInstances.listTries(wait);
  assert.equal(tries.length, 2);
  for (const t of tries) assert.ok(((t.endDate as Date).getTime() - (t.startDate as Date).getTime()) < 30_000, 'each try ended soon after its timeout, not after the hour');
  const start = await h.ti(run, 'start_slow');
  assert.equal(start.state, 'failed');
  assert.match(start.stateReason ?? '', /^timed out after 1s \(executionTimeout\) while deferred, waiting for /);
  assert.equal((await h.app.store.dagRuns.get({ dagId: 'slow_child', runId: `slow_${run.runId}` }))?.state, 'running', 'the triggered run goes on: only the wait ended');
});

async function describe(run: { dagId: string; runId: string }): Promise<string> {
  return [...(await h.tis(run)).values()].map((ti) => `${ti.taskId}=${ti.state} ${ti.stateReason ?? ''}`).join('; ');
}

test("a deferred sensor past its timeout fails without retry, and its onFailure callback runs (in a process of its own)", async () => {
  const run = await h.waitForRun(await h.trigger('deferred_timeout'));
  const wait = await h.ti(run, 'wait');
  assert.equal(wait.state, 'failed');
  assert.equal(wait.tryNumber, 1, 'retries: 2 is not used');
  assert.match(wait.stateReason ?? '', /^sensor timed out at .* while waiting for the time 2999-01-01T00:00:00.000Z/);
  const written = join(h.scratch, 'deferred-failure.txt');
  await waitFor(() => existsSync(written), 15_000, 'the onFailure callback to write its file');
  assert.match(readFileSync(written, 'utf8'), /^wait failed: sensor timed out at /);
  assert.match(logOf(wait), /Running the task callbacks of wait \(failed\), ended by its trigger/);
});
