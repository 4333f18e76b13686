/**
 * The DAG's max_active_tasks. Counted per DAG run over running and queued instances,
 * as Airflow 3's scheduler admits them (its older DagTISlotsAvailableDep counted
 * running instances over the whole DAG).
 */
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const MAX_ACTIVE_TASKS_DEP = 'Task Instance Slots Available';

export function maxActiveTasksDep(input: {
  readonly dagId: string;
  readonly runId: string;
  readonly maxActiveTasks: number;
  readonly activeInRun: number;
}): DepStatus {
  const { dagId, runId, maxActiveTasks, activeInRun } = input;
  const detail = `${activeInRun} of ${maxActiveTasks} running or queued in run ${runId}`;
  if (activeInRun >= maxActiveTasks) return fail(MAX_ACTIVE_TASKS_DEP, `DAG ${dagId} is at max_active_tasks: ${detail}`);
  return pass(MAX_ACTIVE_TASKS_DEP, `DAG ${dagId} is below max_active_tasks: ${detail}`);
}
