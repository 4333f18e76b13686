/** `/api/v2/dags`: list, bulk pause, get, details, pause, delete. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { locateDagFile } from '../../scheduler/dag-file-locator.js';
import { requireDag } from '../../services/dag-lookup.js';
import { deleteDag } from '../../services/delete-dag.js';
import { setDagPaused, setDagsPaused } from '../../services/pause-dag.js';
import type { DagFilter } from '../../store/store.js';
import type { DagModel } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { presentDag, presentDagDetails } from '../present/dag.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryBool, queryList } from '../schemas/common.js';
import { DAGCollectionResponse, DAGDetailsResponse, DAGPatchBody, DAGResponse } from '../schemas/dags.js';
import { storeSort } from './ordering.js';

const DagIdParam = z.object({ dag_id: z.string().min(1).openapi({ param: { name: 'dag_id', in: 'path' } }) });

const filterQuery = {
  ...PageQuery,
  tags: queryList(z.string()),
  tags_match_mode: z.enum(['any', 'all']).optional(),
  dag_id_pattern: z.string().max(1000).optional(),
  exclude_stale: queryBool.optional(),
  paused: queryBool.optional(),
};

const ORDER_FIELDS = { dag_id: 'dagId', dag_display_name: 'dagId', next_dagrun: 'nextDagrunAt', last_parsed_time: 'lastParsedAt' } as const;

export const getDags = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/api/v2/dags',
  operationId: 'get_dags',
  tags: ['DAG'],
  summary: 'Get Dags',
  request: { query: z.object({ ...filterQuery, order_by: orderByQuery('dag_id') }) },
  responses: { 200: jsonContent(DAGCollectionResponse), ...errorResponses(401, 403, 422) },
}, { cacheWhileStoreUnchanged: true });

export const patchDags = defineRoute(permission('edit', 'DAGs'), {
  method: 'patch',
  path: '/api/v2/dags',
  operationId: 'patch_dags',
  tags: ['DAG'],
  summary: 'Patch Dags',
  request: {
    query: z.object({ ...filterQuery, update_mask: queryList(z.string()) }),
    body: { content: { 'application/json': { schema: DAGPatchBody } }, required: true },
  },
  responses: { 200: jsonContent(DAGCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const getDag = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}',
  operationId: 'get_dag',
  tags: ['DAG'],
  summary: 'Get Dag',
  request: { params: DagIdParam },
  responses: { 200: jsonContent(DAGResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const getDagDetails = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/details',
  operationId: 'get_dag_details',
  tags: ['DAG'],
  summary: 'Get Dag Details',
  request: { params: DagIdParam },
  responses: { 200: jsonContent(DAGDetailsResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const patchDag = defineRoute(permission('edit', 'DAGs'), {
  method: 'patch',
  path: '/api/v2/dags/{dag_id}',
  operationId: 'patch_dag',
  tags: ['DAG'],
  summary: 'Patch Dag',
  request: {
    params: DagIdParam,
    query: z.object({ update_mask: queryList(z.string()) }),
    body: { content: { 'application/json': { schema: DAGPatchBody } }, required: true },
  },
  responses: { 200: jsonContent(DAGResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deleteDagRoute = defineRoute(permission('delete', 'DAGs'), {
  method: 'delete',
  path: '/api/v2/dags/{dag_id}',
  operationId: 'delete_dag',
  tags: ['DAG'],
  summary: 'Delete Dag',
  request: { params: DagIdParam },
  responses: { 200: jsonContent(z.object({})), ...errorResponses(400, 401, 403, 404, 422) },
});

type FilterQuery = { limit: number; offset: number; tags?: string[] | undefined; tags_match_mode?: 'any' | 'all' | undefined; dag_id_pattern?: string | undefined; exclude_stale?: boolean | undefined; paused?: boolean | undefined };

function dagFilter(q: FilterQuery, deps: RouteDeps): DagFilter {
  // `~` (Airflow's "every DAG") and `%` match all; the store wraps the pattern in % itself.
  const pattern = q.dag_id_pattern === undefined || q.dag_id_pattern === '~' ? undefined : q.dag_id_pattern;
  return {
    limit: deps.pageLimit(q.limit),
    offset: q.offset,
    ...(q.tags && q.tags.length > 0 ? { tags: q.tags, tagsMatchMode: q.tags_match_mode ?? 'any' } : {}),
    ...(pattern !== undefined ? { dagIdPattern: pattern } : {}),
    ...(q.paused !== undefined ? { paused: q.paused } : {}),
    ...(q.exclude_stale === false ? {} : { active: true }),
  };
}

function checkUpdateMask(mask: readonly string[] | undefined): void {
  if (mask && mask.some((field) => field !== 'is_paused')) throw new ApiError(400, 'Only `is_paused` field can be updated through the REST API');
}

export function registerDagRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  const absFileloc = (dag: DagModel): string => {
    try {
      return locateDagFile(deps.app.dagFolders, dag.fileloc).absPath;
    } catch {
      return dag.fileloc; // Its folder is not loaded here (e.g. the examples): the stored path is all we know.
    }
  };
  const present = async (dag: DagModel) => presentDag(dag, dag.latestVersionId === null ? null : await deps.versions.get(store, dag.latestVersionId), absFileloc(dag));

  api.openapi(getDags, async (c) => {
    const q = c.req.valid('query');
    const page = await store.dags.list({ ...dagFilter(q, deps), orderBy: storeSort(q.order_by, ORDER_FIELDS, 'dagId') });
    return c.json({ dags: await Promise.all(page.items.map(present)), total_entries: page.total }, 200);
  });

  api.openapi(patchDags, async (c) => {
    const q = c.req.valid('query');
    checkUpdateMask(q.update_mask);
    const { is_paused } = c.req.valid('json');
    const page = await store.dags.list(dagFilter(q, deps));
    await setDagsPaused(store, page.items.map((d) => d.dagId), is_paused, callerOf(c).username, deps.now());
    if (!is_paused) deps.onChange();
    const dags = await Promise.all(page.items.map(async (d) => present({ ...d, isPaused: is_paused })));
    return c.json({ dags, total_entries: page.total }, 200);
  });

  api.openapi(getDag, async (c) => c.json(await present(await requireDag(store, c.req.valid('param').dag_id)), 200));

  api.openapi(getDagDetails, async (c) => {
    const dag = await requireDag(store, c.req.valid('param').dag_id);
    const version = dag.latestVersionId === null ? null : await deps.versions.get(store, dag.latestVersionId);
    return c.json(presentDagDetails(dag, version, absFileloc(dag), await store.dagRuns.countActive(dag.dagId)), 200);
  });

  api.openapi(patchDag, async (c) => {
    const { dag_id } = c.req.valid('param');
    checkUpdateMask(c.req.valid('query').update_mask);
    const { is_paused } = c.req.valid('json');
    await setDagPaused(store, dag_id, is_paused, callerOf(c).username, deps.now());
    if (!is_paused) deps.onChange();
    return c.json(await present(await requireDag(store, dag_id)), 200);
  });

  api.openapi(deleteDagRoute, async (c) => {
    await deleteDag(store, c.req.valid('param').dag_id, callerOf(c).username, deps.now());
    return c.json({}, 200);
  });
}
