/**
 * What happened to a task instance: why it is not running (`dependencies`),
 * its tries (`tries`, `tries/{n}`), and a try's log (`logs/{try_number}`), read
 * a chunk at a time: `continuation_token` says where to continue, so a client
 * following a running task asks again with it and gets only the new lines.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TaskInstance, TaskInstanceKey, TaskInstanceTry } from '../../core/run-model.js';
import { requireRun } from '../../services/dag-run-changes.js';
import { BadRequestError } from '../../services/errors.js';
import { describeMissing } from '../../services/task-instance-notes.js';
import { unmetDependencies } from '../../services/task-dependencies.js';
import { decodeLogToken, encodeLogToken, parseLogLine, readTaskLog } from '../../services/task-logs.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError, ApiValidationError } from '../http-errors.js';
import { currentTry, presentTry } from '../present/task-instances.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, queryBool } from '../schemas/common.js';
import { MapIndexQuery, MappedTiParams, TiParams, intString } from '../schemas/ti-params.js';
import { TaskDependencyCollectionResponse, TaskInstanceHistoryCollectionResponse, TaskInstanceHistoryResponse, TaskInstancesLogResponse } from '../schemas/task-instances.js';

const read = permission('read', 'task instances');
const base = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';
const tag = ['Task Instance'];
const mapQuery = z.object(MapIndexQuery);
const TryParams = TiParams.extend({ task_try_number: intString });
const MappedTryParams = MappedTiParams.extend({ task_try_number: intString });

export const getDependencies = defineRoute(read, {
  method: 'get', path: `${base}/dependencies`, operationId: 'get_task_instance_dependencies', tags: tag, summary: 'Get Task Instance Dependencies',
  request: { params: TiParams, query: mapQuery },
  responses: { 200: jsonContent(TaskDependencyCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getDependenciesByMapIndex = defineRoute(read, {
  method: 'get', path: `${base}/{map_index}/dependencies`, operationId: 'get_task_instance_dependencies_by_map_index', tags: tag, summary: 'Get Task Instance Dependencies',
  request: { params: MappedTiParams },
  responses: { 200: jsonContent(TaskDependencyCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getTries = defineRoute(read, {
  method: 'get', path: `${base}/tries`, operationId: 'get_task_instance_tries', tags: tag, summary: 'Get Task Instance Tries',
  request: { params: TiParams, query: mapQuery },
  responses: { 200: jsonContent(TaskInstanceHistoryCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getMappedTries = defineRoute(read, {
  method: 'get', path: `${base}/{map_index}/tries`, operationId: 'get_mapped_task_instance_tries', tags: tag, summary: 'Get Mapped Task Instance Tries',
  request: { params: MappedTiParams },
  responses: { 200: jsonContent(TaskInstanceHistoryCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getTryDetails = defineRoute(read, {
  method: 'get', path: `${base}/tries/{task_try_number}`, operationId: 'get_task_instance_try_details', tags: tag, summary: 'Get Task Instance Try Details',
  request: { params: TryParams, query: mapQuery },
  responses: { 200: jsonContent(TaskInstanceHistoryResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getMappedTryDetails = defineRoute(read, {
  method: 'get', path: `${base}/{map_index}/tries/{task_try_number}`, operationId: 'get_mapped_task_instance_try_details', tags: tag, summary: 'Get Mapped Task Instance Try Details',
  request: { params: MappedTryParams },
  responses: { 200: jsonContent(TaskInstanceHistoryResponse), ...errorResponses(401, 403, 404, 422) },
});
export const getLog = defineRoute(read, {
  method: 'get', path: `${base}/logs/{try_number}`, operationId: 'get_log', tags: tag, summary: 'Get Log',
  description:
    'A chunk of a try\'s log, from the start or from `token` (an earlier answer\'s `continuation_token`). JSON by default; `Accept: application/x-ndjson` gives one JSON line per log line, `Accept: text/plain` the raw lines.',
  request: {
    params: TiParams.extend({ try_number: intString }),
    query: z.object({ ...MapIndexQuery, full_content: queryBool.optional(), token: z.string().optional() }),
  },
  responses: {
    200: {
      description: 'Successful Response',
      content: { 'application/json': { schema: TaskInstancesLogResponse }, 'application/x-ndjson': { schema: z.string() } },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

/** A whole log in one answer is capped (a client follows the token for more). */
const FULL_CONTENT_BYTES = 16 * 1024 * 1024;

