import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alive } from '../../runner/testing/processes.js';
import { performance } from 'node:perf_hooks';
import type { ExecutorEvent, TaskWorkload } from '../executor.js';
import { versionId, newRun, workload, sameTry, harness, failedReason, xcom, log, eventually } from './testing/executor-fixture.js';

describe('LocalExecutor', { timeout: 120_000 }, () => {
  test('runs a try in a child process: XCom stored in the store, log written and masked, exactly one started and finished', async () => {
    const h = await harness();
    try {
      const created = await newRun();
      const produce = workload(created, 'produce');
      h.executor.submit(produce);
      const done = await h.finished(produce);
      assert.deepEqual(done.outcome, { state: 'success', skipTaskIds: [], returnValue: { n: 42 } });
      assert.deepEqual(await xcom(produce), { n: 42 });
      const started = await h.started(produce);
      assert.notEqual(started.pid, process.pid, 'the task ran in another process');
      assert.ok(started.hostname.length > 0);

      // The next task reads the XCom through the parent.
      const consume = workload(created, 'consume');
      h.executor.submit(consume);
      assert.equal((await h.finished(consume)).outcome.state, 'success');
      assert.equal(await xcom(consume), 43);

      const text = log(produce);
      assert.match(text, /Starting try 1 of 1: executor_test\.produce/);
      assert.match(text, /printed by produce, token \*\*\*/, 'console output goes to the log, masked');
      assert.match(text, /logged by produce/);
      assert.match(text, /Task succeeded/);
      assert.doesNotMatch(text, /hunter2-secret/);
      assert.equal(h.events.filter((e) => sameTry(e, produce)).length, 2);
      assert.deepEqual(h.executor.running(), []);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('two tries run in parallel; a third waits for a free slot (FIFO)', async () => {
    const h = await harness({ parallelism: 2 });
    try {
      const tries = [await newRun(), await newRun(), await newRun()].map((created) => workload(created, 'slow'));
      const [first, second, third] = tries as [TaskWorkload, TaskWorkload, TaskWorkload];
      const began = performance.now();
      h.executor.submit(first);
      h.executor.submit(second);
      assert.equal(h.executor.freeSlots, 0);
      h.executor.submit(third);
      assert.equal(h.executor.running().length, 3);
      const results = await Promise.all(tries.map((w) => h.finished(w)));
      const elapsed = performance.now() - began;
      for (const result of results) assert.equal(result.outcome.state, 'success');
      const pids = await Promise.all(tries.map(xcom));
      assert.notEqual(pids[0], pids[1], 'the first two ran in different processes');
      // Both first ones started before either finished; the third only after one of them finished.
      const index = (kind: ExecutorEvent['kind'], w: TaskWorkload) => h.events.findIndex((e) => e.kind === kind && sameTry(e, w));
      const firstFinish = Math.min(index('finished', first), index('finished', second));
      assert.ok(index('started', first) < firstFinish && index('started', second) < firstFinish);
      assert.ok(index('started', third) > firstFinish, 'the third waited for a slot');
      assert.ok(elapsed >= 2400, `two rounds of 1.2 s: ${Math.round(elapsed)} ms`);
      assert.ok(elapsed < 3600 + 1500, `the first two overlapped: ${Math.round(elapsed)} ms`);
      assert.equal(h.executor.freeSlots, 2);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('task code that throws: the outcome of the try, the process kept warm', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const boom = workload(created, 'boom');
      h.executor.submit(boom);
      const done = await h.finished(boom);
      assert.equal(failedReason(done.outcome), 'Error: kaboom');
      assert.match(log(boom), /Task failed with Error: kaboom/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
      assert.equal((await h.started(quick)).pid, (await h.started(boom)).pid, 'the same process ran the next try');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a process is replaced after maxTriesPerProcess tries (imported modules are never freed)', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxTriesPerProcess: 2 });
    try {
      const created = await newRun();
      const pids: number[] = [];
      for (let tryNumber = 1; tryNumber <= 3; tryNumber += 1) {
        const w = workload(created, 'quick', { tryNumber });
        h.executor.submit(w);
        assert.equal((await h.finished(w)).outcome.state, 'success');
        pids.push((await h.started(w)).pid);
      }
      assert.equal(pids[0], pids[1]);
      assert.notEqual(pids[1], pids[2]);
      const retired = pids[0] as number;
      assert.ok(await eventually(() => !alive(retired)), 'the retired process exited');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a process is replaced once its tries imported maxBundlesPerProcess distinct DAG bundles', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxBundlesPerProcess: 2 });
    try {
      const created = await newRun();
      const pids: number[] = [];
      // Versions A, A, B, A: the third try is the second distinct bundle, so the fourth needs a new process.
      for (const [index, version] of [versionId, versionId, versionId + 1000, versionId].entries()) {
        const base = workload(created, 'quick', { tryNumber: index + 1 });
        const w = { ...base, ti: { ...base.ti, dagVersionId: version } };
        h.executor.submit(w);
        assert.equal((await h.finished(w)).outcome.state, 'success');
        pids.push((await h.started(w)).pid);
      }
      assert.equal(pids[0], pids[1]);
      assert.equal(pids[1], pids[2]);
      assert.notEqual(pids[2], pids[3]);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a warm start costs far less than a cold one', async () => {
    const created = await newRun();
    // Cold: no process is ready when the try arrives, so it pays a node boot.
    const cold = await harness({ parallelism: 1, prefork: 0 });
    let coldMs: number;
    try {
      const first = workload(created, 'quick');
      const began = performance.now();
      cold.executor.submit(first);
      await cold.finished(first);
      coldMs = performance.now() - began;
    } finally {
      await cold.executor.stop(1000);
    }

    const warm = await harness({ parallelism: 1, prefork: 1 });
    const samples: number[] = [];
    try {
      for (let tryNumber = 2; tryNumber <= 8; tryNumber += 1) {
        const w = workload(created, 'quick', { tryNumber });
        const began = performance.now();
        warm.executor.submit(w);
        const done = await warm.finished(w);
        assert.equal(done.outcome.state, 'success');
        samples.push(performance.now() - began);
      }
    } finally {
      await warm.executor.stop(1000);
    }
    // The first warm try still loads the DAG file in that process; the rest find it cached.
    const [firstWarm, ...rest] = samples as [number, ...number[]];
    const warmMs = rest.reduce((sum, ms) => sum + ms, 0) / rest.length;
    console.log(
      `local executor start cost (submit -> finished, trivial task): cold ${coldMs.toFixed(0)} ms, ` +
        `first try in a pre-forked process ${firstWarm.toFixed(0)} ms, warm ${warmMs.toFixed(1)} ms on average over ${rest.length} tries`,
    );
    assert.ok(warmMs < coldMs, `warm ${warmMs} ms < cold ${coldMs} ms`);
    assert.ok(warmMs < 50, `warm ${warmMs.toFixed(1)} ms on average`);
  });
});
