/**
 * Conformance cases for the DAG, task, tag and DAG-run routes. A case calls one
 * route and says the status it must answer; the suite checks the response
 * against Airflow's spec. Cases run in order, files in the order of `index.ts`.
 */
import { SEEDED, type ApiFixture } from '../api-fixture.js';

export interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: string;
  /** `null`: no token; a function: a token from the fixture. */
  readonly token?: null | ((f: ApiFixture) => string);
  readonly status: number;
}

const dag = SEEDED.dag;
const runs = `/api/v2/dags/${dag}/dagRuns`;
const run = `${runs}/${encodeURIComponent(SEEDED.run)}`;
const failedRun = `${runs}/${encodeURIComponent(SEEDED.failedRun)}`;
const viewer = (f: ApiFixture) => f.tokens.Viewer;
const nobody = (f: ApiFixture) => f.token();

/** In order: later cases see what earlier ones changed (a trigger, a delete). */
export const CORE_CASES: readonly Case[] = [
  { name: 'version', method: 'GET', path: '/api/v2/version', token: null, status: 200 },
  { name: 'health', method: 'GET', path: '/api/v2/monitor/health', token: null, status: 200 },
  // dags
  { name: 'list DAGs', method: 'GET', path: '/api/v2/dags', status: 200 },
  { name: 'list DAGs with filters', method: 'GET', path: '/api/v2/dags?dag_id_pattern=api_&tags=etl&tags=report&tags_match_mode=any&paused=false&limit=1&offset=0&order_by=-dag_id', status: 200 },
  { name: 'list DAGs with stale ones', method: 'GET', path: '/api/v2/dags?exclude_stale=false&order_by=next_dagrun', status: 200 },
  { name: 'list DAGs without a token', method: 'GET', path: '/api/v2/dags', token: null, status: 401 },
  { name: 'list DAGs with no role', method: 'GET', path: '/api/v2/dags', token: nobody, status: 403 },
  { name: 'list DAGs with a negative limit', method: 'GET', path: '/api/v2/dags?limit=-1', status: 422 },
  { name: 'list DAGs by an unknown order', method: 'GET', path: '/api/v2/dags?order_by=nope', status: 422 },
  { name: 'list DAGs with a bad boolean', method: 'GET', path: '/api/v2/dags?paused=maybe', status: 422 },
  { name: 'get a DAG', method: 'GET', path: `/api/v2/dags/${dag}`, status: 200 },
  { name: 'get an unknown DAG', method: 'GET', path: '/api/v2/dags/nope', status: 404 },
  { name: 'get a DAG with an expired token', method: 'GET', path: `/api/v2/dags/${dag}`, token: (f) => f.token('admin', -60), status: 401 },
  { name: 'DAG details', method: 'GET', path: `/api/v2/dags/${dag}/details`, status: 200 },
  { name: 'details of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/details', status: 404 },
  { name: 'pause a DAG', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: true }, status: 200 },
  { name: 'unpause a DAG with an update mask', method: 'PATCH', path: `/api/v2/dags/${dag}?update_mask=is_paused`, body: { is_paused: false }, status: 200 },
  { name: 'patch a DAG with a bad update mask', method: 'PATCH', path: `/api/v2/dags/${dag}?update_mask=owners`, body: { is_paused: false }, status: 400 },
  { name: 'patch a DAG with an unknown field', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: false, owners: [] }, status: 422 },
  { name: 'patch a DAG with malformed JSON', method: 'PATCH', path: `/api/v2/dags/${dag}`, raw: '{"is_paused": tru', status: 422 },
  { name: 'patch an unknown DAG', method: 'PATCH', path: '/api/v2/dags/nope', body: { is_paused: true }, status: 404 },
  { name: 'patch a DAG as a Viewer', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: true }, token: viewer, status: 403 },
  { name: 'bulk pause', method: 'PATCH', path: '/api/v2/dags?dag_id_pattern=api_paused', body: { is_paused: true }, status: 200 },
  { name: 'bulk pause with a bad update mask', method: 'PATCH', path: '/api/v2/dags?update_mask=tags', body: { is_paused: true }, status: 400 },
  { name: 'bulk pause without a body field', method: 'PATCH', path: '/api/v2/dags', body: {}, status: 422 },
  // tasks and tags
  { name: 'tasks', method: 'GET', path: `/api/v2/dags/${dag}/tasks`, status: 200 },
  { name: 'tasks by priority, descending', method: 'GET', path: `/api/v2/dags/${dag}/tasks?order_by=-priority_weight`, status: 200 },
  { name: 'tasks by an unknown order', method: 'GET', path: `/api/v2/dags/${dag}/tasks?order_by=color`, status: 422 },
  { name: 'tasks of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/tasks', status: 404 },
  { name: 'a task', method: 'GET', path: `/api/v2/dags/${dag}/tasks/extract`, status: 200 },
  { name: 'an unknown task', method: 'GET', path: `/api/v2/dags/${dag}/tasks/nope`, status: 404 },
  { name: 'tags', method: 'GET', path: '/api/v2/dagTags?tag_name_pattern=e&order_by=-name&limit=2', status: 200 },
  { name: 'tags with a bad offset', method: 'GET', path: '/api/v2/dagTags?offset=x', status: 422 },
  { name: 'tags with no role', method: 'GET', path: '/api/v2/dagTags', token: nobody, status: 403 },
  // dag runs
  { name: 'runs of a DAG', method: 'GET', path: `${runs}?order_by=-logical_date&state=success&state=failed&run_type=manual&run_type=scheduled`, status: 200 },
  { name: 'runs of every DAG', method: 'GET', path: '/api/v2/dags/~/dagRuns?logical_date_gte=2025-01-01T00:00:00Z&run_after_lt=2030-01-01T00:00:00%2B00:00&limit=500', status: 200 },
  { name: 'runs of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/dagRuns', status: 404 },
  { name: 'runs with an unknown state', method: 'GET', path: `${runs}?state=sleeping`, status: 422 },
  { name: 'runs with a bad date', method: 'GET', path: `${runs}?start_date_gte=yesterday`, status: 422 },
  { name: 'batch list', method: 'POST', path: '/api/v2/dags/~/dagRuns/list', body: { dag_ids: [dag], states: ['success', null], order_by: '-run_after', page_limit: 10 }, status: 200 },
  { name: 'batch list with an unknown field', method: 'POST', path: '/api/v2/dags/~/dagRuns/list', body: { dag_id: dag }, status: 422 },
  { name: 'batch list for one DAG id', method: 'POST', path: `/api/v2/dags/${dag}/dagRuns/list`, body: {}, status: 422 },
  { name: 'trigger with conf', method: 'POST', path: runs, body: { dag_run_id: 'api_run_1', conf: { limit: 3 }, note: 'from the API' }, status: 200 },
  { name: 'trigger with a logical date and interval', method: 'POST', path: runs, body: { logical_date: '2025-03-01T00:00:00Z', data_interval_start: '2025-02-28T00:00:00Z', data_interval_end: '2025-03-01T00:00:00Z' }, status: 200 },
  { name: 'trigger with a duplicate run id', method: 'POST', path: runs, body: { dag_run_id: 'api_run_1' }, status: 409 },
  { name: 'trigger with conf that fails the params', method: 'POST', path: runs, body: { conf: { limit: 0 } }, status: 400 },
  { name: 'trigger with half an interval', method: 'POST', path: runs, body: { data_interval_start: '2025-02-28T00:00:00Z' }, status: 400 },
  { name: 'trigger with a conf that is not an object', method: 'POST', path: runs, body: { conf: [1, 2] }, status: 422 },
  { name: 'trigger with an unknown field', method: 'POST', path: runs, body: { execution_date: '2025-01-01' }, status: 422 },
  { name: 'trigger with malformed JSON', method: 'POST', path: runs, raw: '{', status: 422 },
  { name: 'trigger an unknown DAG', method: 'POST', path: '/api/v2/dags/nope/dagRuns', body: {}, status: 404 },
  { name: 'trigger as a Viewer', method: 'POST', path: runs, body: {}, token: viewer, status: 403 },
  { name: 'get a run', method: 'GET', path: run, status: 200 },
  { name: 'get a triggered run', method: 'GET', path: `${runs}/api_run_1`, status: 200 },
  { name: 'get an unknown run', method: 'GET', path: `${runs}/nope`, status: 404 },
  { name: 'note a run', method: 'PATCH', path: run, body: { note: 'checked' }, status: 200 },
  { name: 'mark a run failed', method: 'PATCH', path: `${runs}/api_run_1?update_mask=state`, body: { state: 'failed' }, status: 200 },
  { name: 'mark a run with a state it cannot be set to', method: 'PATCH', path: run, body: { state: 'running' }, status: 422 },
  { name: 'note too long', method: 'PATCH', path: run, body: { note: 'x'.repeat(1001) }, status: 422 },
  { name: 'patch with a bad update mask', method: 'PATCH', path: `${run}?update_mask=conf`, body: { note: 'x' }, status: 400 },
  { name: 'patch an unknown run', method: 'PATCH', path: `${runs}/nope`, body: { note: 'x' }, status: 404 },
  { name: 'clear, dry run', method: 'POST', path: `${failedRun}/clear`, body: { only_failed: true }, status: 200 },
  { name: 'clear', method: 'POST', path: `${failedRun}/clear`, body: { dry_run: false }, status: 200 },
  { name: 'clear an unknown run', method: 'POST', path: `${runs}/nope/clear`, body: {}, status: 404 },
  { name: 'clear with a wrong type', method: 'POST', path: `${failedRun}/clear`, body: { dry_run: 'yes' }, status: 422 },
  { name: 'wait for a finished run, with results', method: 'GET', path: `${run}/wait?interval=0.1&result=extract&result=load`, status: 200 },
  { name: 'wait for an unknown run', method: 'GET', path: `${runs}/nope/wait?interval=1`, status: 404 },
  { name: 'wait without an interval', method: 'GET', path: `${run}/wait`, status: 422 },
  { name: 'wait with a zero interval', method: 'GET', path: `${run}/wait?interval=0`, status: 422 },
  { name: 'wait with no role', method: 'GET', path: `${run}/wait?interval=1`, token: nobody, status: 403 },
  { name: 'delete a run', method: 'DELETE', path: `${runs}/api_run_1`, status: 204 },
  { name: 'delete it again', method: 'DELETE', path: `${runs}/api_run_1`, status: 404 },
  { name: 'delete a run as a Viewer', method: 'DELETE', path: run, token: viewer, status: 403 },
  { name: 'delete a DAG', method: 'DELETE', path: `/api/v2/dags/${SEEDED.pausedDag}`, status: 200 },
  { name: 'delete an unknown DAG', method: 'DELETE', path: '/api/v2/dags/nope', status: 404 },
];
