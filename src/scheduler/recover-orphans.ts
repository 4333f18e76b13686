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
 * are the business of heartbeats.
 */
import type { TaskInstance } from '../core/run-model.js';
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
      if (ti.state === 'queued') {
        if (await tx.taskInstances.update(ti, { state: 'scheduled', tryNumber: Math.max(0, ti.tryNumber - 1), queuedAt: null }, 'queued')) requeued += 1;
        continue;
      }
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
      if (await tx.taskInstances.update(ti, patch, ['running', 'restarting'])) {
        await tx.taskInstances.recordTry({ ...ended, state: 'failed' });
        interrupted += 1;
      }
    }
  });
  return { requeued, interrupted };
}
