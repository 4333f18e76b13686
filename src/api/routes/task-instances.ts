/**
 * `/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`: list (`~` for the
 * DAG and the run), batch list, get (plain or by map index), the mapped
 * instances of a task, patch (mark a state and/or set a note, with a dry run),
 * and `POST /api/v2/dags/{dag_id}/clearTaskInstances`.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TaskInstance, TaskInstanceKey } from '../../core/run-model.js';
import { audit } from '../../services/audit.js';
import { clearTaskInstances } from '../../services/clear-task-instances.js';
import { requireDag } from '../../services/dag-lookup.js';
import { requireRun } from '../../services/dag-run-changes.js';
import { ConflictError } from '../../services/errors.js';
import { markTaskInstances, type MarkState } from '../../services/mark-task-instances.js';
import { describeMissing, requireTaskInstances, setTaskInstanceNote } from '../../services/task-instance-notes.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError, ApiValidationError } from '../http-errors.js';
import { TiContext } from '../present/task-instances.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, queryList } from '../schemas/common.js';
import { TaskInstanceCollectionResponse, TaskInstanceResponse } from '../schemas/dag-runs.js';
import { MapIndexQuery, MappedTiParams, RunParams, TiListQuery, TiParams } from '../schemas/ti-params.js';
import { ClearTaskInstancesBody, PatchTaskInstanceBody, TaskInstancesBatchBody } from '../schemas/task-instances.js';
import { listTaskInstances, type TiQuery } from './ti-query.js';

const read = permission('read', 'task instances');
const edit = permission('edit', 'task instances');
const base = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const tag = ['Task Instance'];
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const getTaskInstances = defineRoute(read, {
  method: 'get', path: base, operationId: 'get_task_instances', tags: tag, summary: 'Get Task Instances',
  description: 'Get list of task instances. `~` as the dag_id and dag_run_id lists the task instances of every DAG and run.',
  request: { params: RunParams, query: TiListQuery.extend({ task_id: z.string().optional() }) },
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });
export const getTaskInstancesBatch = defineRoute(read, {
  method: 'post', path: `${base}/list`, operationId: 'get_task_instances_batch', tags: tag, summary: 'Get Task Instances Batch',
  request: { params: RunParams, body: body(TaskInstancesBatchBody) },
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getMappedTaskInstances = defineRoute(read, {
  method: 'get', path: `${base}/{task_id}/listMapped`, operationId: 'get_mapped_task_instances', tags: tag, summary: 'Get Mapped Task Instances',
  request: { params: TiParams, query: TiListQuery },
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });
const patchRequest = { params: TiParams, query: z.object({ update_mask: queryList(z.string()), ...MapIndexQuery }), body: body(PatchTaskInstanceBody) };
const patchByMapIndexRequest = { params: MappedTiParams, query: z.object({ update_mask: queryList(z.string()) }), body: body(PatchTaskInstanceBody) };
export const patchTaskInstanceDryRun = defineRoute(edit, {
  method: 'patch', path: `${base}/{task_id}/dry_run`, operationId: 'patch_task_instance_dry_run', tags: tag, summary: 'Patch Task Instance Dry Run',
  request: patchRequest,
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
});
export const patchTaskInstanceDryRunByMapIndex = defineRoute(edit, {
  method: 'patch', path: `${base}/{task_id}/{map_index}/dry_run`, operationId: 'patch_task_instance_dry_run_by_map_index', tags: tag, summary: 'Patch Task Instance Dry Run',
  request: patchByMapIndexRequest,
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
});
export const getTaskInstance = defineRoute(read, {
  method: 'get', path: `${base}/{task_id}`, operationId: 'get_task_instance', tags: tag, summary: 'Get Task Instance',
  request: { params: TiParams },
  responses: { 200: jsonContent(TaskInstanceResponse), ...errorResponses(401, 403, 404, 422) },
});
export const patchTaskInstance = defineRoute(edit, {
  method: 'patch', path: `${base}/{task_id}`, operationId: 'patch_task_instance', tags: tag, summary: 'Patch Task Instance',
  description: 'Mark the task instance (and, optionally, its upstream or downstream tasks in the run) success, failed or skipped, and/or set its note.',
  request: patchRequest,
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(400, 401, 403, 404, 409, 422) },
});
export const getMappedTaskInstance = defineRoute(read, {
  method: 'get', path: `${base}/{task_id}/{map_index}`, operationId: 'get_mapped_task_instance', tags: tag, summary: 'Get Mapped Task Instance',
  request: { params: MappedTiParams },
  responses: { 200: jsonContent(TaskInstanceResponse), ...errorResponses(401, 403, 404, 422) },
});
export const patchTaskInstanceByMapIndex = defineRoute(edit, {
  method: 'patch', path: `${base}/{task_id}/{map_index}`, operationId: 'patch_task_instance_by_map_index', tags: tag, summary: 'Patch Task Instance',
  request: patchByMapIndexRequest,
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(400, 401, 403, 404, 409, 422) },
});
export const postClearTaskInstances = defineRoute(edit, {
  method: 'post', path: '/api/v2/dags/{dag_id}/clearTaskInstances', operationId: 'post_clear_task_instances', tags: tag, summary: 'Post Clear Task Instances',
  description: 'Clear task instances (dry_run, the default, only lists them).',
  request: { params: z.object({ dag_id: z.string().min(1) }), body: body(ClearTaskInstancesBody) },
  responses: { 200: jsonContent(TaskInstanceCollectionResponse), ...errorResponses(401, 403, 404, 409, 422) },
});

const MARKABLE: readonly string[] = ['success', 'failed', 'skipped'];
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type ListQuery = z.infer<typeof TiListQuery>;

function fromListQuery(q: ListQuery, limit: number): TiQuery {
  const range = (name: 'run_after' | 'logical_date' | 'start_date' | 'end_date') => ({ gte: q[`${name}_gte`], gt: q[`${name}_gt`], lte: q[`${name}_lte`], lt: q[`${name}_lt`] });
  const unsupported = (['updated_at_gte', 'updated_at_gt', 'updated_at_lte', 'updated_at_lt', 'task_group_id'] as const).filter((k) => q[k] !== undefined);
  if (unsupported.length > 0) {
    throw new ApiValidationError(unsupported.map((k) => ({ loc: ['query', k], msg: `filtering by ${k} is not supported by Updraft yet`, type: 'value_error' })));
  }
  return {
    states: q.state, pools: q.pool, queues: q.queue, executors: q.executor, operators: q.operator,
    versionNumbers: q.version_number, tryNumbers: q.try_number, mapIndexes: q.map_index,
    patterns: { taskId: q.task_display_name_pattern, dagId: q.dag_id_pattern, runId: q.run_id_pattern, pool: q.pool_name_pattern, queue: q.queue_name_pattern, operator: q.operator_name_pattern },
    runAfter: range('run_after'), logicalDate: range('logical_date'), startDate: range('start_date'), endDate: range('end_date'),
    duration: { gte: q.duration_gte, gt: q.duration_gt, lte: q.duration_lte, lt: q.duration_lt },
    orderBy: q.order_by, limit, offset: q.offset, source: 'query',
  };
}

export function registerTaskInstanceRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  const context = () => new TiContext(store, deps.versions);
  /** `~` means every DAG / every run; a named one must exist. */
  const scope = async (dagId: string, runId: string) => {
    if (dagId !== '~') await requireDag(store, dagId);
    if (runId !== '~') {
      if (dagId === '~') throw new ApiError(400, 'a dag_run_id needs a dag_id: use ~ for both, or name the DAG');
      await requireRun(store, { dagId, runId });
    }
    return { ...(dagId !== '~' ? { dagId } : {}), ...(runId !== '~' ? { runId } : {}) };
  };
  const requireTi = async (key: TaskInstanceKey): Promise<TaskInstance> => {
    await requireRun(store, key);
    const ti = await store.taskInstances.get(key);
    if (!ti) throw new ApiError(404, describeMissing(key));
    return ti;
  };

  api.openapi(getTaskInstances, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const ctx = context();
    const where = await scope(dag_id, dag_run_id);
    const page = await listTaskInstances(store, ctx, { ...fromListQuery(q, deps.pageLimit(q.limit)), ...where, ...(q.task_id ? { taskIds: [q.task_id] } : {}) });
    return c.json(await ctx.collection(page.items, page.total), 200);
  });

  api.openapi(getTaskInstancesBatch, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const b = c.req.valid('json');
    const ctx = context();
    const where = await scope(dag_id, dag_run_id);
    const states = b.state?.map((s) => s ?? 'none');
    const page = await listTaskInstances(store, ctx, {
      ...where,
      dagIds: b.dag_ids ?? undefined, runIds: b.dag_run_ids ?? undefined, taskIds: b.task_ids ?? undefined, states,
      pools: b.pool ?? undefined, queues: b.queue ?? undefined, executors: b.executor ?? undefined,
      runAfter: { gte: b.run_after_gte ?? undefined, gt: b.run_after_gt ?? undefined, lte: b.run_after_lte ?? undefined, lt: b.run_after_lt ?? undefined },
      logicalDate: { gte: b.logical_date_gte ?? undefined, gt: b.logical_date_gt ?? undefined, lte: b.logical_date_lte ?? undefined, lt: b.logical_date_lt ?? undefined },
      startDate: { gte: b.start_date_gte ?? undefined, gt: b.start_date_gt ?? undefined, lte: b.start_date_lte ?? undefined, lt: b.start_date_lt ?? undefined },
      endDate: { gte: b.end_date_gte ?? undefined, gt: b.end_date_gt ?? undefined, lte: b.end_date_lte ?? undefined, lt: b.end_date_lt ?? undefined },
      duration: { gte: b.duration_gte ?? undefined, gt: b.duration_gt ?? undefined, lte: b.duration_lte ?? undefined, lt: b.duration_lt ?? undefined },
      orderBy: b.order_by ? [b.order_by] : undefined,
      limit: deps.pageLimit(b.page_limit), offset: b.page_offset, source: 'body',
    });
    return c.json(await ctx.collection(page.items, page.total), 200);
  });

  api.openapi(getMappedTaskInstances, async (c) => {
    const { dag_id, dag_run_id, task_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const ctx = context();
    const run = await requireRun(store, { dagId: dag_id, runId: dag_run_id });
    const version = await deps.versions.get(store, run.dagVersionId);
    const task = version?.spec.tasks.find((t) => t.taskId === task_id);
    if (!task) throw new ApiError(404, `Task id ${task_id} not found in DAG ${dag_id}`);
    if (Object.keys(task.expand).length === 0) throw new ApiError(404, `Task id ${task_id} is not mapped`);
    const query = fromListQuery(q, deps.pageLimit(q.limit));
    const page = await listTaskInstances(store, ctx, {
      ...query, dagId: dag_id, runId: dag_run_id, taskIds: [task_id], mappedOnly: true, orderBy: q.order_by && q.order_by.length > 0 ? q.order_by : ['map_index'],
    });
    return c.json(await ctx.collection(page.items, page.total), 200);
  });

  const getOne = async (key: TaskInstanceKey) => context().present(await requireTi(key));
  api.openapi(getTaskInstance, async (c) => {
    const p = c.req.valid('param');
    return c.json(await getOne({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: -1 }), 200);
  });
  api.openapi(getMappedTaskInstance, async (c) => {
    const p = c.req.valid('param');
    return c.json(await getOne({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: p.map_index }), 200);
  });

  type PatchBody = z.infer<typeof PatchTaskInstanceBody>;
  const patch = async (key: TaskInstanceKey, mask: readonly string[] | undefined, b: PatchBody, dryRun: boolean, actor: string) => {
    const fields = mask && mask.length > 0 ? mask : (['new_state', 'note'] as const).filter((f) => b[f] !== undefined);
    const unknown = fields.filter((f) => f !== 'new_state' && f !== 'note');
    if (unknown.length > 0) throw new ApiError(400, `Invalid field(s) in update mask: ${unknown.join(', ')}; only new_state and note can be updated`);
    if (b.include_future || b.include_past) throw new ApiError(400, 'include_future and include_past are not supported yet: mark the other runs one by one');
    await requireDag(store, key.dagId);
    await requireRun(store, key);
    const targets = await requireTaskInstances(store, key);
    const now = deps.now();
    const ctx = context();
    let changed: TaskInstance[] = [];
    if (fields.includes('new_state')) {
      if (!b.new_state || !MARKABLE.includes(b.new_state)) {
        throw new ApiValidationError([{ loc: ['body', 'new_state'], msg: `new_state must be one of ${MARKABLE.join(', ')}`, type: 'value_error' }]);
      }
      changed = await markTaskInstances(store, { key, state: b.new_state as MarkState, upstream: b.include_upstream, downstream: b.include_downstream, dryRun, actor }, now);
      if (dryRun) return ctx.collection(changed);
      if (changed.length > 0) deps.onChange();
    } else if (dryRun) {
      return ctx.collection(targets);
    }
    if (fields.includes('note')) await setTaskInstanceNote(store, key, b.note ?? null, actor, now);
    const seen = new Set<string>();
    const fresh: TaskInstance[] = [];
    for (const ti of [...targets, ...changed]) {
      const id = `${ti.taskId}\u0000${ti.mapIndex}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const now = await store.taskInstances.get(ti);
      if (now) fresh.push(now);
    }
    return ctx.collection(fresh);
  };
  // The dry runs first: `{task_id}/dry_run` would otherwise match `{task_id}/{map_index}`.
  api.openapi(patchTaskInstanceDryRun, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await patch({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: q.map_index }, q.update_mask, c.req.valid('json'), true, callerOf(c).username), 200);
  });
  api.openapi(patchTaskInstanceDryRunByMapIndex, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await patch({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: p.map_index }, q.update_mask, c.req.valid('json'), true, callerOf(c).username), 200);
  });

  api.openapi(patchTaskInstance, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await patch({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: q.map_index }, q.update_mask, c.req.valid('json'), false, callerOf(c).username), 200);
  });
  api.openapi(patchTaskInstanceByMapIndex, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await patch({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: p.map_index }, q.update_mask, c.req.valid('json'), false, callerOf(c).username), 200);
  });
  api.openapi(postClearTaskInstances, async (c) => {
    const { dag_id } = c.req.valid('param');
    const b = c.req.valid('json');
    const tuples = (b.task_ids ?? []).filter((t) => typeof t !== 'string');
    if (tuples.length > 0) {
      throw new ApiValidationError([{ loc: ['body', 'task_ids'], msg: 'clearing single map indexes ([task_id, map_index]) is not supported yet: give task ids', type: 'value_error' }]);
    }
    await requireDag(store, dag_id);
    const taskPatterns = (b.task_ids ?? []).filter((t): t is string => typeof t === 'string').map(regexEscape);
    let runId: string | undefined;
    let startDate = b.start_date ? new Date(b.start_date) : undefined;
    let endDate = b.end_date ? new Date(b.end_date) : undefined;
    if (b.dag_run_id) {
      const run = await requireRun(store, { dagId: dag_id, runId: b.dag_run_id });
      if ((b.include_past || b.include_future) && run.logicalDate) {
        // The run and the earlier (past) and/or later (future) runs, by logical date.
        startDate = b.include_past ? undefined : run.logicalDate;
        endDate = b.include_future ? undefined : run.logicalDate;
      } else {
        runId = run.runId;
      }
    }
    const selection = {
      dagId: dag_id,
      ...(taskPatterns.length > 0 ? { taskPatterns } : {}),
      ...(runId !== undefined ? { runId } : {}),
      ...(startDate ? { startDate } : {}),
      ...(endDate ? { endDate } : {}),
      upstream: b.include_upstream,
      downstream: b.include_downstream,
      onlyFailed: b.only_failed,
      onlyRunning: b.only_running,
    };
    const now = deps.now();
    const ctx = context();
    const preview = await clearTaskInstances(store, { ...selection, dryRun: true }, now);
    if (b.dry_run) return c.json(await ctx.collection(preview), 200);
    if (b.prevent_running_task && preview.some((ti) => ti.state === 'running')) {
      throw new ConflictError('some of the task instances to clear are running, and prevent_running_task is set: wait for them or unset it');
    }
    const cleared = await clearTaskInstances(store, selection, now);
    await audit(store, 'clear_task_instances', { dagId: dag_id, runId: runId ?? null, owner: callerOf(c).username, extra: JSON.stringify({ cleared: cleared.length, task_ids: b.task_ids ?? null }) }, now);
    if (cleared.length > 0) deps.onChange();
    const fresh: TaskInstance[] = [];
    for (const ti of cleared) fresh.push((await store.taskInstances.get(ti)) ?? ti);
    return c.json(await ctx.collection(fresh), 200);
  });
}
