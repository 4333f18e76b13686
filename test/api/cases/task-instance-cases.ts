/**
 * Conformance cases for task instances (list, batch, get, mapped, patch, dry
 * runs, dependencies, tries, logs, clear), XCom entries, and the DAG extras
 * (sources, stats, versions, warnings). Data: `../task-instance-seed.ts`.
 */
import { encodeLogToken } from '../../../src/services/task-logs.js';
import { SEEDED, type ApiFixture } from '../api-fixture.js';
import { TI_SEEDED } from '../task-instance-seed.js';
import type { Case } from './core-cases.js';

const etl = `/api/v2/dags/${SEEDED.dag}/dagRuns/${encodeURIComponent(TI_SEEDED.etlRun)}/taskInstances`;
const mapped = `/api/v2/dags/${TI_SEEDED.mappedDag}/dagRuns/${encodeURIComponent(TI_SEEDED.mappedRun)}/taskInstances`;
const xcoms = `${etl}/extract/xcomEntries`;
const viewer = (f: ApiFixture) => f.tokens.Viewer;

export const TASK_INSTANCE_CASES: readonly Case[] = [
  // list and batch
  { name: 'task instances of a run', method: 'GET', path: `${etl}?state=success&state=none&order_by=-start_date&limit=10`, status: 200 },
  { name: 'task instances of a run, store-paged', method: 'GET', path: `${etl}?task_id=extract`, token: viewer, status: 200 },
  { name: 'task instances of every run', method: 'GET', path: '/api/v2/dags/~/dagRuns/~/taskInstances?dag_id_pattern=api_&duration_gte=1&pool=default_pool&map_index=0&map_index=1&version_number=2&logical_date_gte=2025-01-01T00:00:00Z&order_by=map_index&order_by=-try_number', status: 200 },
  { name: 'task instances of an unknown run', method: 'GET', path: `/api/v2/dags/${SEEDED.dag}/dagRuns/nope/taskInstances`, status: 404 },
  { name: 'task instances of a run without a DAG', method: 'GET', path: '/api/v2/dags/~/dagRuns/some_run/taskInstances', status: 400 },
  { name: 'task instances in an unknown state', method: 'GET', path: `${etl}?state=sleeping`, status: 422 },
  { name: 'task instances by update time (unsupported)', method: 'GET', path: `${etl}?updated_at_gte=2025-01-01T00:00:00Z`, status: 422 },
  { name: 'task instances by an unknown order', method: 'GET', path: `${etl}?order_by=color`, status: 422 },
  { name: 'batch list of task instances', method: 'POST', path: '/api/v2/dags/~/dagRuns/~/taskInstances/list', body: { dag_ids: [TI_SEEDED.mappedDag], state: ['success', 'failed', null], order_by: '-map_index', page_limit: 5 }, status: 200 },
  { name: 'batch list with an unknown field', method: 'POST', path: '/api/v2/dags/~/dagRuns/~/taskInstances/list', body: { dag_id: 'x' }, status: 422 },
  { name: 'batch list of an unknown DAG', method: 'POST', path: '/api/v2/dags/nope/dagRuns/~/taskInstances/list', body: {}, status: 404 },
  // one task instance
  { name: 'a task instance', method: 'GET', path: `${etl}/extract`, status: 200 },
  { name: 'an unknown task instance', method: 'GET', path: `${etl}/nope`, status: 404 },
  { name: 'a mapped task instance', method: 'GET', path: `${mapped}/fan/1`, status: 200 },
  { name: 'a map index that does not exist', method: 'GET', path: `${mapped}/fan/7`, status: 404 },
  { name: 'a map index that is not a number', method: 'GET', path: `${mapped}/fan/x`, status: 422 },
  { name: 'the mapped instances of a task', method: 'GET', path: `${mapped}/fan/listMapped?order_by=-map_index`, status: 200 },
  { name: 'the mapped instances of a task that is not mapped', method: 'GET', path: `${etl}/extract/listMapped`, status: 404 },
  // dependencies, tries, logs
  { name: 'dependencies of a waiting instance', method: 'GET', path: `${mapped}/after/dependencies`, status: 200 },
  { name: 'a deferred instance with its trigger', method: 'GET', path: `${mapped}/sense`, status: 200 },
  { name: 'dependencies of an unknown instance', method: 'GET', path: `${etl}/nope/dependencies`, status: 404 },
  { name: 'dependencies by map index', method: 'GET', path: `${mapped}/fan/0/dependencies`, status: 200 },
  { name: 'dependencies of an unknown map index', method: 'GET', path: `${mapped}/fan/9/dependencies`, status: 404 },
  { name: 'tries', method: 'GET', path: `${etl}/extract/tries`, status: 200 },
  { name: 'tries of an unknown instance', method: 'GET', path: `${etl}/nope/tries`, status: 404 },
  { name: 'tries by map index', method: 'GET', path: `${mapped}/fan/1/tries`, status: 200 },
  { name: 'tries of an unknown map index', method: 'GET', path: `${mapped}/fan/9/tries`, status: 404 },
  { name: 'one try', method: 'GET', path: `${etl}/extract/tries/1`, status: 200 },
  { name: 'a try that did not happen', method: 'GET', path: `${etl}/extract/tries/5`, status: 404 },
  { name: 'one try by map index', method: 'GET', path: `${mapped}/fan/1/tries/1`, status: 200 },
  { name: 'a try by map index that did not happen', method: 'GET', path: `${mapped}/fan/1/tries/9`, status: 404 },
  { name: 'a log', method: 'GET', path: `${etl}/extract/logs/1`, status: 200 },
  { name: 'a log from a continuation token', method: 'GET', path: `${etl}/extract/logs/1?token=${encodeLogToken(Buffer.byteLength(`${TI_SEEDED.logLines[0]}\n`))}`, status: 200 },
  { name: 'a whole log', method: 'GET', path: `${etl}/extract/logs/1?full_content=true`, token: viewer, status: 200 },
  { name: 'a log with a forged token', method: 'GET', path: `${etl}/extract/logs/1?token=not-a-token`, status: 422 },
  { name: 'the log of a try that did not happen', method: 'GET', path: `${etl}/extract/logs/3`, status: 404 },
  // xcom (before any clear: clearing drops a task's XComs)
  { name: 'XComs of a task instance', method: 'GET', path: xcoms, status: 200 },
  { name: 'XComs of every DAG, run and task', method: 'GET', path: '/api/v2/dags/~/dagRuns/~/taskInstances/~/xcomEntries?xcom_key_pattern=return&limit=5', status: 200 },
  { name: 'XComs of an unknown run', method: 'GET', path: `/api/v2/dags/${SEEDED.dag}/dagRuns/nope/taskInstances/extract/xcomEntries`, status: 404 },
  { name: 'an XCom', method: 'GET', path: `${xcoms}/return_value`, status: 200 },
  { name: 'an XCom as a string', method: 'GET', path: `${xcoms}/return_value?stringify=true&deserialize=true`, status: 200 },
  { name: 'an unknown XCom', method: 'GET', path: `${xcoms}/nope`, status: 404 },
  { name: 'an XCom with a bad map index', method: 'GET', path: `${xcoms}/return_value?map_index=x`, status: 422 },
  { name: 'create an XCom', method: 'POST', path: xcoms, body: { key: 'checked', value: [1, 2] }, status: 201 },
  { name: 'create it again', method: 'POST', path: xcoms, body: { key: 'checked', value: 3 }, status: 400 },
  { name: 'create an XCom for an unknown task', method: 'POST', path: `${etl}/nope/xcomEntries`, body: { key: 'k', value: 1 }, status: 404 },
  { name: 'create an XCom without a key', method: 'POST', path: xcoms, body: { value: 1 }, status: 422 },
  { name: 'create an XCom as a Viewer', method: 'POST', path: xcoms, body: { key: 'k', value: 1 }, token: viewer, status: 403 },
  { name: 'update an XCom', method: 'PATCH', path: `${xcoms}/checked`, body: { value: { ok: true } }, status: 200 },
  { name: 'update an unknown XCom', method: 'PATCH', path: `${xcoms}/nope`, body: { value: 1 }, status: 404 },
  { name: 'update an XCom with an unknown field', method: 'PATCH', path: `${xcoms}/checked`, body: { value: 1, key: 'x' }, status: 422 },
  // patch (mark, note) and dry runs
  { name: 'mark failed, dry run', method: 'PATCH', path: `${etl}/extract/dry_run`, body: { new_state: 'failed', include_downstream: true }, status: 200 },
  { name: 'mark with the future, dry run (unsupported)', method: 'PATCH', path: `${etl}/extract/dry_run`, body: { new_state: 'failed', include_future: true }, status: 400 },
  { name: 'mark a map index success, dry run', method: 'PATCH', path: `${mapped}/fan/1/dry_run`, body: { new_state: 'success' }, status: 200 },
  { name: 'mark an unknown map index, dry run', method: 'PATCH', path: `${mapped}/fan/9/dry_run`, body: { new_state: 'success' }, status: 404 },
  { name: 'note a task instance', method: 'PATCH', path: `${etl}/extract`, body: { note: 'looked at it' }, status: 200 },
  { name: 'mark skipped with an update mask', method: 'PATCH', path: `${mapped}/after?update_mask=new_state`, body: { new_state: 'skipped', note: 'ignored' }, status: 200 },
  { name: 'mark a state that cannot be set', method: 'PATCH', path: `${etl}/extract`, body: { new_state: 'running' }, status: 422 },
  { name: 'patch with a bad update mask', method: 'PATCH', path: `${etl}/extract?update_mask=pool`, body: { note: 'x' }, status: 400 },
  { name: 'patch an unknown task instance', method: 'PATCH', path: `${etl}/nope`, body: { note: 'x' }, status: 404 },
  { name: 'patch as a Viewer', method: 'PATCH', path: `${etl}/extract`, body: { note: 'x' }, token: viewer, status: 403 },
  { name: 'mark a map index success', method: 'PATCH', path: `${mapped}/fan/1`, body: { new_state: 'success' }, status: 200 },
  { name: 'mark an unknown map index', method: 'PATCH', path: `${mapped}/fan/9`, body: { new_state: 'success' }, status: 404 },
  // clear
  { name: 'clear task instances, dry run', method: 'POST', path: `/api/v2/dags/${SEEDED.dag}/clearTaskInstances`, body: { dag_run_id: TI_SEEDED.etlRun, task_ids: ['extract'], only_failed: false, include_downstream: true }, status: 200 },
  { name: 'clear task instances', method: 'POST', path: `/api/v2/dags/${TI_SEEDED.mappedDag}/clearTaskInstances`, body: { dry_run: false, task_ids: ['fan'], only_failed: false, start_date: '2025-01-01T00:00:00Z' }, status: 200 },
  { name: 'clear task instances of an unknown DAG', method: 'POST', path: '/api/v2/dags/nope/clearTaskInstances', body: {}, status: 404 },
  { name: 'clear task instances of an unknown run', method: 'POST', path: `/api/v2/dags/${SEEDED.dag}/clearTaskInstances`, body: { dag_run_id: 'nope' }, status: 404 },
  { name: 'clear single map indexes (unsupported)', method: 'POST', path: `/api/v2/dags/${SEEDED.dag}/clearTaskInstances`, body: { task_ids: [['fan', 0]] }, status: 422 },
  // DAG sources, stats, versions, warnings
  { name: 'a DAG source', method: 'GET', path: `/api/v2/dagSources/${TI_SEEDED.mappedDag}`, status: 200 },
  { name: 'a DAG source at a version', method: 'GET', path: `/api/v2/dagSources/${TI_SEEDED.mappedDag}?version_number=1`, token: viewer, status: 200 },
  { name: 'the source of an unknown DAG', method: 'GET', path: '/api/v2/dagSources/nope', status: 404 },
  { name: 'a DAG source at an unknown version', method: 'GET', path: `/api/v2/dagSources/${TI_SEEDED.mappedDag}?version_number=9`, status: 404 },
  { name: 'DAG stats', method: 'GET', path: `/api/v2/dagStats?dag_ids=${SEEDED.dag}&dag_ids=${TI_SEEDED.mappedDag}`, status: 200 },
  { name: 'DAG stats of every DAG', method: 'GET', path: '/api/v2/dagStats', status: 200 },
  { name: 'DAG stats without a token', method: 'GET', path: '/api/v2/dagStats', token: null, status: 401 },
  { name: 'DAG versions', method: 'GET', path: `/api/v2/dags/${TI_SEEDED.mappedDag}/dagVersions?order_by=-version_number`, status: 200 },
  { name: 'DAG versions of every DAG', method: 'GET', path: '/api/v2/dags/~/dagVersions?version_number=1&bundle_name=dags-folder&limit=5', status: 200 },
  { name: 'DAG versions of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/dagVersions', status: 404 },
  { name: 'DAG versions by an unknown order', method: 'GET', path: `/api/v2/dags/${TI_SEEDED.mappedDag}/dagVersions?order_by=color`, status: 422 },
  { name: 'a DAG version', method: 'GET', path: `/api/v2/dags/${TI_SEEDED.mappedDag}/dagVersions/2`, status: 200 },
  { name: 'an unknown DAG version', method: 'GET', path: `/api/v2/dags/${TI_SEEDED.mappedDag}/dagVersions/9`, status: 404 },
  { name: 'DAG warnings', method: 'GET', path: '/api/v2/dagWarnings?dag_id=x&order_by=-timestamp', status: 200 },
  { name: 'DAG warnings of an unknown type', method: 'GET', path: '/api/v2/dagWarnings?warning_type=bad', status: 422 },
];
