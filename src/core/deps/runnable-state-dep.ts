/**
 * Airflow's ValidStateDep as the scheduler uses it: only an instance in a schedulable
 * state (none, up_for_retry, up_for_reschedule) may be scheduled, and only a
 * `scheduled` one queued.
 */
import type { TaskInstanceStateOrNone } from '../states.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const RUNNABLE_STATE_DEP = 'Task Instance State';

/** Airflow's SCHEDULEABLE_STATES. */
export const SCHEDULABLE_STATES: ReadonlySet<TaskInstanceStateOrNone> = new Set([null, 'up_for_retry', 'up_for_reschedule']);
/** Airflow's QUEUEABLE_STATES. */
export const QUEUEABLE_STATES: ReadonlySet<TaskInstanceStateOrNone> = new Set(['scheduled']);

export function runnableStateDep(input: { readonly state: TaskInstanceStateOrNone }): DepStatus {
  const label = input.state ?? 'none';
  if (QUEUEABLE_STATES.has(input.state)) return pass(RUNNABLE_STATE_DEP, 'task instance is scheduled and can be queued');
  if (SCHEDULABLE_STATES.has(input.state)) {
    return pass(RUNNABLE_STATE_DEP, `task instance is ${label} and can be scheduled`);
  }
  return fail(
    RUNNABLE_STATE_DEP,
    `task instance is ${label}; only none, up_for_retry, up_for_reschedule or scheduled instances can be queued`,
  );
}
