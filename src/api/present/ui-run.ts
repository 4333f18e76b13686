/** The run fields the DAG page's grid and timeline bodies start with (ids, state, dates), in their order. */
import type { DagRun } from '../../core/run-model.js';
import { iso } from './json-values.js';

export function uiRunHead(run: DagRun) {
  return {
    dag_run_id: run.runId,
    state: run.state,
    run_type: run.runType,
    logical_date: iso(run.logicalDate),
    run_after: run.runAfter.toISOString(),
    queued_at: iso(run.queuedAt),
    start_date: iso(run.startDate),
    end_date: iso(run.endDate),
  };
}
