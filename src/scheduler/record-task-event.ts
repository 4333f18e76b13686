/**
 * Records what an executor reports about a try. `started` moves the instance
 * to `running`; `finished` decides its state (try-outcome.ts: success, skipped,
 * up_for_retry at the back-off time, failed, or a sensor's up_for_reschedule /
 * deferred), keeps an ended try in the history and skips what
 * a branch or short-circuit ruled out, all in one transaction. Writes are
 * compare-and-set: a try the user marked or cleared meanwhile is not overwritten.
 */
import type { DagSpec } from '../core/dag-spec.js';
import { RETURN_VALUE_KEY, type DagRun, type TaskInstance } from '../core/run-model.js';
import type { ExecutorEvent } from '../executor/executor.js';
import type { Store } from '../store/store.js';
import { recordAssetEvents } from './record-asset-events.js';
import { applyTryOutcome } from './try-outcome.js';

export type RecordedOutcome =
  | { readonly recorded: false }
  | { readonly recorded: true; readonly ti: TaskInstance; readonly run: DagRun };

const LIVE_STATES = ['queued', 'running', 'restarting'] as const;

export async function recordTaskStarted(store: Store, event: Extract<ExecutorEvent, { kind: 'started' }>, executorName: string): Promise<boolean> {
  return store.taskInstances.update(
    event.key,
    { state: 'running', startDate: event.at, endDate: null, durationMs: null, hostname: event.hostname, pid: event.pid, executor: executorName, lastHeartbeatAt: event.at },
    'queued',
  );
}

/** `current` may be passed when the caller has just read the instance in the same transaction. */
export async function recordTaskFinished(
  store: Store,
  spec: DagSpec,
  event: Extract<ExecutorEvent, { kind: 'finished' }>,
  current?: TaskInstance,
): Promise<RecordedOutcome> {
  return store.transaction(async (tx) => {
    const ti = current ?? (await tx.taskInstances.get(event.key));
    const run = await tx.dagRuns.get(event.key);
    if (!ti || !run || ti.tryNumber !== event.tryNumber || !(LIVE_STATES as readonly string[]).includes(ti.state ?? '')) {
      return { recorded: false };
    }
    const task = spec.tasks.find((t) => t.taskId === ti.taskId);
    const { outcome } = event;
    const { ti: finished, tryEnded } = applyTryOutcome({ ti, task, run, outcome, endDate: event.at });
    const { dagId, runId, taskId, mapIndex, ...patch } = finished;
    if (!(await tx.taskInstances.update(event.key, patch, [...LIVE_STATES]))) return { recorded: false };
    if (tryEnded) await tx.taskInstances.recordTry(finished);
    if (outcome.state === 'success' && outcome.returnValue !== undefined) {
      await tx.xcom.set({ dagId, runId, taskId, mapIndex, key: RETURN_VALUE_KEY, value: outcome.returnValue, timestamp: event.at });
    }
    if (outcome.state === 'success') {
      await recordAssetEvents(tx, task, finished, event.at);
      for (const skipId of outcome.skipTaskIds) {
        for (const target of (await tx.taskInstances.list({ dagId, runId, taskId: skipId })).items) {
          await tx.taskInstances.update(target, { state: 'skipped', stateReason: `skipped by ${taskId}${mapIndex >= 0 ? `[${mapIndex}]` : ''}`, endDate: event.at }, [null, 'scheduled']);
        }
      }
    }
    return { recorded: true, ti: finished, run };
  });
}
