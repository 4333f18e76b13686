/** Airflow's DagrunRunningDep: task instances only run while their DAG run is running. */
import type { DagRunState } from '../states.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const DAG_RUN_RUNNING_DEP = 'Dagrun Running';

export function dagRunRunningDep(input: { readonly runId: string; readonly state: DagRunState }): DepStatus {
  if (input.state === 'running') return pass(DAG_RUN_RUNNING_DEP, `DAG run ${input.runId} is running`);
  return fail(DAG_RUN_RUNNING_DEP, `DAG run ${input.runId} is ${input.state}, not running`);
}
