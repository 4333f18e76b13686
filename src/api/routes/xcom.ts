/**
 * `.../taskInstances/{task_id}/xcomEntries`: list (`~` for the DAG, the run and
 * the task), get one (native, or as a string with `stringify`), create, update.
 * Our XCom values are JSON already, so `deserialize` changes nothing.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { JSONValue } from 'hono/utils/types';
import type { JsonValue } from '../../core/dag-spec.js';
import type { XComEntry } from '../../core/run-model.js';
import { requireDag } from '../../services/dag-lookup.js';
import { requireRun } from '../../services/dag-run-changes.js';
import { createXCom, updateXCom } from '../../services/xcom-entries.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { presentXCom, TiContext } from '../present/task-instances.js';
import { knownSecretsMasker } from '../../services/known-secrets.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { dateTimeInput, errorResponses, jsonContent, PageQuery, queryBool } from '../schemas/common.js';
import { MapIndexQuery, TiParams, intString } from '../schemas/ti-params.js';
import { XComCollectionResponse, XComCreateBody, XComResponseNative, XComResponseString, XComUpdateBody } from '../schemas/xcom.js';
import { likeMatcher } from '../../services/list-page.js';

const base = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries';
const tag = ['XCom'];
const KeyParams = TiParams.extend({ xcom_key: z.string().min(1) });
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });
const ranges = Object.fromEntries(
  ['logical_date', 'run_after'].flatMap((n) => ['gte', 'gt', 'lte', 'lt'].map((op) => [`${n}_${op}`, dateTimeInput.optional()])),
) as Record<`${'logical_date' | 'run_after'}_${'gte' | 'gt' | 'lte' | 'lt'}`, z.ZodOptional<typeof dateTimeInput>>;

export const getXComEntries = defineRoute(permission('read', 'task instances'), {
  method: 'get', path: base, operationId: 'get_xcom_entries', tags: tag, summary: 'Get Xcom Entries',
  description: 'Get all XCom entries. `~` as the dag_id, dag_run_id or task_id lists the entries of every DAG, run or task.',
  request: {
    params: TiParams,
    query: z.object({
      ...PageQuery, ...ranges,
      xcom_key: z.string().optional(), map_index: intString.optional(), xcom_key_pattern: z.string().optional(), dag_display_name_pattern: z.string().optional(),
      run_id_pattern: z.string().optional(), task_id_pattern: z.string().optional(), map_index_filter: intString.optional(),
    }),
  },
  responses: { 200: jsonContent(XComCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
});
export const getXComEntry = defineRoute(permission('read', 'task instances'), {
  method: 'get', path: `${base}/{xcom_key}`, operationId: 'get_xcom_entry', tags: tag, summary: 'Get Xcom Entry',
  request: { params: KeyParams, query: z.object({ ...MapIndexQuery, deserialize: queryBool.optional(), stringify: queryBool.optional() }) },
  responses: { 200: jsonContent(z.union([XComResponseNative, XComResponseString])), ...errorResponses(400, 401, 403, 404, 422) },
});
export const createXComEntry = defineRoute(permission('create', 'task instances'), {
  method: 'post', path: base, operationId: 'create_xcom_entry', tags: tag, summary: 'Create Xcom Entry',
  request: { params: TiParams, body: body(XComCreateBody) },
  responses: { 201: jsonContent(XComResponseNative), ...errorResponses(400, 401, 403, 404, 422) },
});
export const updateXComEntry = defineRoute(permission('edit', 'task instances'), {
  method: 'patch', path: `${base}/{xcom_key}`, operationId: 'update_xcom_entry', tags: tag, summary: 'Update Xcom Entry',
  request: { params: KeyParams, body: body(XComUpdateBody) },
  responses: { 200: jsonContent(XComResponseNative), ...errorResponses(400, 401, 403, 404, 422) },
});

const time = (v: string | undefined) => (v === undefined ? undefined : new Date(v.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`).getTime());

/** Python's str() of a JSON value, near enough: strings as they are, the rest as JSON. */
function stringified(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Our JSON values are deeply readonly; hono's are not (the value is only serialized). */
const asJson = (value: JsonValue) => value as JSONValue;

export function registerXComRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getXComEntries, async (c) => {
    const { dag_id, dag_run_id, task_id } = c.req.valid('param');
    const q = c.req.valid('query');
    if (dag_id !== '~') await requireDag(store, dag_id);
    if (dag_run_id !== '~' && dag_id === '~') throw new ApiError(400, 'a dag_run_id needs a dag_id: use ~ for both, or name the DAG');
    const runs = dag_run_id !== '~' ? [await requireRun(store, { dagId: dag_id, runId: dag_run_id })] : (await store.dagRuns.list(dag_id !== '~' ? { dagId: dag_id } : {})).items;
    const ctx = new TiContext(store, deps.versions);
    const key = likeMatcher(q.xcom_key_pattern);
    const dagName = likeMatcher(q.dag_display_name_pattern);
    const runName = likeMatcher(q.run_id_pattern);
    const taskName = likeMatcher(q.task_id_pattern);
    const mapIndex = q.map_index ?? q.map_index_filter;
    const inRange = (t: number | null, name: 'logical_date' | 'run_after') => {
      const [gte, gt, lte, lt] = (['gte', 'gt', 'lte', 'lt'] as const).map((op) => time(q[`${name}_${op}`]));
      if ([gte, gt, lte, lt].every((v) => v === undefined)) return true;
      return t !== null && (gte === undefined || t >= gte) && (gt === undefined || t > gt) && (lte === undefined || t <= lte) && (lt === undefined || t < lt);
    };
    const entries: XComEntry[] = [];
    for (const run of runs) {
      if (runName && !runName(run.runId)) continue;
      if (dagName && !dagName(run.dagId)) continue;
      if (!inRange(run.logicalDate?.getTime() ?? null, 'logical_date') || !inRange(run.runAfter.getTime(), 'run_after')) continue;
      for (const e of await store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, ...(task_id !== '~' ? { taskId: task_id } : {}) })) {
        if (q.xcom_key !== undefined && e.key !== q.xcom_key) continue;
        if (key && !key(e.key)) continue;
        if (taskName && !taskName(e.taskId)) continue;
        if (mapIndex !== undefined && e.mapIndex !== mapIndex) continue;
        entries.push(e);
      }
    }
    const page = entries.slice(q.offset, q.offset + deps.pageLimit(q.limit));
    const xcom_entries = [];
    for (const e of page) xcom_entries.push(presentXCom(e, await ctx.run(e.dagId, e.runId)));
    return c.json({ xcom_entries, total_entries: entries.length }, 200);
  });

  api.openapi(getXComEntry, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    const run = await requireRun(store, { dagId: p.dag_id, runId: p.dag_run_id });
    const entry = await store.xcom.get({ dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: q.map_index, key: p.xcom_key });
    if (!entry) throw new ApiError(404, `XCom entry with key '${p.xcom_key}' not found for task ${p.task_id}${q.map_index >= 0 ? `[${q.map_index}]` : ''} of run ${p.dag_run_id}`);
    const shown = presentXCom(entry, run);
    // Shown redacted (secrets a task returned), stored as is: downstream tasks read the real value.
    const value = (await knownSecretsMasker(deps.app.secrets)).maskJson(entry.value);
    if (q.stringify) return c.json({ ...shown, value: stringified(value) }, 200);
    return c.json({ ...shown, value: asJson(value) }, 200);
  });

  api.openapi(createXComEntry, async (c) => {
    const p = c.req.valid('param');
    const b = c.req.valid('json');
    const run = await requireRun(store, { dagId: p.dag_id, runId: p.dag_run_id });
    const key = { dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: b.map_index, key: b.key };
    const entry = await createXCom(store, key, (b.value ?? null) as JsonValue, callerOf(c).username, deps.now());
    return c.json({ ...presentXCom(entry, run), value: asJson(entry.value) }, 201);
  });

  api.openapi(updateXComEntry, async (c) => {
    const p = c.req.valid('param');
    const b = c.req.valid('json');
    const run = await requireRun(store, { dagId: p.dag_id, runId: p.dag_run_id });
    const key = { dagId: p.dag_id, runId: p.dag_run_id, taskId: p.task_id, mapIndex: b.map_index, key: p.xcom_key };
    const entry = await updateXCom(store, key, (b.value ?? null) as JsonValue, callerOf(c).username, deps.now());
    return c.json({ ...presentXCom(entry, run), value: asJson(entry.value) }, 200);
  });
}
