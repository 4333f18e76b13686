/**
 * After a crash or `kill -9`, the store may hold tries that no process runs
 * any more. On start the scheduler settles them before anything else, so every
 * run carries on where it stood (Airflow's "adopt or reset orphaned tasks"):
 *
 * - `queued` (handed out, never started): back to `scheduled`, try number
 *   restored, so the same try starts again;
 * - `running` / `restarting` (its process died with the scheduler): the try
 *   ends as failed with the reason, kept in the history, and the instance is
 *   retried at once whatever its retries, because the task did not fail: its
 *   runner did (Airflow treats a try cleared while running the same way).
 *
 * Only instances of this executor kind are touched; a remote worker's tries
 * are the business of heartbeats. A graceful stop that has to kill tries past
 * its grace settles them the same way (`recordTaskInterrupted`).
 */
import type { TaskInstance } from '../core/run-model.js';
import type { ExecutorEvent } from '../executor/executor.js';
import type { Store } from '../store/store.js';

export interface RecoveredOrphans {
  readonly requeued: number;
  readonly interrupted: number;
}

export const INTERRUPTED_REASON = 'interrupted: the scheduler stopped while this try was running, so its process is gone; retrying';

export async function recoverOrphans(store: Store, executorName: string, now: Date): Promise<RecoveredOrphans> {
  const orphans = (await store.taskInstances.list({ states: ['queued', 'running', 'restarting'] })).items.filter(
    (ti) => ti.executor === null || ti.executor === executorName,
  );
  let requeued = 0;
  let interrupted = 0;
  await store.transaction(async (tx) => {
    for (const ti of orphans) {
      const settled = await settleInterruptedTry(tx, ti, now);
      if (settled === 'requeued') requeued += 1;
      if (settled === 'interrupted') interrupted += 1;
    }
  });
  return { requeued, interrupted };
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
    const requeued = await tx.taskInstances.update(ti, { state: 'scheduled', tryNumber: Math.max(0, ti.tryNumber - 1), queuedAt: null }, 'queued');
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
