/**
 * Conformance cases for variables, connections and pools (and, below, import
 * errors, event logs, jobs and backfills). Cases run in order: later ones see
 * what earlier ones created.
 */
import type { ApiFixture } from '../api-fixture.js';
import type { Case } from './core-cases.js';

const op = (f: ApiFixture) => f.tokens.Op;
const user = (f: ApiFixture) => f.tokens.User;
const viewer = (f: ApiFixture) => f.tokens.Viewer;

const VARIABLE_CASES: readonly Case[] = [
  { name: 'create a variable', method: 'POST', path: '/api/v2/variables', body: { key: 'api_var', value: 'hello', description: 'from the API' }, status: 201 },
  { name: 'create a JSON variable as Op', method: 'POST', path: '/api/v2/variables', token: op, body: { key: 'api_json', value: { rows: 3 } }, status: 201 },
  { name: 'create a secret variable', method: 'POST', path: '/api/v2/variables', body: { key: 'db_password', value: 'hunter2' }, status: 201 },
  { name: 'create a variable twice', method: 'POST', path: '/api/v2/variables', body: { key: 'api_var', value: 'again' }, status: 409 },
  { name: 'create a variable without a value', method: 'POST', path: '/api/v2/variables', body: { key: 'no_value' }, status: 422 },
  { name: 'create a variable as a User', method: 'POST', path: '/api/v2/variables', token: user, body: { key: 'x', value: 'y' }, status: 403 },
  { name: 'list variables', method: 'GET', path: '/api/v2/variables', status: 200 },
  { name: 'list variables by pattern, ordered, paged', method: 'GET', path: '/api/v2/variables?variable_key_pattern=api_%25%20|%20db&order_by=-key&limit=2&offset=0', status: 200 },
  { name: 'list variables by an unknown order', method: 'GET', path: '/api/v2/variables?order_by=nope', status: 422 },
  { name: 'list variables as a Viewer', method: 'GET', path: '/api/v2/variables', token: viewer, status: 403 },
  { name: 'get a variable', method: 'GET', path: '/api/v2/variables/api_var', status: 200 },
  { name: 'get a secret variable', method: 'GET', path: '/api/v2/variables/db_password', status: 200 },
  { name: 'get an unknown variable', method: 'GET', path: '/api/v2/variables/nope', status: 404 },
  { name: 'patch a variable', method: 'PATCH', path: '/api/v2/variables/api_var', body: { key: 'api_var', value: 'bye', description: 'changed' }, status: 200 },
  { name: 'patch a variable description only', method: 'PATCH', path: '/api/v2/variables/api_var?update_mask=description', body: { key: 'api_var', value: 'ignored', description: 'masked' }, status: 200 },
  { name: 'patch a variable with a different key', method: 'PATCH', path: '/api/v2/variables/api_var', body: { key: 'other', value: 'x' }, status: 400 },
  { name: 'patch a variable with a bad mask', method: 'PATCH', path: '/api/v2/variables/api_var?update_mask=nope', body: { key: 'api_var', value: 'x' }, status: 400 },
  { name: 'patch an unknown variable', method: 'PATCH', path: '/api/v2/variables/nope', body: { key: 'nope', value: 'x' }, status: 404 },
  {
    name: 'bulk variables',
    method: 'PATCH',
    path: '/api/v2/variables',
    body: {
      actions: [
        { action: 'create', entities: [{ key: 'bulk_a', value: 'a' }, { key: 'api_var', value: 'over' }], action_on_existence: 'skip' },
        { action: 'create', entities: [{ key: 'api_var', value: 'fails' }] },
        { action: 'update', entities: [{ key: 'bulk_a', value: 'a2' }, { key: 'ghost', value: 'g' }], action_on_non_existence: 'skip' },
        { action: 'delete', entities: ['bulk_a', 'ghost'], action_on_non_existence: 'fail' },
      ],
    },
    status: 200,
  },
  { name: 'bulk variables with an unknown action', method: 'PATCH', path: '/api/v2/variables', body: { actions: [{ action: 'upsert', entities: [] }] }, status: 422 },
  { name: 'delete a variable', method: 'DELETE', path: '/api/v2/variables/api_json', status: 204 },
  { name: 'delete it again', method: 'DELETE', path: '/api/v2/variables/api_json', status: 404 },
];

