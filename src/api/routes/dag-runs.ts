/** `/api/v2/dags/{dag_id}/dagRuns`: list (`~` for every DAG), batch list, trigger, get, patch, delete, clear. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { JsonObject } from '../../core/dag-spec.js';
import { RUN_TYPES, type DagRun, type RunType } from '../../core/run-model.js';
import type { DagRunState } from '../../core/states.js';
import { audit } from '../../services/audit.js';
import { clearTaskInstances } from '../../services/clear-task-instances.js';
import { requireDag } from '../../services/dag-lookup.js';
import { deleteDagRun, requireRun, setDagRunNote, setDagRunState } from '../../services/dag-run-changes.js';
import { triggerDag } from '../../services/trigger-dag.js';
import type { DagRunFilter } from '../../store/store.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError, ApiValidationError } from '../http-errors.js';
import { presentDagRun, presentTaskInstance } from '../present/dag-run.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { dateTimeInput, errorResponses, jsonContent, orderByQuery, PageQuery, queryList } from '../schemas/common.js';
import {
  DAGRunClearBody,
  DAGRunCollectionResponse,
  DAGRunPatchBody,
  DAGRunResponse,
  DAGRunsBatchBody,
  TaskInstanceCollectionResponse,
  TriggerDAGRunPostBody,
} from '../schemas/dag-runs.js';
import { storeSort } from './ordering.js';

const DagParam = z.object({ dag_id: z.string().min(1) });
const RunParams = z.object({ dag_id: z.string().min(1), dag_run_id: z.string().min(1) });

const ORDER_FIELDS = {
  id: 'runAfter',
  run_id: 'runId',
  dag_run_id: 'runId',
  dag_id: 'dagId',
  state: 'state',
  logical_date: 'logicalDate',
  run_after: 'runAfter',
  start_date: 'startDate',
  end_date: 'endDate',
} as const;

const rangeNames = ['run_after', 'logical_date', 'start_date', 'end_date'] as const;
const rangeQuery = Object.fromEntries(
  rangeNames.flatMap((name) => ['gte', 'gt', 'lte', 'lt'].map((op) => [`${name}_${op}`, dateTimeInput.optional()])),
) as Record<`${(typeof rangeNames)[number]}_${'gte' | 'gt' | 'lte' | 'lt'}`, z.ZodOptional<typeof dateTimeInput>>;

export const getDagRuns = defineRoute(permission('read', 'DAG runs'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/dagRuns',
  operationId: 'get_dag_runs',
  tags: ['DagRun'],
  summary: 'Get Dag Runs',
  description: 'Get all DAG Runs. `~` as the dag_id lists the runs of every DAG.',
  request: {
    params: DagParam,
    query: z.object({ ...PageQuery, ...rangeQuery, run_type: queryList(z.string()), state: queryList(z.string()), order_by: orderByQuery('id') }),
  },
  responses: { 200: jsonContent(DAGRunCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });

export const getDagRunsBatch = defineRoute(permission('read', 'DAG runs'), {
  method: 'post',
  path: '/api/v2/dags/{dag_id}/dagRuns/list',
  operationId: 'get_list_dag_runs_batch',
  tags: ['DagRun'],
  summary: 'Get List Dag Runs Batch',
  request: {
    params: z.object({ dag_id: z.literal('~') }),
    body: { content: { 'application/json': { schema: DAGRunsBatchBody } }, required: true },
  },
  responses: { 200: jsonContent(DAGRunCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});

export const triggerDagRun = defineRoute(permission('create', 'DAG runs'), {
  method: 'post',
  path: '/api/v2/dags/{dag_id}/dagRuns',
  operationId: 'trigger_dag_run',
  tags: ['DagRun'],
  summary: 'Trigger Dag Run',
  request: { params: DagParam, body: { content: { 'application/json': { schema: TriggerDAGRunPostBody } }, required: true } },
  responses: { 200: jsonContent(DAGRunResponse), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const getDagRun = defineRoute(permission('read', 'DAG runs'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}',
  operationId: 'get_dag_run',
  tags: ['DagRun'],
  summary: 'Get Dag Run',
  request: { params: RunParams },
  responses: { 200: jsonContent(DAGRunResponse), ...errorResponses(401, 403, 404, 422) },
});

export const patchDagRun = defineRoute(permission('edit', 'DAG runs'), {
  method: 'patch',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}',
  operationId: 'patch_dag_run',
  tags: ['DagRun'],
  summary: 'Patch Dag Run',
  request: {
    params: RunParams,
    query: z.object({ update_mask: queryList(z.string()) }),
    body: { content: { 'application/json': { schema: DAGRunPatchBody } }, required: true },
  },
  responses: { 200: jsonContent(DAGRunResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deleteDagRunRoute = defineRoute(permission('delete', 'DAG runs'), {
  method: 'delete',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}',
  operationId: 'delete_dag_run',
  tags: ['DagRun'],
  summary: 'Delete Dag Run',
  request: { params: RunParams },
  responses: { 204: { description: 'Successful Response' }, ...errorResponses(400, 401, 403, 404, 422) },
});

export const clearDagRun = defineRoute(permission('edit', 'DAG runs'), {
  method: 'post',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/clear',
  operationId: 'clear_dag_run',
  tags: ['DagRun'],
  summary: 'Clear Dag Run',
  request: { params: RunParams, body: { content: { 'application/json': { schema: DAGRunClearBody } }, required: true } },
  responses: {
    200: jsonContent(z.union([TaskInstanceCollectionResponse, DAGRunResponse])),
    ...errorResponses(401, 403, 404, 422),
  },
});

type Bounds = Readonly<Record<string, unknown>>;

/** Our dates are kept to the millisecond, so `> x` is `>= x + 1 ms` and `< x` is `<= x - 1 ms`. */
function rangeFilter(q: Bounds): Partial<DagRunFilter> {
  const at = (v: unknown, shift = 0) => (typeof v === 'string' && v !== '' ? new Date(parseDate(v).getTime() + shift) : undefined);
  const lower = (name: string) => latest(at(q[`${name}_gte`]), at(q[`${name}_gt`], 1));
  const upper = (name: string) => earliest(at(q[`${name}_lte`]), at(q[`${name}_lt`], -1));
  const out: { -readonly [K in keyof DagRunFilter]?: DagRunFilter[K] } = {};
  const set = <K extends keyof DagRunFilter>(key: K, value: DagRunFilter[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('runAfterGte', lower('run_after'));
  set('runAfterLte', upper('run_after'));
  set('logicalDateGte', lower('logical_date'));
  set('logicalDateLte', upper('logical_date'));
  set('startDateGte', lower('start_date'));
  set('startDateLte', upper('start_date'));
  set('endDateGte', lower('end_date'));
  set('endDateLte', upper('end_date'));
  return out;
}

const latest = (a?: Date, b?: Date) => (a && b ? (a > b ? a : b) : (a ?? b));
const earliest = (a?: Date, b?: Date) => (a && b ? (a < b ? a : b) : (a ?? b));

function checkedList<T extends string>(values: readonly string[] | undefined, allowed: readonly T[], name: string): T[] | undefined {
  if (!values || values.length === 0) return undefined;
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw new ApiValidationError([{ loc: ['query', name], msg: `Invalid value for ${name}: ${bad.join(', ')}; use one of ${allowed.join(', ')}`, type: 'value_error' }]);
  }
  return values as T[];
}

/** A date-time without an offset is UTC. */
function parseDate(value: string): Date {
  return new Date(value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

export function registerDagRunRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  const present = async (run: DagRun) => presentDagRun(run, await deps.versions.get(store, run.dagVersionId));
  const presentPage = async (filter: DagRunFilter) => {
    const page = await store.dagRuns.list(filter);
    return { dag_runs: await Promise.all(page.items.map(present)), total_entries: page.total };
  };

  api.openapi(getDagRuns, async (c) => {
    const { dag_id } = c.req.valid('param');
    const q = c.req.valid('query');
    if (dag_id !== '~') await requireDag(store, dag_id);
    const states = checkedList<DagRunState>(q.state, ['queued', 'running', 'success', 'failed'], 'state');
    const runTypes = checkedList<RunType>(q.run_type, RUN_TYPES, 'run_type');
    const body = await presentPage({
      ...(dag_id !== '~' ? { dagId: dag_id } : {}),
      ...rangeFilter(q),
      ...(states ? { states } : {}),
      ...(runTypes ? { runTypes } : {}),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
      orderBy: storeSort(q.order_by, ORDER_FIELDS, 'runAfter'),
    });
    return c.json(body, 200);
  });

  api.openapi(getDagRunsBatch, async (c) => {
    const b = c.req.valid('json');
    const unsupported = (['duration_gte', 'duration_gt', 'duration_lte', 'duration_lt', 'conf_contains'] as const).filter((k) => b[k] != null);
    if (unsupported.length > 0) {
      throw new ApiValidationError(unsupported.map((k) => ({ loc: ['body', k], msg: `filtering by ${k} is not supported by Updraft yet`, type: 'value_error' })));
    }
    const states = b.states?.filter((s): s is DagRunState => s !== null);
    const body = await presentPage({
      ...(b.dag_ids ? { dagIds: b.dag_ids } : {}),
      ...(states && states.length > 0 ? { states } : {}),
      ...rangeFilter(b),
      limit: deps.pageLimit(b.page_limit),
      offset: b.page_offset,
      orderBy: storeSort(b.order_by ? [b.order_by] : undefined, ORDER_FIELDS, 'runAfter'),
    });
    return c.json(body, 200);
  });

  api.openapi(triggerDagRun, async (c) => {
    const { dag_id } = c.req.valid('param');
    const b = c.req.valid('json');
    const user = callerOf(c).username;
    if ((b.data_interval_start == null) !== (b.data_interval_end == null)) {
      throw new ApiError(400, 'Either both data_interval_start and data_interval_end must be provided or both must be None');
    }
    const now = deps.now();
    const run = await triggerDag(
      store,
      {
        dagId: dag_id,
        triggeredBy: 'rest_api',
        conf: (b.conf ?? {}) as JsonObject,
        // Airflow 3: a run triggered without a logical date has none.
        logicalDate: b.logical_date ? parseDate(b.logical_date) : null,
        ...(b.run_after ? { runAfter: parseDate(b.run_after) } : {}),
        ...(b.dag_run_id ? { runId: b.dag_run_id } : {}),
        ...(b.data_interval_start && b.data_interval_end ? { dataInterval: { start: parseDate(b.data_interval_start), end: parseDate(b.data_interval_end) } } : {}),
        note: b.note ?? null,
      },
      now,
    );
    await audit(store, 'trigger_dag_run', { dagId: dag_id, runId: run.runId, owner: user, extra: JSON.stringify({ conf: run.conf }) }, now);
    deps.onChange();
    return c.json(await present(run), 200);
  });

  api.openapi(getDagRun, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    return c.json(await present(await requireRun(store, { dagId: dag_id, runId: dag_run_id })), 200);
  });

  api.openapi(patchDagRun, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const key = { dagId: dag_id, runId: dag_run_id };
    const mask = c.req.valid('query').update_mask;
    const body = c.req.valid('json');
    const user = callerOf(c).username;
    const fields = mask && mask.length > 0 ? mask : Object.keys(body);
    const unknown = fields.filter((f) => f !== 'state' && f !== 'note');
    if (unknown.length > 0) throw new ApiError(400, `Invalid field(s) in update mask: ${unknown.join(', ')}; only state and note can be updated`);
    let run = await requireRun(store, key);
    if (fields.includes('state')) {
      if (!body.state) throw new ApiError(400, 'state must be one of queued, success, failed');
      run = await setDagRunState(store, key, body.state, user, deps.now());
      deps.onChange();
    }
    if (fields.includes('note')) run = await setDagRunNote(store, key, body.note ?? null, user, deps.now());
    return c.json(await present(run), 200);
  });

  api.openapi(deleteDagRunRoute, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    await deleteDagRun(store, { dagId: dag_id, runId: dag_run_id }, callerOf(c).username, deps.now());
    return c.body(null, 204);
  });

  api.openapi(clearDagRun, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const b = c.req.valid('json');
    const run = await requireRun(store, { dagId: dag_id, runId: dag_run_id });
    const now = deps.now();
    const selection = { dagId: dag_id, runId: dag_run_id, onlyFailed: b.only_failed };
    if (b.dry_run) {
      const tis = await clearTaskInstances(store, { ...selection, dryRun: true }, now);
      const version = await deps.versions.get(store, run.dagVersionId);
      return c.json({ task_instances: tis.map((ti) => presentTaskInstance(ti, run, version)), total_entries: tis.length }, 200);
    }
    const cleared = await clearTaskInstances(store, selection, now);
    await audit(store, 'clear_dag_run', { dagId: dag_id, runId: dag_run_id, owner: callerOf(c).username, extra: JSON.stringify({ cleared: cleared.length, only_failed: b.only_failed }) }, now);
    deps.onChange();
    return c.json(await present(await requireRun(store, run)), 200);
  });
}
