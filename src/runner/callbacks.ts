/**
 * Runs task and DAG callbacks. A callback that throws is logged and otherwise
 * ignored, as in Airflow: a broken alert must not change a task's outcome.
 */
import type { TaskInstance } from '../core/run-model.js';
import { failureOutcome } from '../core/ti-state-machine.js';
import type { CallbackContext, Callback, ConnectionAccess, TaskLogger } from '../sdk/context.js';
import type { Dag } from '../sdk/dag.js';
import { sendTaskEmailAlert } from './email-alert.js';
import type { AttemptOutcome } from './run-task-attempt.js';

export async function invokeCallback(
  name: string,
  callback: Callback | null,
  context: CallbackContext,
  log: TaskLogger,
): Promise<void> {
  if (callback === null) return;
  try {
    await callback(context);
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    log.error(`${name} callback failed (the outcome is unchanged): ${err.message}`, err);
  }
}

/**
 * The callback a finished try calls, as Airflow does after a try: `onSuccess`,
 * `onSkipped`, `onRetry` when a retry is left, else `onFailure`; then the
 * task's email alert (`email` with emailOnRetry / emailOnFailure). It runs where
 * the try ran (the task's own process), so a slow or broken callback never
 * touches the scheduler.
 */
export async function runTaskCallback(input: {
  readonly dag: Dag;
  readonly ti: TaskInstance;
  readonly outcome: AttemptOutcome;
  readonly logicalDate: Date | null;
  readonly log: TaskLogger;
  readonly connections: ConnectionAccess;
}): Promise<void> {
  const { ti, outcome } = input;
  // A sensor pausing (rescheduled or deferred) has not finished its try: no callback yet.
  if (outcome.state === 'up_for_reschedule' || outcome.state === 'deferred') return;
  const state = outcome.state === 'failed' ? failureOutcome({ tryNumber: ti.tryNumber, maxTries: ti.maxTries, forceFail: outcome.noRetry === true }) : outcome.state;
  const which = state === 'success' ? 'onSuccess' : state === 'skipped' ? 'onSkipped' : state === 'up_for_retry' ? 'onRetry' : 'onFailure';
  const runtime = input.dag.runtime.tasks.get(ti.taskId);
  const callback = runtime?.callbacks[which] ?? null;
  await invokeCallback(
    which,
    callback,
    {
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      tryNumber: ti.tryNumber,
      state,
      reason: outcome.state === 'success' ? null : outcome.reason,
      logicalDate: input.logicalDate,
      log: input.log,
      connections: input.connections,
    },
    input.log,
  );
  if (runtime?.email && (state === 'failed' || state === 'up_for_retry')) {
    const reason = outcome.state === 'success' ? null : outcome.reason;
    await sendTaskEmailAlert({ ti, tryNumber: ti.tryNumber, state, reason, email: runtime.email, log: input.log, connections: input.connections });
  }
}
