/**
 * Chooses which `scheduled` task instances the executor gets now: admission
 * by priority, pools, free executor slots and each DAG's `maxActiveTasks` (the
 * core's `admit`), then `queued` with the next try number, and a workload for
 * each. The caller submits the workloads once its transaction has committed.
 * Instances not admitted stay `scheduled` for the next round.
 */
import { admit, runKey, type AdmissionCandidate } from '../core/admission.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { Timetable } from '../core/timetables/index.js';
import type { TaskWorkload } from '../executor/executor.js';
import { taskLogPath } from '../runner/log-file.js';
import type { Store } from '../store/store.js';
import type { DagCatalog } from './dag-catalog.js';
import { locateDagFile, type DagFolderRef } from './dag-file-locator.js';
import type { PoolSnapshots } from './pool-snapshots.js';

export interface QueueContext {
  /** The caller's transaction. */
  readonly store: Store;
  readonly catalog: DagCatalog;
  /** Tries the executor can start now. */
  readonly freeSlots: number;
  /** Pools as the caller read them this tick. */
  readonly pools: PoolSnapshots;
  readonly folders: readonly DagFolderRef[];
  readonly logsFolder: string;
  readonly maxXcomBytes: number;
}

export interface QueueResult {
  /** For the executor, once the transaction has committed. */
  readonly workloads: TaskWorkload[];
  /** Why scheduled instances were held back, for `tasks failed-deps` and logs. */
  readonly refused: readonly { readonly key: string; readonly reason: string }[];
}

export async function queueScheduledTasks(ctx: QueueContext, now: Date): Promise<QueueResult> {
  const { store } = ctx;
  const scheduled = (await store.taskInstances.list({ states: ['scheduled'] })).items;
  if (scheduled.length === 0 || ctx.freeSlots <= 0) return { workloads: [], refused: [] };

  const runs = new Map<string, DagRun>();
  for (const ti of scheduled) {
    const key = runKey(ti.dagId, ti.runId);
    if (!runs.has(key)) {
      const run = await store.dagRuns.get(ti);
      if (run) runs.set(key, run);
    }
  }
  const active = (await store.taskInstances.list({ states: ['queued', 'running'] })).items;
  const activeTasksPerRun = new Map<string, number>();
  for (const ti of active) activeTasksPerRun.set(runKey(ti.dagId, ti.runId), (activeTasksPerRun.get(runKey(ti.dagId, ti.runId)) ?? 0) + 1);
  const maxActiveTasks = new Map<string, number>();
  for (const run of runs.values()) maxActiveTasks.set(run.dagId, (await ctx.catalog.version(store, run.dagVersionId)).spec.maxActiveTasks);

  const byKey = new Map(scheduled.map((ti) => [tiKey(ti), ti]));
  const candidates: AdmissionCandidate[] = scheduled
    .filter((ti) => runs.get(runKey(ti.dagId, ti.runId))?.state === 'running')
    .map((ti) => ({
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      priorityWeight: ti.priorityWeight,
      pool: ti.pool,
      poolSlots: ti.poolSlots,
      logicalDate: runs.get(runKey(ti.dagId, ti.runId))?.logicalDate ?? null,
    }));
  const result = admit({
    candidates,
    pools: [...ctx.pools.values()],
    parallelism: ctx.freeSlots,
    maxActiveTasks,
    activeTasksPerRun,
  });

  const workloads: TaskWorkload[] = [];
  for (const candidate of result.admitted) {
    const ti = byKey.get(tiKey(candidate)) as TaskInstance;
    const queued: TaskInstance = { ...ti, state: 'queued', tryNumber: ti.tryNumber + 1, queuedAt: now, stateReason: null };
    if (await store.taskInstances.update(ti, { state: 'queued', tryNumber: queued.tryNumber, queuedAt: now, stateReason: null }, 'scheduled')) {
      workloads.push(await workloadFor(ctx, runs.get(runKey(ti.dagId, ti.runId)) as DagRun, queued, now));
    }
  }
  return { workloads, refused: result.refused.map((r) => ({ key: tiKey(r.candidate), reason: r.reason })) };
}

async function workloadFor(ctx: QueueContext, run: DagRun, ti: TaskInstance, now: Date): Promise<TaskWorkload> {
  const entry = await ctx.catalog.version(ctx.store, run.dagVersionId);
  const task = entry.spec.tasks.find((t) => t.taskId === ti.taskId);
  return {
    dagFile: locateDagFile(ctx.folders, entry.spec.fileloc),
    run,
    ti,
    params: ctx.catalog.paramsFor(entry, run.conf),
    logPath: taskLogPath(ctx.logsFolder, ti, ti.tryNumber),
    executionTimeoutMs: task?.executionTimeoutMs ?? null,
    maxXcomBytes: ctx.maxXcomBytes,
    isLatestRun: isLatestRun(entry.timetable, run, now),
  };
}

/** Airflow's LatestOnlyOperator test: no later scheduled run is due yet. */
function isLatestRun(timetable: Timetable, run: DagRun, now: Date): boolean {
  if (run.dataInterval === null) return true;
  const next = timetable.nextDagRunInfo({
    lastAutomatedDataInterval: run.dataInterval,
    restriction: { earliest: null, latest: null, catchup: true },
    now,
  });
  return next === null || next.runAfter > now;
}

function tiKey(ti: { dagId: string; runId: string; taskId: string; mapIndex: number }): string {
  return `${ti.dagId}\u0000${ti.runId}\u0000${ti.taskId}\u0000${ti.mapIndex}`;
}
