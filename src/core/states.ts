/**
 * State names, exactly Airflow's, so that API clients, dashboards and people
 * moving from Airflow read them without translation.
 *
 * A task instance with no state yet is `null` ("none" in Airflow's UI).
 * Transitions between them live in `ti-state-machine.ts` and
 * `dag-run-state.ts`; this file only names the states and their groups.
 */

export const TASK_INSTANCE_STATES = [
  'scheduled',
  'queued',
  'running',
  'success',
  'restarting',
  'failed',
  'up_for_retry',
  'up_for_reschedule',
  'upstream_failed',
  'skipped',
  'removed',
  'deferred',
] as const;

export type TaskInstanceState = (typeof TASK_INSTANCE_STATES)[number];

/** A task instance's state, `null` before the scheduler first looks at it. */
export type TaskInstanceStateOrNone = TaskInstanceState | null;

export const DAG_RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
export type DagRunState = (typeof DAG_RUN_STATES)[number];

/** States after which a try will not change again (Airflow's `State.finished`). */
export const FINISHED_TI_STATES: ReadonlySet<TaskInstanceState> = new Set([
  'success',
  'failed',
  'skipped',
  'upstream_failed',
  'removed',
]);

/** States a task instance is in while something is (or will soon be) working on it (`State.unfinished`). */
export const UNFINISHED_TI_STATES: ReadonlySet<TaskInstanceStateOrNone> = new Set([
  null,
  'scheduled',
  'queued',
  'running',
  'up_for_retry',
  'up_for_reschedule',
  'restarting',
  'deferred',
]);

/** Outcomes that count as failure for callbacks and for the run's final state. */
export const FAILED_TI_STATES: ReadonlySet<TaskInstanceState> = new Set(['failed', 'upstream_failed']);

/** Outcomes that count as success (`State.success_states`). */
export const SUCCESS_TI_STATES: ReadonlySet<TaskInstanceState> = new Set(['success', 'skipped']);

export const FINISHED_DAG_RUN_STATES: ReadonlySet<DagRunState> = new Set(['success', 'failed']);

export function isFinished(state: TaskInstanceStateOrNone): state is TaskInstanceState {
  return state !== null && FINISHED_TI_STATES.has(state);
}

export function isTaskInstanceState(value: unknown): value is TaskInstanceState {
  return typeof value === 'string' && (TASK_INSTANCE_STATES as readonly string[]).includes(value);
}

export function isDagRunState(value: unknown): value is DagRunState {
  return typeof value === 'string' && (DAG_RUN_STATES as readonly string[]).includes(value);
}
