/**
 * Tries that run on remote workers (the queue executor) are not watched by a
 * process of ours, so the scheduler checks on them from the database, as
 * Airflow does for its Celery tasks:
 *
 * - a running try whose heartbeat stopped (its worker was killed, lost its
 *   network, ran out of memory) fails after `task_heartbeat_timeout`, and is
 *   retried per its retries, like any failed try;
 * - a queued try older than `task_queued_timeout` that no job will run any
 *   more (Redis restarted without persistence or was away when it was queued;
 *   a worker took the job and died before starting it) goes back to
 *   `scheduled` with its try number, and is queued again.
 *
 * Both writes are compare-and-set: a try that a worker reports meanwhile is
 * left as the worker reported it.
 */
import type { DagSpec } from '../core/dag-spec.js';
import { taskInstanceKeyText, type TaskInstance, type TaskInstanceKey } from '../core/run-model.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { Store } from '../store/store.js';
import { recordTaskFinished } from './record-task-event.js';

/** What the check needs from the queue executor: which queued tries no job will run any more. */
export interface JobFinder {
  lostJobs(tries: readonly { readonly key: TaskInstanceKey; readonly tryNumber: number; readonly queue: string }[]): Promise<TaskInstanceKey[]>;
}

export interface RemoteTryLimits {
  readonly executorName: string;
  readonly heartbeatTimeoutMs: number;
  readonly queuedTimeoutMs: number;
}

export interface RemoteTriesChecked {
  /** Tries failed for a silent worker: their runs need a plan, their task callbacks a process. */
  readonly failed: { readonly ti: TaskInstance; readonly outcome: AttemptOutcome }[];
  readonly requeued: TaskInstance[];
  readonly messages: string[];
}

export async function checkRemoteTries(
  tx: Store,
  jobs: JobFinder,
  specOf: (ti: TaskInstance) => Promise<DagSpec>,
  limits: RemoteTryLimits,
  now: Date,
): Promise<RemoteTriesChecked> {
  const checked: RemoteTriesChecked = { failed: [], requeued: [], messages: [] };
  const running = (await tx.taskInstances.list({ states: ['running'] })).items.filter((ti) => ti.executor === limits.executorName);
  for (const ti of running) {
    const lastSign = ti.lastHeartbeatAt ?? ti.startDate;
    if (lastSign === null || now.getTime() - lastSign.getTime() <= limits.heartbeatTimeoutMs) continue;
    const seconds = Math.round(limits.heartbeatTimeoutMs / 1000);
    const reason = `the worker running it (${ti.hostname ?? 'unknown host'}) stopped heartbeating: no sign since ${lastSign.toISOString()}, more than scheduler.task_heartbeat_timeout (${seconds} s)`;
    const outcome: AttemptOutcome = { state: 'failed', reason, timedOut: false };
    const recorded = await recordTaskFinished(tx, await specOf(ti), { kind: 'finished', key: ti, tryNumber: ti.tryNumber, outcome, at: now }, ti);
    if (recorded.recorded) {
      checked.failed.push({ ti: recorded.ti, outcome });
      checked.messages.push(`${describe(ti)}: ${reason}; now ${recorded.ti.state}`);
    }
  }
  const waiting = (await tx.taskInstances.list({ states: ['queued'] })).items.filter(
    (ti) => ti.queuedAt !== null && now.getTime() - ti.queuedAt.getTime() > limits.queuedTimeoutMs,
  );
  if (waiting.length === 0) return checked;
  const lost = new Set((await jobs.lostJobs(waiting.map((ti) => ({ key: ti, tryNumber: ti.tryNumber, queue: ti.queue })))).map(taskInstanceKeyText));
  for (const ti of waiting) {
    if (!lost.has(taskInstanceKeyText(ti))) continue;
    if (await tx.taskInstances.update(ti, { state: 'scheduled', tryNumber: Math.max(0, ti.tryNumber - 1), queuedAt: null }, 'queued')) {
      checked.requeued.push(ti);
    }
  }
  if (checked.requeued.length > 0) checked.messages.push(`queued again (no job in Redis would run them): ${checked.requeued.map(describe).join(', ')}`);
  return checked;
}

function describe(ti: TaskInstance): string {
  return `${ti.dagId}.${ti.taskId}${ti.mapIndex >= 0 ? `[${ti.mapIndex}]` : ''} (run ${ti.runId}, try ${ti.tryNumber})`;
}
