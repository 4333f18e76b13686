/**
 * Hands `scheduled` task instances to the executor: admission by priority,
 * pools, free executor slots and each DAG's `maxActiveTasks` (the core's
 * `admit`), then `queued` with the next try number in one transaction, then
 * submission. Instances not admitted stay `scheduled` for the next round.
 */
import { admit, runKey, type AdmissionCandidate } from '../core/admission.js';
import { validateConf } from '../core/params-validation.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { Timetable } from '../core/timetables/index.js';
import type { Executor, TaskWorkload } from '../executor/executor.js';
import { taskLogPath } from '../runner/log-file.js';
import type { Store } from '../store/store.js';
import type { DagCatalog } from './dag-catalog.js';
import { locateDagFile, type DagFolderRef } from './dag-file-locator.js';
import { poolSnapshots } from './pool-snapshots.js';

export interface QueueContext {
  readonly store: Store;
  readonly catalog: DagCatalog;
  readonly executor: Executor;
  readonly folders: readonly DagFolderRef[];
  readonly logsFolder: string;
  readonly maxXcomBytes: number;
}

export interface QueueResult {
  readonly submitted: number;
  /** Why scheduled instances were held back, for `tasks failed-deps` and logs. */
  readonly refused: readonly { readonly key: string; readonly reason: string }[];
}

export async function queueScheduledTasks(ctx: QueueContext, now: Date): Promise<QueueResult> {
  const { store } = ctx;
  const scheduled = (await store.taskInstances.list({ states: ['scheduled'] })).items;
  if (scheduled.length === 0 || ctx.executor.freeSlots <= 0) return { submitted: 0, refused: [] };

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
  for (const run of runs.values()) maxActiveTasks.set(run.dagId, (await ctx.catalog.version(run.dagVersionId)).spec.maxActiveTasks);

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
    pools: [...(await poolSnapshots(store)).values()],
    parallelism: ctx.executor.freeSlots,
    maxActiveTasks,
    activeTasksPerRun,
  });

  // Only `tx` may be used inside the transaction (SQLite has one writer): workloads are built after it.
  const queued: TaskInstance[] = [];
  await store.transaction(async (tx) => {
    for (const candidate of result.admitted) {
      const ti = byKey.get(tiKey(candidate)) as TaskInstance;
      const next: TaskInstance = { ...ti, state: 'queued', tryNumber: ti.tryNumber + 1, queuedAt: now, stateReason: null };
      if (await tx.taskInstances.update(ti, { state: 'queued', tryNumber: next.tryNumber, queuedAt: now, stateReason: null }, 'scheduled')) {
        queued.push(next);
      }
    }
  });
  const toSubmit: TaskWorkload[] = [];
  for (const ti of queued) toSubmit.push(await workloadFor(ctx, runs.get(runKey(ti.dagId, ti.runId)) as DagRun, ti, now));
  for (const workload of toSubmit) ctx.executor.submit(workload);
  return { submitted: toSubmit.length, refused: result.refused.map((r) => ({ key: tiKey(r.candidate), reason: r.reason })) };
}

async function workloadFor(ctx: QueueContext, run: DagRun, ti: TaskInstance, now: Date): Promise<TaskWorkload> {
  const entry = await ctx.catalog.version(run.dagVersionId);
  const task = entry.spec.tasks.find((t) => t.taskId === ti.taskId);
  const dagRow = await ctx.store.dags.get(run.dagId);
  const params = validateConf(run.dagId, entry.spec.params, run.conf);
  return {
    dagFile: locateDagFile(ctx.folders, dagRow?.fileloc ?? entry.spec.fileloc),
    run,
    ti,
    params: params.ok ? params.params : run.conf,
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
