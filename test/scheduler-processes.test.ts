/**
 * The built `updraft scheduler` as a real process: killed with -9 in the middle
 * of a run and started again, the run carries on where it stood; and
 * `dags trigger --wait` against it exits with the run's outcome. Needs
 * `npm run build` (npm test builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../src/app.js';
import { INTERRUPTED_REASON } from '../src/scheduler/recover-orphans.js';
import {
  alive,
  describeTis,
  freshHome,
  lines,
  liveDescendants,
  startSchedulerProcess,
  updraft,
  waitFor,
  type SchedulerProcess,
} from './support/scheduler-harness.js';

async function stopScheduler(scheduler: SchedulerProcess): Promise<void> {
  scheduler.child.kill('SIGTERM');
  await scheduler.exited;
  assert.equal(scheduler.child.exitCode, 0, `the scheduler stops cleanly on SIGTERM:\n${scheduler.output()}`);
}

// from Airflow: tests/unit/jobs/test_scheduler_job.py::test_adopt_or_reset_orphaned_tasks (here with a real kill -9)
test('kill -9 of the scheduler mid-run: a restarted scheduler finishes the run, each task succeeding once', { timeout: 60_000 }, async () => {
  const home = freshHome('updraft-kill-');
  const trace = join(home, 'trace.txt');
  mkdirSync(join(home, 'dags'));
  const step = (id: string) => `bash('${id}', 'echo "${id} start" >> ${trace}; sleep 0.7; echo "${id} end" >> ${trace}')`;
  writeFileSync(
    join(home, 'dags', 'seq.ts'),
    `import { dag, bash, chain } from 'updraft';
dag('seq', {}, () => {
  chain(${['t1', 't2', 't3', 't4'].map(step).join(', ')});
});
`,
  );
  let first: SchedulerProcess | null = await startSchedulerProcess(home);
  let second: SchedulerProcess | null = null;
  const app = await openApp({ home, loadExamples: false }, {});
  try {
    const triggered = await updraft(home, ['dags', 'trigger', 'seq', '--run-id', 'interrupted', '-o', 'json']);
    assert.equal(triggered.status, 0, triggered.stderr);
    const key = { dagId: 'seq', runId: 'interrupted' };
    const t2 = { ...key, taskId: 't2', mapIndex: -1 };
    // The scheduler has recorded t2 as running, and its command has started.
    await waitFor(
      async () => (await app.store.taskInstances.get(t2))?.state === 'running' && lines(trace).at(-1) === 't2 start',
      20_000,
      async () => `t2 to run: ${await describeTis(app, key)}; trace ${lines(trace).join(', ')}\n${first?.output()}`,
    );
    const fromFirst = liveDescendants(first.pid);
    assert.ok(fromFirst.length >= 2, 'the first scheduler has task processes');
    first.child.kill('SIGKILL');
    await first.exited;
    first = null;
    // Its task processes see the scheduler gone and stop, bash commands included.
    await waitFor(() => fromFirst.every((pid) => !alive(pid)), 5000, () => `the first scheduler's processes to end: ${fromFirst.filter(alive).join(', ')}`);
    assert.deepEqual(lines(trace), ['t1 start', 't1 end', 't2 start'], 'the interrupted command did not finish');

    second = await startSchedulerProcess(home);
    await waitFor(
      async () => ['success', 'failed'].includes((await app.store.dagRuns.get(key))?.state ?? ''),
      20_000,
      async () => `the run to end: ${await describeTis(app, key)}\n${second?.output()}`,
    );
    assert.equal((await app.store.dagRuns.get(key))?.state, 'success', await describeTis(app, key));
    for (const taskId of ['t1', 't2', 't3', 't4']) {
      const tries = await app.store.taskInstances.listTries({ ...key, taskId, mapIndex: -1 });
      assert.equal(tries.filter((t) => t.state === 'success').length, 1, `${taskId}: ${JSON.stringify(tries)}`);
      const others = tries.filter((t) => t.state !== 'success');
      if (taskId === 't2') {
        assert.equal(others.length, 1, `t2 has one interrupted try: ${JSON.stringify(tries)}`);
        assert.equal(others[0]?.stateReason, INTERRUPTED_REASON);
        assert.ok((others[0]?.tryNumber ?? 0) < (tries.find((t) => t.state === 'success')?.tryNumber ?? 0));
      } else {
        assert.deepEqual(others, [], `${taskId} ran once`);
      }
    }
    assert.deepEqual(lines(trace), ['t1 start', 't1 end', 't2 start', 't2 start', 't2 end', 't3 start', 't3 end', 't4 start', 't4 end']);
    assert.equal((await app.store.dagRuns.list({ states: ['running', 'queued'] })).total, 0);
    assert.deepEqual(fromFirst.filter(alive), [], 'no process of the first scheduler remains');
    await stopScheduler(second);
    second = null;
  } finally {
    first?.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('dags trigger --wait exits 0 when the run succeeds and 1 when it fails', { timeout: 60_000 }, async () => {
  const home = freshHome('updraft-wait-');
  mkdirSync(join(home, 'dags'));
  writeFileSync(
    join(home, 'dags', 'outcomes.ts'),
    `import { dag, task } from 'updraft';
dag('goes_well', {}, () => {
  const a = task('a', () => 1);
  task('b', { inputs: { a } }, ({ a }) => a + 1);
});
dag('goes_badly', {}, () => {
  task('a', () => {
    throw new Error('bad input');
  });
});
`,
  );
  const scheduler = await startSchedulerProcess(home);
  try {
    const [good, bad] = await Promise.all([
      updraft(home, ['dags', 'trigger', 'goes_well', '--wait']),
      updraft(home, ['dags', 'trigger', 'goes_badly', '--wait']),
    ]);
    assert.equal(good.status, 0, `${good.stdout}${good.stderr}`);
    assert.match(good.stdout, /run manual__\S+: success/);
    assert.equal(bad.status, 1, `${bad.stdout}${bad.stderr}`);
    assert.match(bad.stdout, /a failed .*bad input/);
    assert.match(bad.stdout, /run manual__\S+: failed/);
    await stopScheduler(scheduler);
  } finally {
    scheduler.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});

test('SIGTERM: a try still running after the grace runs again on the next start, without spending a retry', { timeout: 60_000 }, async () => {
  const home = freshHome('updraft-term-');
  const trace = join(home, 'trace.txt');
  mkdirSync(join(home, 'dags'));
  // No retries: a try killed by the shutdown must not fail the task.
  writeFileSync(
    join(home, 'dags', 'slow.ts'),
    `import { dag, bash, task, chain } from 'updraft';
dag('slow', {}, () => {
  const slow = bash('slow', 'echo "start $$" >> ${trace}; if [ "{{ try_number }}" = 1 ]; then sleep 30; fi; echo end >> ${trace}');
  chain(slow, task('after', () => 'ran'));
});
`,
  );
  let scheduler: SchedulerProcess | null = await startSchedulerProcess(home, ['--grace', '0.5']);
  const app = await openApp({ home, loadExamples: false }, {});
  try {
    const triggered = await updraft(home, ['dags', 'trigger', 'slow', '--run-id', 'stopped']);
    assert.equal(triggered.status, 0, triggered.stderr);
    const key = { dagId: 'slow', runId: 'stopped' };
    await waitFor(
      async () => (await app.store.taskInstances.get({ ...key, taskId: 'slow', mapIndex: -1 }))?.state === 'running' && lines(trace).length === 1,
      20_000,
      async () => `slow to run: ${await describeTis(app, key)}\n${scheduler?.output()}`,
    );
    const shell = Number(lines(trace)[0]?.split(' ')[1]);
    await stopScheduler(scheduler);
    scheduler = null;
    assert.ok(!alive(shell), 'the sleeping command was stopped with the scheduler');
    const slow = await app.store.taskInstances.get({ ...key, taskId: 'slow', mapIndex: -1 });
    assert.equal(slow?.state, 'up_for_retry', `${slow?.state}: ${slow?.stateReason}`);
    assert.equal(slow?.stateReason, INTERRUPTED_REASON);

    scheduler = await startSchedulerProcess(home);
    await waitFor(
      async () => ['success', 'failed'].includes((await app.store.dagRuns.get(key))?.state ?? ''),
      20_000,
      async () => `the run to end: ${await describeTis(app, key)}\n${scheduler?.output()}`,
    );
    assert.equal((await app.store.dagRuns.get(key))?.state, 'success', await describeTis(app, key));
    const tries = await app.store.taskInstances.listTries({ ...key, taskId: 'slow', mapIndex: -1 });
    assert.deepEqual(
      tries.map((t) => [t.tryNumber, t.state, t.stateReason]),
      [
        [1, 'failed', INTERRUPTED_REASON],
        [2, 'success', null],
      ],
    );
    await stopScheduler(scheduler);
    scheduler = null;
  } finally {
    scheduler?.child.kill('SIGKILL');
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
