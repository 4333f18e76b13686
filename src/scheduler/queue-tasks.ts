/**
 * Chooses which `scheduled` task instances the executor gets now: admission
 * by priority, pools, free executor slots and each DAG's `maxActiveTasks` (the
 * core's `admit`), then `queued` with the next try number, and a workload for
 * each. The caller submits the workloads once its transaction has committed.
 * Instances not admitted stay `scheduled` for the next round.
 *
 * With several schedulers on one database the caller holds the `queue_tasks` lock
 * (store/locks.ts) and has read `pools` after taking it: the slots counted here are
 * then every scheduler's. Each instance moves scheduled -> queued by compare-and-set,
 * and only those this call moved get a workload.
 */
import { admit, runKey, type AdmissionCandidate } from '../core/admission.js';
import type { DagRun, TaskInstance, TaskInstanceKey } from '../core/run-model.js';
import type { Timetable } from '../core/timetables/index.js';
import type { TaskWorkload } from '../executor/executor.js';
import { taskLogPath } from '../runner/log-file.js';
import type { Store } from '../store/store.js';
import type { DagCatalog } from './dag-catalog.js';
import { locateDagFile, type DagFolderRef } from './dag-file-locator.js';
import { poolSnapshots, type PoolSnapshots } from './pool-snapshots.js';

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
  /** Recorded on each queued instance: the scheduler's job (its instances while it lives) and its executor. */
  readonly jobId: number | null;
  readonly executorName: string;
}

export interface QueueResult {
  /** For the executor, once the transaction has committed. */
  readonly workloads: TaskWorkload[];
  /** Why scheduled instances were held back, for `tasks failed-deps` and logs. */
  readonly refused: readonly { readonly key: string; readonly reason: string }[];
}

/**
 * Candidates read per page, as a multiple of the free slots: admission looks at up to
 * `freeSlots` per round, so a page holds several rounds' worth. Reading every scheduled
 * instance instead cost O(scheduled) per tick: ~30 ms a tick in a 10,000-task fan-out.
 */
const PAGE_PER_SLOT = 4;
const MIN_PAGE = 64;

export async function queueScheduledTasks(ctx: QueueContext, now: Date): Promise<QueueResult> {
  const { store } = ctx;
  if (ctx.freeSlots <= 0) return { workloads: [], refused: [] };

  const runs = new Map<string, DagRun | null>();
  const maxActiveTasks = new Map<string, number>();
  const activeTasksPerRun = new Map<string, number>();
  for (const ti of (await store.taskInstances.list({ states: ['queued', 'running'] })).items) {
    activeTasksPerRun.set(runKey(ti.dagId, ti.runId), (activeTasksPerRun.get(runKey(ti.dagId, ti.runId)) ?? 0) + 1);
  }
  const workloads: TaskWorkload[] = [];
  const refused: { key: string; reason: string }[] = [];
  // Instances looked at and left scheduled (refused, or their run is not running): skipped on later pages.
  const passedOver = new Set<string>();
  const pageSize = Math.max(MIN_PAGE, ctx.freeSlots * PAGE_PER_SLOT);

  // Page by page down the priorities until something is admitted (as admission's own rounds
  // stop) or nothing is left: a page where every candidate is blocked (a full pool, a DAG at
  // its limit) lets lower-priority instances through, as if all had been read at once.
  for (;;) {
    const wanted = passedOver.size + pageSize;
    const page = await store.taskInstances.listScheduled(wanted);
    const fresh = page.filter((ti) => !passedOver.has(tiKey(ti)));
    if (fresh.length === 0) break;
    for (const ti of fresh) {
      const key = runKey(ti.dagId, ti.runId);
      if (!runs.has(key)) {
        const run = await store.dagRuns.get(ti);
        runs.set(key, run);
        if (run) maxActiveTasks.set(run.dagId, (await ctx.catalog.version(store, run.dagVersionId)).spec.maxActiveTasks);
      }
    }
    const runOf = (ti: TaskInstanceKey) => runs.get(runKey(ti.dagId, ti.runId)) ?? null;
    const byKey = new Map(fresh.map((ti) => [tiKey(ti), ti]));
    const candidates: AdmissionCandidate[] = [];
    for (const ti of fresh) {
      const run = runOf(ti);
      if (run?.state !== 'running') {
        passedOver.add(tiKey(ti));
        continue;
      }
      candidates.push({
        dagId: ti.dagId,
        runId: ti.runId,
        taskId: ti.taskId,
        mapIndex: ti.mapIndex,
        priorityWeight: ti.priorityWeight,
        pool: ti.pool,
        poolSlots: ti.poolSlots,
        logicalDate: run.logicalDate,
      });
    }
    const result = admit({ candidates, pools: [...ctx.pools.values()], parallelism: ctx.freeSlots, maxActiveTasks, activeTasksPerRun });
    for (const candidate of result.admitted) {
      const ti = byKey.get(tiKey(candidate)) as TaskInstance;
      // A rescheduled sensor goes on with the same try (Airflow keeps try_number for up_for_reschedule).
      const tryNumber = ti.waitState?.kind === 'reschedule' ? ti.tryNumber : ti.tryNumber + 1;
      const patch = { state: 'queued', tryNumber, queuedAt: now, stateReason: null, queuedByJobId: ctx.jobId, executor: ctx.executorName } as const;
      const queued: TaskInstance = { ...ti, ...patch };
      if (await store.taskInstances.update(ti, patch, 'scheduled')) {
        workloads.push(await workloadFor(ctx, runOf(ti) as DagRun, queued, now));
      }
    }
    for (const r of result.refused) {
      passedOver.add(tiKey(r.candidate));
      refused.push({ key: tiKey(r.candidate), reason: r.reason });
    }
    if (result.admitted.length > 0 || page.length < wanted) break;
  }
  return { workloads, refused };
}

/**
 * `queueScheduledTasks` as a critical section: one scheduler at a time, until its transaction
 * commits (the `queue_tasks` lock). On PostgreSQL the pools are read again once the lock is
 * ours, so instances other schedulers queued meanwhile take their slots.
 */
export async function queueTasksOnce(ctx: QueueContext, now: Date): Promise<QueueResult> {
  if (ctx.freeSlots <= 0) return { workloads: [], refused: [] };
  await ctx.store.locks.hold('queue_tasks');
  return queueScheduledTasks(ctx.store.dialect === 'postgres' ? { ...ctx, pools: await poolSnapshots(ctx.store) } : ctx, now);
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
