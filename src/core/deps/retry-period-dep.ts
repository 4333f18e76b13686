/**
 * Airflow's NotInRetryPeriodDep and ReadyToRescheduleDep: an instance waiting to retry
 * may go once `now` is past its next-try time (strictly, as Airflow's
 * `ready_for_retry`); a rescheduled sensor once `now` has reached it.
 */
import type { TaskInstanceStateOrNone } from '../states.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const RETRY_PERIOD_DEP = 'Not In Retry Period';

export interface RetryPeriodDepInput {
  readonly state: TaskInstanceStateOrNone;
  readonly nextRetryAt: Date | null;
  readonly now: Date;
  /** Airflow's `ignore_in_retry_period` (the deadlock check counts waiting retries as runnable). */
  readonly ignoreRetryPeriod?: boolean;
}

export function retryPeriodDep(input: RetryPeriodDepInput): DepStatus {
  if (input.ignoreRetryPeriod) return pass(RETRY_PERIOD_DEP, 'retry period ignored for this check');
  const { state, nextRetryAt, now } = input;
  if (state !== 'up_for_retry' && state !== 'up_for_reschedule') {
    return pass(RETRY_PERIOD_DEP, 'task instance is not waiting to retry or reschedule');
  }
  if (nextRetryAt === null) return pass(RETRY_PERIOD_DEP, `task instance is ${state} with no wait time set`);
  const ready = state === 'up_for_retry' ? now.getTime() > nextRetryAt.getTime() : now.getTime() >= nextRetryAt.getTime();
  const what = state === 'up_for_retry' ? 'retry' : 'reschedule';
  if (ready) return pass(RETRY_PERIOD_DEP, `ready to ${what}: next try was due at ${nextRetryAt.toISOString()}`);
  return fail(
    RETRY_PERIOD_DEP,
    `waiting to ${what}: next try at ${nextRetryAt.toISOString()} (now ${now.toISOString()})`,
  );
}
