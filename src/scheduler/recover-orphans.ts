/**
 * Adopt-or-reset of orphaned task instances (Airflow's adopt_or_reset_orphaned_tasks).
 * A scheduler that dies (crash, `kill -9`, a host gone) leaves tries that no
 * process runs any more. On start and then every half health-check threshold,
 * one scheduler at a time (the `adopt_orphans` lock):
 *
 *   running scheduler jobs ── heartbeat too old, or pid gone from this host ──> failed
 *   queued / running / restarting instances of the local executor
 *     whose `queuedByJobId` is not a live scheduler's job (or unknown) are settled:
 *     - `queued` (handed out, never started): back to `scheduled`, try number
 *       restored, so the same try starts again;
 *     - `running` / `restarting` (its process died with its scheduler): the try
 *       ends as failed with the reason, kept in the history, and the instance is
 *       retried at once whatever its retries, because the task did not fail: its
 *       runner did (Airflow treats a try cleared while running the same way).
 *
 * A live scheduler's instances are never touched, nor those of executors whose
 * tries outlive their scheduler (the queue executor's remote workers: their own
 * heartbeats decide). A graceful stop that has to kill tries past its grace
 * settles them the same way (`recordTaskInterrupted`).
 */
import type { TaskInstance } from '../core/run-model.js';
import type { ExecutorEvent } from '../executor/executor.js';
import type { DagRunKey, Store } from '../store/store.js';
import type { Job } from '../store/types.js';
import { isSchedulerJobDead } from './scheduler-job.js';

/**
 * Executors whose tries run in their scheduler's process tree and die with it.
 * `null`: queued before the executor was recorded at queue time (only the local executor existed).
 */
const DIES_WITH_SCHEDULER: ReadonlySet<string | null> = new Set(['local', null]);

export const INTERRUPTED_REASON = 'interrupted: the scheduler stopped while this try was running, so its process is gone; retrying';

/** What one pass settled, per scheduler job that had queued the instances. */
export interface AdoptedOrphans {
  readonly byJob: readonly { readonly jobId: number | null; readonly job: Job | null; readonly requeued: number; readonly interrupted: number }[];
  /** Runs with settled instances: each needs a plan. */
  readonly runs: readonly DagRunKey[];
}

/**
 * One pass, inside the caller's transaction (the caller holds the `adopt_orphans` lock).
 * `self`: the caller's own job, alive by definition.
 */
export async function adoptOrphans(tx: Store, self: number, now: Date, thresholdMs: number): Promise<AdoptedOrphans> {
  const live = new Set<number>([self]);
  for (const job of await tx.jobs.list({ kind: 'scheduler', state: 'running' })) {
    if (job.id === self) continue;
    if (isSchedulerJobDead(job, now, thresholdMs)) await tx.jobs.markEnded(job.id, 'failed', now);
    else live.add(job.id);
  }
  const orphans = (await tx.taskInstances.list({ states: ['queued', 'running', 'restarting'] })).items.filter(
    (ti) => DIES_WITH_SCHEDULER.has(ti.executor) && (ti.queuedByJobId === null || !live.has(ti.queuedByJobId)),
  );
  const byJob = new Map<number | null, { requeued: number; interrupted: number }>();
  const runs = new Map<string, DagRunKey>();
  for (const ti of orphans) {
    const settled = await settleInterruptedTry(tx, ti, now);
    if (settled === null) continue;
    const counts = byJob.get(ti.queuedByJobId) ?? { requeued: 0, interrupted: 0 };
    counts[settled] += 1;
    byJob.set(ti.queuedByJobId, counts);
    runs.set(`${ti.dagId}\u0000${ti.runId}`, { dagId: ti.dagId, runId: ti.runId });
  }
  const jobs = await Promise.all([...byJob].map(async ([jobId, counts]) => ({ jobId, job: jobId === null ? null : await tx.jobs.get(jobId), ...counts })));
  return { byJob: jobs, runs: [...runs.values()] };
}

/** One log line per scheduler whose instances were settled. */
export function describeAdopted(adopted: AdoptedOrphans): string[] {
  return adopted.byJob.map(({ jobId, job, requeued, interrupted }) => {
    const counts = `${requeued} queued back to scheduled, ${interrupted} running retried`;
    if (job === null) return `recovered ${requeued} queued and ${interrupted} interrupted task instance(s) from a previous run${jobId === null ? '' : ` (scheduler job ${jobId})`}`;
    const how = job.state === 'success' ? 'stopped' : `dead (last heartbeat ${job.latestHeartbeat.toISOString()})`;
    return `adopted the task instances of scheduler job ${job.id} (pid ${job.pid} on ${job.hostname}), ${how}: ${counts}`;
  });
}

/**
 * A try the executor ended because it was stopped (the scheduler shutting down with
 * tries still running after the grace): settled as an orphan now rather than failed,
 * so the task runs again on the next start without losing a retry.
 */
export async function recordTaskInterrupted(store: Store, event: Extract<ExecutorEvent, { kind: 'finished' }>): Promise<boolean> {
  return store.transaction(async (tx) => {
    const ti = await tx.taskInstances.get(event.key);
    if (!ti || ti.tryNumber !== event.tryNumber) return false;
    return (await settleInterruptedTry(tx, ti, event.at)) !== null;
  });
}

/** Settles one try whose process is gone; compare-and-set, so a state changed meanwhile is left alone. */
async function settleInterruptedTry(tx: Store, ti: TaskInstance, now: Date): Promise<'requeued' | 'interrupted' | null> {
  if (ti.state === 'queued') {
    const requeued = await tx.taskInstances.update(ti, { state: 'scheduled', tryNumber: Math.max(0, ti.tryNumber - 1), queuedAt: null, queuedByJobId: null }, 'queued');
    return requeued ? 'requeued' : null;
  }
  if (ti.state !== 'running' && ti.state !== 'restarting') return null;
  const ended: TaskInstance = {
    ...ti,
    state: 'up_for_retry',
    endDate: now,
    durationMs: ti.startDate ? now.getTime() - ti.startDate.getTime() : null,
    nextRetryAt: now,
    stateReason: INTERRUPTED_REASON,
    // The interrupted try does not use up one of the task's retries.
    maxTries: ti.maxTries + 1,
  };
  const { dagId, runId, taskId, mapIndex, ...patch } = ended;
  if (!(await tx.taskInstances.update(ti, patch, ['running', 'restarting']))) return null;
  await tx.taskInstances.recordTry({ ...ended, state: 'failed' });
  return 'interrupted';
}
