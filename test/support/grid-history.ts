/**
 * A long history for the grid, written straight into a store: `runs` daily
 * runs of a DAG (newest last), each with one finished instance of every task.
 * Most runs succeed; every 7th fails at one task (the rest upstream_failed);
 * every 11th has a retried task. Fast: one INSERT batch per few runs.
 */
import type { DagRun, TaskInstance } from '../../src/core/run-model.js';
import type { Store } from '../../src/store/store.js';
import { dagRun, taskInstance } from '../../src/store/testing/fixtures.js';

export interface GridHistory {
  readonly runIds: readonly string[];
  readonly instances: number;
}

export async function seedGridHistory(store: Store, dagId: string, versionId: number, taskIds: readonly string[], runs: number, firstDay = new Date('2024-01-01T00:00:00Z')): Promise<GridHistory> {
  const runIds: string[] = [];
  let batch: TaskInstance[] = [];
  let instances = 0;
  for (let i = 0; i < runs; i++) {
    const logical = new Date(firstDay.getTime() + i * 86_400_000);
    const start = new Date(logical.getTime() + 86_400_000);
    const failsAt = i % 7 === 3 ? Math.floor(taskIds.length / 2) : -1;
    const runId = `scheduled__${logical.toISOString()}`;
    const run: DagRun = await store.dagRuns.create(
      dagRun(dagId, runId, versionId, {
        runType: 'scheduled',
        triggeredBy: 'timetable',
        state: failsAt >= 0 ? 'failed' : 'success',
        logicalDate: logical,
        dataInterval: { start: logical, end: start },
        runAfter: start,
        queuedAt: start,
        startDate: start,
        endDate: new Date(start.getTime() + (60 + (i % 13) * 20) * 1000),
      }),
    );
    runIds.push(runId);
    taskIds.forEach((taskId, t) => {
      const begin = new Date(start.getTime() + t * 1000);
      const state = failsAt < 0 || t < failsAt ? 'success' : t === failsAt ? 'failed' : 'upstream_failed';
      const ran = state !== 'upstream_failed';
      batch.push(
        taskInstance(run, taskId, {
          state,
          tryNumber: ran ? (i % 11 === 5 && t === 0 ? 2 : 1) : 0,
          startDate: ran ? begin : null,
          endDate: ran ? new Date(begin.getTime() + 800 + ((i + t) % 9) * 300) : new Date(begin.getTime()),
          durationMs: ran ? 800 + ((i + t) % 9) * 300 : null,
          hostname: ran ? 'worker-1' : null,
        }),
      );
    });
    if (batch.length >= 2000) {
      await store.taskInstances.createMany(batch);
      instances += batch.length;
      batch = [];
    }
  }
  await store.taskInstances.createMany(batch);
  instances += batch.length;
  return { runIds, instances };
}