const CONNECTION_CASES: readonly Case[] = [
  {
    name: 'create a connection',
    method: 'POST',
    path: '/api/v2/connections',
    body: { connection_id: 'api_pg', conn_type: 'postgres', host: 'db', port: 5432, login: 'etl', password: 's3cret', extra: '{"sslmode": "require", "api_key": "k"}' },
    status: 201,
  },
  { name: 'create a connection twice', method: 'POST', path: '/api/v2/connections', body: { connection_id: 'api_pg', conn_type: 'postgres' }, status: 409 },
  { name: 'create a connection with a bad id', method: 'POST', path: '/api/v2/connections', body: { connection_id: 'a b', conn_type: 'http' }, status: 422 },
  { name: 'create a connection with an extra that is not JSON', method: 'POST', path: '/api/v2/connections', body: { connection_id: 'bad_extra', conn_type: 'http', extra: 'nope' }, status: 422 },
  { name: 'list connections', method: 'GET', path: '/api/v2/connections?connection_id_pattern=api&order_by=-conn_type', status: 200 },
  { name: 'list connections by an unknown order', method: 'GET', path: '/api/v2/connections?order_by=password', status: 422 },
  { name: 'get a connection', method: 'GET', path: '/api/v2/connections/api_pg', status: 200 },
  { name: 'get an unknown connection', method: 'GET', path: '/api/v2/connections/nope', status: 404 },
  { name: 'get a connection as a User', method: 'GET', path: '/api/v2/connections/api_pg', token: user, status: 403 },
  { name: 'patch a connection host', method: 'PATCH', path: '/api/v2/connections/api_pg?update_mask=host', body: { connection_id: 'api_pg', conn_type: 'postgres', host: 'db2' }, status: 200 },
  { name: 'patch a connection with another id', method: 'PATCH', path: '/api/v2/connections/api_pg', body: { connection_id: 'other', conn_type: 'postgres' }, status: 400 },
  { name: 'patch an unknown connection', method: 'PATCH', path: '/api/v2/connections/nope', body: { connection_id: 'nope', conn_type: 'http' }, status: 404 },
  {
    name: 'bulk connections',
    method: 'PATCH',
    path: '/api/v2/connections',
    body: {
      actions: [
        { action: 'create', entities: [{ connection_id: 'bulk_http', conn_type: 'http', host: 'example.com' }] },
        { action: 'update', entities: [{ connection_id: 'bulk_http', conn_type: 'http', host: 'example.org' }], update_mask: ['host'] },
        { action: 'delete', entities: ['ghost'] },
      ],
    },
    status: 200,
  },
  { name: 'bulk connections with a bad entity', method: 'PATCH', path: '/api/v2/connections', body: { actions: [{ action: 'create', entities: [{ conn_type: 'http' }] }] }, status: 422 },
  { name: 'test a connection that works', method: 'POST', path: '/api/v2/connections/test', body: { connection_id: 'try_pg', conn_type: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'postgres' }, status: 200 },
  { name: 'test a connection that fails', method: 'POST', path: '/api/v2/connections/test', body: { connection_id: 'try_sqlite', conn_type: 'sqlite', host: '/nonexistent/updraft.db' }, status: 200 },
  { name: 'test a connection without a type', method: 'POST', path: '/api/v2/connections/test', body: { connection_id: 'try' }, status: 422 },
  { name: 'test a connection as a User', method: 'POST', path: '/api/v2/connections/test', body: { connection_id: 'try', conn_type: 'http' }, token: user, status: 403 },
  { name: 'delete a connection', method: 'DELETE', path: '/api/v2/connections/bulk_http', status: 204 },
  { name: 'delete an unknown connection', method: 'DELETE', path: '/api/v2/connections/bulk_http', status: 404 },
];

