/**
 * Which state a folded grid cell shows (a mapped task's instances, a collapsed
 * group's members): the first of STATE_PRIORITY any of them is in, as
 * Airflow's `state_priority` for the grid (null = no state yet). The web UI
 * imports this list too (as `@updraft/grid-state`): keep this file pure.
 */
import type { TaskInstanceStateOrNone } from './states.js';

export const STATE_PRIORITY: readonly TaskInstanceStateOrNone[] = [
  'failed',
  'upstream_failed',
  'up_for_retry',
  'up_for_reschedule',
  'queued',
  'scheduled',
  'deferred',
  'running',
  'restarting',
  null,
  'success',
  'skipped',
  'removed',
];

/** The most telling of `states` (null: none has a state yet). */
export function foldGridState(states: readonly TaskInstanceStateOrNone[]): TaskInstanceStateOrNone {
  for (const state of STATE_PRIORITY) if (states.includes(state)) return state;
  return null;
}
