/** DAG runs: list, batch list, trigger, get, patch, delete, clear, and wait (a stream). */
import { seg, type Transport } from '../transport.js';
import type { ListQuery } from './list-query.js';
import type {
  DagRun,
  DagRunClearBody,
  DagRunCollection,
  DagRunPatch,
  DagRunsBatchBody,
  DagRunWaitLine,
  TaskInstanceCollection,
  TriggerDagRunBody,
} from '../types.js';

export interface DagRunListQuery extends ListQuery {
  readonly state?: readonly string[];
  readonly run_type?: readonly string[];
  readonly logical_date_gte?: string;
  readonly logical_date_lte?: string;
  readonly run_after_gte?: string;
  readonly run_after_lte?: string;
  readonly start_date_gte?: string;
  readonly start_date_lte?: string;
}

const runPath = (dagId: string, runId: string) => `/api/v2/dags/${seg(dagId)}/dagRuns/${seg(runId)}`;

export function dagRunsApi(t: Transport) {
  return {
    /** `dagId` `~` lists the runs of every DAG. */
    list: (dagId: string, query?: DagRunListQuery) => t.json<DagRunCollection>('GET', `/api/v2/dags/${seg(dagId)}/dagRuns`, { query }),
    listBatch: (body: DagRunsBatchBody) => t.json<DagRunCollection>('POST', '/api/v2/dags/~/dagRuns/list', { body }),
    trigger: (dagId: string, body: TriggerDagRunBody = {}) => t.json<DagRun>('POST', `/api/v2/dags/${seg(dagId)}/dagRuns`, { body }),
    get: (dagId: string, runId: string) => t.json<DagRun>('GET', runPath(dagId, runId)),
    patch: (dagId: string, runId: string, body: DagRunPatch, updateMask?: readonly string[]) =>
      t.json<DagRun>('PATCH', runPath(dagId, runId), { body, query: { update_mask: updateMask } }),
    delete: (dagId: string, runId: string) => t.json<void>('DELETE', runPath(dagId, runId)),
    /** With `dry_run` (the default, as in Airflow) the task instances that would be cleared; else the run. */
    clear: (dagId: string, runId: string, body: DagRunClearBody) => t.json<TaskInstanceCollection | DagRun>('POST', `${runPath(dagId, runId)}/clear`, { body }),
    /**
     * The run's state every `intervalSec` seconds until it has ended; the last
     * line carries the return values of the `results` tasks.
     */
    wait: (dagId: string, runId: string, options: { readonly intervalSec?: number; readonly results?: readonly string[]; readonly signal?: AbortSignal } = {}) =>
      t.lines<DagRunWaitLine>('GET', `${runPath(dagId, runId)}/wait`, {
        query: { interval: options.intervalSec ?? 1, result: options.results },
        signal: options.signal,
      }),
  };
}