const POOL_CASES: readonly Case[] = [
  { name: 'create a pool', method: 'POST', path: '/api/v2/pools', body: { name: 'api_pool', slots: 4, description: 'four', include_deferred: true }, status: 201 },
  { name: 'create a pool twice', method: 'POST', path: '/api/v2/pools', body: { name: 'api_pool', slots: 1 }, status: 409 },
  { name: 'create a pool with too few slots', method: 'POST', path: '/api/v2/pools', body: { name: 'neg', slots: -2 }, status: 422 },
  { name: 'list pools', method: 'GET', path: '/api/v2/pools', status: 200 },
  { name: 'list pools by pattern', method: 'GET', path: '/api/v2/pools?pool_name_pattern=default&order_by=-name', status: 200 },
  { name: 'list pools by an unknown order', method: 'GET', path: '/api/v2/pools?order_by=slots_open', status: 422 },
  { name: 'get the default pool', method: 'GET', path: '/api/v2/pools/default_pool', status: 200 },
  { name: 'get an unknown pool', method: 'GET', path: '/api/v2/pools/nope', status: 404 },
  { name: 'patch a pool', method: 'PATCH', path: '/api/v2/pools/api_pool', body: { slots: 8 }, status: 200 },
  { name: 'patch a pool with a mask', method: 'PATCH', path: '/api/v2/pools/api_pool?update_mask=description', body: { description: 'eight', slots: 99 }, status: 200 },
  { name: 'rename a pool', method: 'PATCH', path: '/api/v2/pools/api_pool', body: { pool: 'renamed' }, status: 400 },
  { name: 'patch an unknown pool', method: 'PATCH', path: '/api/v2/pools/nope', body: { slots: 1 }, status: 404 },
  { name: 'resize the default pool', method: 'PATCH', path: '/api/v2/pools/default_pool?update_mask=slots', body: { slots: 64 }, status: 200 },
  { name: 'describe the default pool', method: 'PATCH', path: '/api/v2/pools/default_pool', body: { description: 'mine' }, status: 400 },
  {
    name: 'bulk pools',
    method: 'PATCH',
    path: '/api/v2/pools',
    body: {
      actions: [
        { action: 'create', entities: [{ name: 'bulk_pool', slots: 2 }, { name: 'api_pool', slots: 3 }], action_on_existence: 'overwrite' },
        { action: 'delete', entities: ['bulk_pool', 'default_pool'] },
      ],
    },
    status: 200,
  },
  { name: 'bulk pools without actions', method: 'PATCH', path: '/api/v2/pools', body: {}, status: 422 },
  { name: 'delete the default pool', method: 'DELETE', path: '/api/v2/pools/default_pool', status: 400 },
  { name: 'delete a pool', method: 'DELETE', path: '/api/v2/pools/api_pool', status: 204 },
  { name: 'delete an unknown pool', method: 'DELETE', path: '/api/v2/pools/api_pool', status: 404 },
];

const RECORD_CASES: readonly Case[] = [
  { name: 'list import errors', method: 'GET', path: '/api/v2/importErrors', token: viewer, status: 200 },
  { name: 'list import errors by file name', method: 'GET', path: '/api/v2/importErrors?filename_pattern=broken&order_by=-timestamp&limit=5', status: 200 },
  { name: 'list import errors by an unknown order', method: 'GET', path: '/api/v2/importErrors?order_by=nope', status: 422 },
  { name: 'get an import error', method: 'GET', path: '/api/v2/importErrors/1', status: 200 },
  { name: 'get an unknown import error', method: 'GET', path: '/api/v2/importErrors/999', status: 404 },
  { name: 'get an import error by a non-integer id', method: 'GET', path: '/api/v2/importErrors/abc', status: 422 },
  { name: 'list event logs', method: 'GET', path: '/api/v2/eventLogs', token: viewer, status: 200 },
  { name: 'list event logs with filters', method: 'GET', path: '/api/v2/eventLogs?owner=admin&included_events=variable_create&included_events=pool_create&order_by=-event&limit=10', status: 200 },
  { name: 'list event logs by patterns', method: 'GET', path: '/api/v2/eventLogs?event_pattern=pool%25&excluded_events=pool_delete&after=2020-01-01T00:00:00Z&order_by=-when', status: 200 },
  { name: 'list event logs with a bad date', method: 'GET', path: '/api/v2/eventLogs?before=yesterday', status: 422 },
  { name: 'list event logs without a token', method: 'GET', path: '/api/v2/eventLogs', token: null, status: 401 },
  { name: 'get an event log', method: 'GET', path: '/api/v2/eventLogs/1', status: 200 },
  { name: 'get an unknown event log', method: 'GET', path: '/api/v2/eventLogs/999999', status: 404 },
  { name: 'list jobs', method: 'GET', path: '/api/v2/jobs', token: viewer, status: 200 },
  { name: 'list live schedulers', method: 'GET', path: '/api/v2/jobs?job_type=SchedulerJob&job_state=running&is_alive=true&start_date_gte=2020-01-01T00:00:00Z&order_by=-start_date', status: 200 },
  { name: 'list jobs of an unknown type', method: 'GET', path: '/api/v2/jobs?job_type=BackfillJob', status: 422 },
  { name: 'list jobs with no role', method: 'GET', path: '/api/v2/jobs', token: (f) => f.token(), status: 403 },
];

