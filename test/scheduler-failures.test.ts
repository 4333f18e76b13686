/**
 * The scheduler end to end with tasks that misbehave: retries with back-off,
 * execution timeouts (a synchronous loop, a bash command with children), a task
 * calling `process.exit`, a task running out of memory. The orchestrator runs in
 * this process; tasks run in real child processes of the local executor. One
 * orchestrator serves every test here (each has its own DAG): it takes ~2.5 s to
 * start on this machine, most of it warming two task processes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { retryDelayMs } from '../src/core/retry.js';
import { alive, lines, liveMembers, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';


const MEMORY_LIMIT_MB = 64;
let h: Harness;
let pidFile = '';

before(async () => {
  h = await startHarness(
    ({ scratch }) => {
      pidFile = join(scratch, 'shell.pid');
      return {
        'flaky.ts': `import { dag, task } from 'updraft';
dag('flaky', {}, () => {
  task('flaky', { retries: 2, retryDelay: '1s', retryExponentialBackoff: true }, (_in, { tryNumber }) => {
    if (tryNumber < 3) throw new Error('service unavailable (try ' + tryNumber + ')');
    return 'ok on try ' + tryNumber;
  });
});
`,
        'timeouts.ts': `import { dag, task, bash } from 'updraft';
dag('timeouts', {}, () => {
  task('spin', { executionTimeout: '1s' }, () => {
    for (;;) {}
  });
  bash('hang', 'echo $$ > ${pidFile}; sleep 100 & sleep 100; wait', { executionTimeout: '1s' });
});
`,
        'exits.ts': `import { dag, task } from 'updraft';
dag('exits', {}, () => {
  task('quitter', () => {
    process.exit(3);
  });
  task('sibling', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return 'still here';
  });
});
`,
        'hog.ts': `import { dag, task } from 'updraft';
dag('hog', {}, () => {
  task('hog', () => {
    const kept = [];
    for (;;) kept.push(new Array(100_000).fill(Math.random()));
  });
  task('after_hog', { triggerRule: 'all_done' }, () => 'ran');
});
`,
      };
    },
    // Small, so running out takes a moment; the other tasks here need far less.
    { settings: { 'core.task_memory_limit_mb': MEMORY_LIMIT_MB } },
  );
});

after(async () => {
  await h?.close();
});

// from Airflow: tests/unit/models/test_taskinstance.py::test_next_retry_datetime (the back-off formula; here with real tries)
test('a task that fails twice then succeeds is retried with exponential back-off', { timeout: 30_000 }, async () => {
  const run = await h.trigger('flaky');
  const ended = await h.waitForRun(run);
  assert.equal(ended.state, 'success');
  const key = { dagId: 'flaky', runId: run.runId, taskId: 'flaky', mapIndex: -1 };
  const tries = await h.app.store.taskInstances.listTries(key);
  assert.deepEqual(
    tries.map((t) => [t.tryNumber, t.state]),
    [
      // A try that will be retried is kept as up_for_retry, as Airflow's task_instance_history does.
      [1, 'up_for_retry'],
      [2, 'up_for_retry'],
      [3, 'success'],
    ],
  );
  assert.match(tries[0]?.stateReason ?? '', /service unavailable \(try 1\)/);
  const spec = (await h.app.store.dags.latestVersion('flaky'))?.spec.tasks[0];
  assert.ok(spec);
  for (const failed of [1, 2]) {
    const before = tries[failed - 1];
    const after = tries[failed];
    assert.ok(before?.endDate && after?.startDate);
    const delay = retryDelayMs({ task: spec, tryNumber: failed, dagId: 'flaky', taskId: 'flaky', logicalDate: run.logicalDate });
    const gap = after.startDate.getTime() - before.endDate.getTime();
    assert.ok(gap >= delay, `try ${failed + 1} started ${gap} ms after try ${failed} ended; the back-off is ${delay} ms`);
    // ...and not much later: a retry is driven by a timer at its due time, not by a slow poll.
    assert.ok(gap < delay + 2500, `try ${failed + 1} started ${gap} ms after try ${failed} ended; the back-off is only ${delay} ms`);
  }
  const ti = await h.ti(run, 'flaky');
  assert.equal(ti.tryNumber, 3);
});

test('execution timeouts kill a synchronous loop and a bash command with its children', { timeout: 30_000 }, async () => {
  const run = await h.trigger('timeouts');
  const started = Date.now();
  const ended = await h.waitForRun(run);
  assert.equal(ended.state, 'failed');
  const tis = await h.tis(run);
  for (const id of ['spin', 'hang']) {
    const ti = tis.get(id);
    assert.equal(ti?.state, 'failed', id);
    assert.match(ti?.stateReason ?? '', /timed out after 1s/, id);
  }
  // The loop ignores its timeout: it is killed after the grace, not hours later.
  assert.ok(Date.now() - started < 10_000);
  const shell = Number(lines(pidFile)[0]);
  assert.ok(shell > 0, 'the bash task wrote its pid');
  await waitFor(() => liveMembers(shell).length === 0, 3000, () => `the bash group to be gone: ${liveMembers(shell).join('; ')}`);
  const spinPid = tis.get('spin')?.pid;
  assert.ok(spinPid);
  await waitFor(() => !alive(spinPid), 3000, 'the spinning task process to be killed');
});

test('a task calling process.exit(3) fails with the exit code; the scheduler and its sibling carry on', { timeout: 30_000 }, async () => {
  const run = await h.trigger('exits');
  const ended = await h.waitForRun(run);
  assert.equal(ended.state, 'failed');
  const tis = await h.tis(run);
  assert.equal(tis.get('quitter')?.state, 'failed');
  assert.match(tis.get('quitter')?.stateReason ?? '', /exited with code 3/);
  assert.equal(tis.get('sibling')?.state, 'success');
  // The scheduler still runs work after the crash.
  const exits = await h.trigger('exits', { runId: 'exits_again' });
  assert.equal((await h.waitForRun(exits)).state, 'failed');
  assert.equal((await h.ti(exits, 'sibling')).state, 'success');
});

test('a task that runs out of memory fails with an out-of-memory reason', { timeout: 30_000 }, async () => {
  const run = await h.trigger('hog');
  const ended = await h.waitForRun(run);
  assert.equal(ended.state, 'failed');
  const tis = await h.tis(run);
  assert.equal(tis.get('hog')?.state, 'failed');
  assert.match(tis.get('hog')?.stateReason ?? '', new RegExp(`out of memory \\(limit ${MEMORY_LIMIT_MB} MB\\)`));
  assert.equal(tis.get('after_hog')?.state, 'success', 'the scheduler carries on after the crash');
});
