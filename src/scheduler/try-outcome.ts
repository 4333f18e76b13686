/**
 * What a try's outcome does to its task instance: the state it moves to
 * (success, skipped, up_for_retry at the back-off time, failed, or a sensor's
 * pause: up_for_reschedule / deferred), and whether the try is over. The
 * scheduler and `dags test` both record outcomes through this one function.
 */
import type { TaskSpec } from '../core/dag-spec.js';
import { nextRetryAt } from '../core/retry.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import { describeTrigger } from '../core/sensors/wait-state.js';
import { failureOutcome } from '../core/ti-state-machine.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';

export interface TryOutcomeInput {
  readonly ti: TaskInstance;
  /** Undefined when the task is no longer in the DAG (a retry then comes at once). */
  readonly task: TaskSpec | undefined;
  readonly run: DagRun;
  readonly outcome: AttemptOutcome;
  readonly endDate: Date;
}

export interface TryOutcome {
  /** The instance after the outcome. */
  readonly ti: TaskInstance;
  /** The try ended and goes to the history; false while a sensor pauses (it resumes the same try). */
  readonly tryEnded: boolean;
}

export function applyTryOutcome(input: TryOutcomeInput): TryOutcome {
  const { ti, task, run, endDate } = input;
  // A sensor cleared while it ran must not pause: its try is over and is retried (restarting).
  const outcome: AttemptOutcome =
    ti.state === 'restarting' && (input.outcome.state === 'up_for_reschedule' || input.outcome.state === 'deferred')
      ? { state: 'failed', reason: 'cleared while running: restarting', timedOut: false }
      : input.outcome;
  const startDate = ti.startDate ?? endDate;
  const ended = { startDate, endDate, durationMs: endDate.getTime() - startDate.getTime() };
  switch (outcome.state) {
    case 'up_for_reschedule':
      return {
        ti: { ...ti, ...ended, state: 'up_for_reschedule', nextRetryAt: new Date(outcome.rescheduleAt), waitState: outcome.waitState, stateReason: `rescheduled: next poke at ${outcome.rescheduleAt}` },
        tryEnded: false,
      };
    case 'deferred': {
      const waitState = outcome.waitState;
      const reason = waitState.kind === 'deferred' ? `deferred: waiting for ${describeTrigger(waitState.trigger)}` : 'deferred';
      return { ti: { ...ti, startDate, endDate: null, durationMs: null, state: 'deferred', nextRetryAt: null, waitState, stateReason: reason }, tryEnded: false };
    }
    case 'failed': {
      const restarting = ti.state === 'restarting';
      const state = failureOutcome({ tryNumber: ti.tryNumber, maxTries: ti.maxTries, restarting, forceFail: outcome.noRetry === true && !restarting });
      const retryAt =
        state !== 'up_for_retry'
          ? null
          : restarting || !task
            ? endDate
            : nextRetryAt({ task, tryNumber: ti.tryNumber, dagId: ti.dagId, taskId: ti.taskId, logicalDate: run.logicalDate, finishedAt: endDate });
      return { ti: { ...ti, ...ended, state, nextRetryAt: retryAt, waitState: null, stateReason: outcome.reason }, tryEnded: true };
    }
    case 'skipped':
      return { ti: { ...ti, ...ended, state: 'skipped', nextRetryAt: null, waitState: null, stateReason: outcome.reason }, tryEnded: true };
    case 'success':
      return { ti: { ...ti, ...ended, state: 'success', nextRetryAt: null, waitState: null, stateReason: null }, tryEnded: true };
  }
}