const backfill = { dag_id: 'api_etl', from_date: '2024-12-01T00:00:00Z', to_date: '2024-12-03T00:00:00Z', max_active_runs: 2 };

const BACKFILL_CASES: readonly Case[] = [
  { name: 'backfill dry run', method: 'POST', path: '/api/v2/backfills/dry_run', body: backfill, status: 200 },
  { name: 'backfill dry run of an unknown DAG', method: 'POST', path: '/api/v2/backfills/dry_run', body: { ...backfill, dag_id: 'nope' }, status: 404 },
  { name: 'backfill dry run with the dates reversed', method: 'POST', path: '/api/v2/backfills/dry_run', body: { ...backfill, from_date: '2024-12-05T00:00:00Z' }, status: 422 },
  { name: 'create a backfill', method: 'POST', path: '/api/v2/backfills', token: user, body: backfill, status: 200 },
  { name: 'create a second active backfill', method: 'POST', path: '/api/v2/backfills', body: backfill, status: 409 },
  { name: 'create a backfill of an unknown DAG', method: 'POST', path: '/api/v2/backfills', body: { ...backfill, dag_id: 'nope' }, status: 404 },
  { name: 'create a backfill with an unknown reprocess behaviour', method: 'POST', path: '/api/v2/backfills', body: { ...backfill, reprocess_behavior: 'all' }, status: 422 },
  { name: 'create a backfill as a Viewer', method: 'POST', path: '/api/v2/backfills', token: viewer, body: backfill, status: 403 },
  { name: 'list backfills', method: 'GET', path: '/api/v2/backfills?dag_id=api_etl', token: viewer, status: 200 },
  { name: 'list backfills without a DAG id', method: 'GET', path: '/api/v2/backfills', status: 422 },
  { name: 'get a backfill', method: 'GET', path: '/api/v2/backfills/1', status: 200 },
  { name: 'get an unknown backfill', method: 'GET', path: '/api/v2/backfills/999', status: 404 },
  { name: 'pause a backfill', method: 'PUT', path: '/api/v2/backfills/1/pause', status: 200 },
  { name: 'pause an unknown backfill', method: 'PUT', path: '/api/v2/backfills/999/pause', status: 404 },
  { name: 'unpause a backfill', method: 'PUT', path: '/api/v2/backfills/1/unpause', status: 200 },
  { name: 'unpause an unknown backfill', method: 'PUT', path: '/api/v2/backfills/999/unpause', status: 404 },
  { name: 'cancel a backfill', method: 'PUT', path: '/api/v2/backfills/1/cancel', status: 200 },
  { name: 'cancel it again', method: 'PUT', path: '/api/v2/backfills/1/cancel', status: 409 },
  { name: 'pause a cancelled backfill', method: 'PUT', path: '/api/v2/backfills/1/pause', status: 409 },
];

const PLUGIN_CASES: readonly Case[] = [
  { name: 'list plugins', method: 'GET', path: '/api/v2/plugins', token: viewer, status: 200 },
  { name: 'list plugins with a bad limit', method: 'GET', path: '/api/v2/plugins?limit=x', status: 422 },
  { name: 'plugin import errors', method: 'GET', path: '/api/v2/plugins/importErrors', status: 200 },
  { name: 'plugin import errors without a token', method: 'GET', path: '/api/v2/plugins/importErrors', token: null, status: 401 },
  { name: 'list providers', method: 'GET', path: '/api/v2/providers', token: op, status: 200 },
  { name: 'list providers as a Viewer', method: 'GET', path: '/api/v2/providers', token: viewer, status: 403 },
];