/** A non-JSON answer (hono's typed responses only describe JSON ones, hence `never`). */
function rawBody(body: string, contentType: string, token: string): never {
  return new Response(body, { status: 200, headers: { 'content-type': contentType, 'x-continuation-token': token } }) as never;
}

export function registerTaskInstanceHistoryRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  const requireTi = async (key: TaskInstanceKey): Promise<TaskInstance> => {
    await requireRun(store, key);
    const ti = await store.taskInstances.get(key);
    if (!ti) throw new ApiError(404, describeMissing(key));
    return ti;
  };
  const keyOf = (p: { dag_id: string; dag_run_id: string; task_id: string }, mapIndex: number): TaskInstanceKey => ({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex });

  /** Past tries, then the current one if it is not among them yet. */
  const tries = async (key: TaskInstanceKey) => {
    const ti = await requireTi(key);
    const past = await store.taskInstances.listTries(key);
    const all: TaskInstanceTry[] = [...past];
    if (ti.tryNumber > 0 && !past.some((t) => t.tryNumber === ti.tryNumber)) all.push(currentTry(ti));
    return { ti, all };
  };
  const presentTries = async (key: TaskInstanceKey) => {
    const { ti, all } = await tries(key);
    const task_instances = [];
    for (const t of all) task_instances.push(presentTry(t, ti, await deps.versions.get(store, t.dagVersionId)));
    return { task_instances, total_entries: task_instances.length };
  };
  const presentOneTry = async (key: TaskInstanceKey, tryNumber: number) => {
    const { ti, all } = await tries(key);
    const attempt = all.find((t) => t.tryNumber === tryNumber);
    if (!attempt) throw new ApiError(404, `${describeMissing(key).replace(' not found', '')} has no try ${tryNumber}`);
    return presentTry(attempt, ti, await deps.versions.get(store, attempt.dagVersionId));
  };

  api.openapi(getDependencies, async (c) => {
    const key = keyOf(c.req.valid('param'), c.req.valid('query').map_index);
    return c.json({ dependencies: await unmetDependencies(store, key, deps.now()) }, 200);
  });
  api.openapi(getDependenciesByMapIndex, async (c) => {
    const p = c.req.valid('param');
    return c.json({ dependencies: await unmetDependencies(store, keyOf(p, p.map_index), deps.now()) }, 200);
  });
  api.openapi(getTries, async (c) => c.json(await presentTries(keyOf(c.req.valid('param'), c.req.valid('query').map_index)), 200));
  api.openapi(getMappedTries, async (c) => {
    const p = c.req.valid('param');
    return c.json(await presentTries(keyOf(p, p.map_index)), 200);
  });
  api.openapi(getTryDetails, async (c) => {
    const p = c.req.valid('param');
    return c.json(await presentOneTry(keyOf(p, c.req.valid('query').map_index), p.task_try_number), 200);
  });
  api.openapi(getMappedTryDetails, async (c) => {
    const p = c.req.valid('param');
    return c.json(await presentOneTry(keyOf(p, p.map_index), p.task_try_number), 200);
  });

  api.openapi(getLog, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    const key = keyOf(p, q.map_index);
    const { all } = await tries(key);
    if (!all.some((t) => t.tryNumber === p.try_number)) throw new ApiError(404, `${describeMissing(key).replace(' not found', '')} has no try ${p.try_number}`);
    let offset = 0;
    if (q.token && !q.full_content) {
      try {
        offset = decodeLogToken(q.token);
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        throw new ApiValidationError([{ loc: ['query', 'token'], msg: error.message, type: 'value_error' }]);
      }
    }
    const chunk = readTaskLog(deps.app.config.logsFolder, key, p.try_number, offset, q.full_content ? FULL_CONTENT_BYTES : undefined);
    const token = encodeLogToken(chunk.nextOffset);
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('text/plain')) {
      return rawBody(chunk.lines.map((l) => `${l}\n`).join(''), 'text/plain; charset=utf-8', token);
    }
    if (accept.includes('application/x-ndjson')) {
      const body = chunk.lines.map((l) => `${JSON.stringify(parseLogLine(l))}\n`).join('');
      return rawBody(body, 'application/x-ndjson', token);
    }
    const content = chunk.exists ? chunk.lines.map(parseLogLine) : [{ event: `no log file for try ${p.try_number} yet` }];
    return c.json({ content, continuation_token: token }, 200);
  });
}
