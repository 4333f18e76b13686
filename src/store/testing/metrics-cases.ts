/** The aggregates `/metrics` reads at scrape time: run counts, finished-try histograms, a scheduler's loop time. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TaskInstanceTry } from '../../core/run-model.js';
import type { CaseContext } from './harness.js';
import { at, dagRun, seedRun, T0 } from './fixtures.js';

export function metricsCases(ctx: CaseContext): void {
  it('counts runs by state over every DAG, and tries by final state with a duration histogram', async () => {
    const store = await ctx.openFresh();
    const { run, tis, dagId, versionId } = await seedRun(store, { state: 'running' });
    await store.dagRuns.create(dagRun(dagId, 'second', versionId, { state: 'queued', logicalDate: at(86_400_000) }));
    const other = await seedRun(store, { state: 'running' });
    const runs = await store.dagRuns.countByState();
    assert.deepEqual([runs.running, runs.queued, runs.success], [2, 1, 0]);
    assert.equal((await store.dagRuns.countByState(other.dagId)).running, 1);

    const ti = tis[0]!;
    const attempt = (tryNumber: number, state: string, durationMs: number | null): TaskInstanceTry => ({
      dagId: ti.dagId, runId: run.runId, taskId: ti.taskId, mapIndex: ti.mapIndex, tryNumber,
      state: state as TaskInstanceTry['state'],
      startDate: T0, endDate: at(durationMs ?? 0), durationMs,
      hostname: 'w', pid: 1, executor: 'local', dagVersionId: ti.dagVersionId, stateReason: null,
    });
    await store.taskInstances.recordTry(attempt(1, 'failed', 300));
    await store.taskInstances.recordTry(attempt(2, 'up_for_retry', 50));
    await store.taskInstances.recordTry(attempt(3, 'success', 1_500));
    await store.taskInstances.recordTry(attempt(4, 'success', 100));
    await store.taskInstances.recordTry(attempt(5, 'success', null));
    const stats = await store.taskInstances.finishedTryStats([100, 1_000]);
    assert.deepEqual(stats, [
      { state: 'success', count: 3, timed: 2, sumMs: 1_600, buckets: [1, 1] },
      { state: 'failed', count: 1, timed: 1, sumMs: 300, buckets: [0, 1] },
      { state: 'skipped', count: 0, timed: 0, sumMs: 0, buckets: [0, 0] },
      { state: 'upstream_failed', count: 0, timed: 0, sumMs: 0, buckets: [0, 0] },
    ]);
    await store.close();
  });

  it("keeps a scheduler's loop time with its heartbeat, and a plain heartbeat leaves it", async () => {
    const store = await ctx.openFresh();
    const job = await store.jobs.register({ kind: 'scheduler', hostname: 'h', pid: 1 }, T0);
    assert.equal(job.loop, null);
    assert.equal(await store.jobs.heartbeat(job.id, at(5_000), { lastMs: 12.5, avgMs: 3.25 }), true);
    assert.deepEqual((await store.jobs.get(job.id))?.loop, { lastMs: 12.5, avgMs: 3.25 });
    await store.jobs.heartbeat(job.id, at(10_000));
    assert.deepEqual((await store.jobs.get(job.id))?.loop, { lastMs: 12.5, avgMs: 3.25 });
    await store.close();
  });
}
