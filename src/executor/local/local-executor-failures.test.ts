import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alive, liveMembers } from '../../runner/testing/processes.js';
import { performance } from 'node:perf_hooks';
import { newRun, workload, sameTry, harness, failedReason, xcom, keyOf, log, eventually, shellPgid } from './testing/executor-fixture.js';

describe('LocalExecutor: when task processes fail', { timeout: 120_000 }, () => {
  test('process.exit(3) in task code fails the try with the exit code; the pool gets a new process', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const exit = workload(created, 'exit3');
      h.executor.submit(exit);
      const done = await h.finished(exit);
      assert.equal(failedReason(done.outcome), 'the task process exited with code 3');
      assert.match(log(exit), /ERROR\s+Task failed: the task process exited with code 3/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
      assert.notEqual((await h.started(quick)).pid, (await h.started(exit)).pid);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a task that allocates without bound fails as out of memory, within seconds', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxOldSpaceMb: 64 });
    try {
      const created = await newRun();
      const oom = workload(created, 'oom');
      const began = performance.now();
      h.executor.submit(oom);
      const done = await h.finished(oom);
      const ms = performance.now() - began;
      assert.equal(failedReason(done.outcome), 'the task process ran out of memory (limit 64 MB)');
      assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);
      assert.match(log(oom), /Task failed: the task process ran out of memory \(limit 64 MB\)/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  // from Airflow: tests/unit/models/test_taskinstance.py::TestTaskInstance::test_execute_timeout (a try past its timeout fails)
  test('a synchronous infinite loop past executionTimeout is killed; the pool runs the next task', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const spin = workload(created, 'spin', { executionTimeoutMs: 1000 });
      const began = performance.now();
      h.executor.submit(spin);
      const done = await h.finished(spin);
      const ms = performance.now() - began;
      assert.equal(done.outcome.state, 'failed');
      assert.match(failedReason(done.outcome), /^timed out after 1s \(executionTimeout\)/);
      assert.equal((done.outcome as { timedOut: boolean }).timedOut, true);
      assert.ok(ms >= 1000 && ms < 6000, `killed after ${Math.round(ms)} ms`);
      const spinPid = (await h.started(spin)).pid;
      assert.ok(await eventually(() => !alive(spinPid)), 'the looping process is gone');
      assert.match(log(spin), /Task failed: timed out after 1s/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  // from Airflow: providers/standard/tests/unit/standard/operators/test_bash.py::TestBashOperator::test_bash_operator_kill
  test('a bash task past its timeout: the whole process group is gone', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const group = workload(created, 'group', { executionTimeoutMs: 1000 });
      h.executor.submit(group);
      const pgid = await shellPgid(group);
      assert.ok(liveMembers(pgid).length >= 2, 'the shell and its background job run');
      const done = await h.finished(group);
      assert.match(failedReason(done.outcome), /^timed out after 1s \(executionTimeout\)/);
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a task process killed from outside while bash runs: the try fails and the parent kills the bash group', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const group = workload(created, 'group');
      h.executor.submit(group);
      const pgid = await shellPgid(group);
      const { pid } = await h.started(group);
      process.kill(pid, 'SIGKILL');
      const done = await h.finished(group);
      assert.equal(failedReason(done.outcome), 'the task process was killed by SIGKILL');
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('cancel: a running try fails with the reason, a bash group is killed, a queued try never starts', async () => {
    const h = await harness({ parallelism: 2 });
    try {
      const created = await newRun();
      const sleepy = workload(created, 'sleepy');
      const group = workload(created, 'group');
      const queued = workload(created, 'quick');
      h.executor.submit(sleepy);
      h.executor.submit(group);
      h.executor.submit(queued);
      await h.started(sleepy);
      const pgid = await shellPgid(group);
      h.executor.cancel(keyOf(queued), 'marked failed by alice');
      assert.equal(failedReason((await h.finished(queued)).outcome), 'marked failed by alice');
      assert.equal(h.events.some((e) => e.kind === 'started' && sameTry(e, queued)), false);

      const began = performance.now();
      h.executor.cancel(keyOf(sleepy), 'the run was cleared');
      h.executor.cancel(keyOf(group), 'the run was cleared');
      const [a, b] = await Promise.all([h.finished(sleepy), h.finished(group)]);
      assert.equal(failedReason(a.outcome), 'the run was cleared');
      assert.equal(failedReason(b.outcome), 'the run was cleared');
      assert.ok(performance.now() - began < 3000, 'stopped promptly');
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
      assert.match(log(sleepy), /ERROR\s+Task failed: the run was cleared/);
      assert.equal(await xcom(sleepy), undefined);
      assert.deepEqual(h.executor.running(), []);

      const after = workload(created, 'quick', { tryNumber: 2 });
      h.executor.submit(after);
      assert.equal((await h.finished(after)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('stop(grace): running tries may finish within the grace, the rest are killed and reported; all processes end', async () => {
    const h = await harness({ parallelism: 2 });
    const created = await newRun();
    const slow = workload(created, 'slow');
    const sleepy = workload(created, 'sleepy');
    const queued = workload(created, 'quick');
    h.executor.submit(slow);
    h.executor.submit(sleepy);
    h.executor.submit(queued);
    const pids = [(await h.started(slow)).pid, (await h.started(sleepy)).pid];
    const began = performance.now();
    await h.executor.stop(2500);
    const ms = performance.now() - began;
    assert.equal((await h.finished(slow)).outcome.state, 'success', 'finished within the grace');
    assert.equal(failedReason((await h.finished(sleepy)).outcome), 'shut down before the task finished');
    assert.equal(failedReason((await h.finished(queued)).outcome), 'shut down before the task started');
    // Killed by the shutdown, not by their own doing: flagged so the scheduler runs them again.
    assert.deepEqual([(await h.finished(slow)).interrupted, (await h.finished(sleepy)).interrupted, (await h.finished(queued)).interrupted], [undefined, true, true]);
    assert.match(log(sleepy), /Task failed: shut down before the task finished/);
    assert.ok(ms >= 2400 && ms < 6000, `stop took ${Math.round(ms)} ms`);
    for (const pid of pids) assert.ok(await eventually(() => !alive(pid)), `process ${pid} ended`);
    assert.equal(h.events.filter((e) => e.kind === 'finished').length, 3);
    assert.throws(() => h.executor.submit(workload(created, 'boom')), /not running/);
    assert.equal(h.executor.freeSlots, 0);
  });
});