const ASSET_CASES: readonly Case[] = [
  { name: 'list assets', method: 'GET', path: '/api/v2/assets', token: viewer, status: 200 },
  { name: 'list assets by pattern', method: 'GET', path: '/api/v2/assets?name_pattern=api&uri_pattern=s3%3A%25&order_by=-name&only_active=false', status: 200 },
  { name: 'list assets by DAG ids', method: 'GET', path: '/api/v2/assets?dag_ids=api_etl&dag_ids=other', status: 200 },
  { name: 'list assets with a bad limit', method: 'GET', path: '/api/v2/assets?limit=many', status: 422 },
  { name: 'list the queued asset events of a DAG', method: 'GET', path: '/api/v2/dags/api_etl/assets/queuedEvents?before=2030-01-01T00:00:00Z', token: viewer, status: 200 },
  { name: 'list queued asset events without a token', method: 'GET', path: '/api/v2/dags/api_etl/assets/queuedEvents', token: null, status: 401 },
  { name: 'list queued asset events before a bad date', method: 'GET', path: '/api/v2/dags/api_etl/assets/queuedEvents?before=soon', status: 422 },
  { name: "list a run's upstream asset events", method: 'GET', path: `/api/v2/dags/api_etl/dagRuns/${encodeURIComponent('manual__2025-01-02T00:00:00+00:00')}/upstreamAssetEvents`, token: viewer, status: 200 },
  { name: 'list the upstream asset events of an unknown run', method: 'GET', path: '/api/v2/dags/api_etl/dagRuns/nope/upstreamAssetEvents', status: 404 },
  { name: 'get an asset', method: 'GET', path: '/api/v2/assets/1', status: 200 },
  { name: 'get an unknown asset', method: 'GET', path: '/api/v2/assets/999', status: 404 },
  { name: 'list asset events', method: 'GET', path: '/api/v2/assets/events', token: viewer, status: 200 },
  { name: 'list asset events with filters', method: 'GET', path: '/api/v2/assets/events?asset_id=1&source_dag_id=api_etl&source_map_index=-1&timestamp_gte=2025-01-01T00:00:00Z&order_by=-timestamp', status: 200 },
  { name: 'list asset events with a bad asset id', method: 'GET', path: '/api/v2/assets/events?asset_id=one', status: 422 },
  { name: 'create an asset event', method: 'POST', path: '/api/v2/assets/events', token: user, body: { asset_id: 1, extra: { rows: 10 } }, status: 200 },
  { name: 'create an event of an unknown asset', method: 'POST', path: '/api/v2/assets/events', body: { asset_id: 999 }, status: 404 },
  { name: 'create an asset event as a Viewer', method: 'POST', path: '/api/v2/assets/events', token: viewer, body: { asset_id: 1 }, status: 403 },
  { name: 'list asset aliases', method: 'GET', path: '/api/v2/assets/aliases?name_pattern=x', status: 200 },
  { name: 'list asset aliases by an unknown order', method: 'GET', path: '/api/v2/assets/aliases?order_by=uri', status: 422 },
];

const CONFIG_CASES: readonly Case[] = [
  { name: 'get the config', method: 'GET', path: '/api/v2/config', status: 200 },
  { name: 'get one config section', method: 'GET', path: '/api/v2/config?section=api', status: 200 },
  { name: 'get an unknown config section', method: 'GET', path: '/api/v2/config?section=nope', status: 404 },
  { name: 'get the config as an Op', method: 'GET', path: '/api/v2/config', token: op, status: 403 },
  { name: 'get a config value', method: 'GET', path: '/api/v2/config/section/core/option/parallelism', status: 200 },
  { name: 'get an unknown config value', method: 'GET', path: '/api/v2/config/section/core/option/nope', status: 404 },
];

export const ADMIN_CASES: readonly Case[] = [...VARIABLE_CASES, ...CONNECTION_CASES, ...POOL_CASES, ...RECORD_CASES, ...BACKFILL_CASES, ...PLUGIN_CASES, ...ASSET_CASES, ...CONFIG_CASES];
