/**
 * DAG-level reads beside the DAG itself: a version's source (`dagSources`), run
 * counts per state (`dagStats`), versions (`dagVersions`, `~` for every DAG)
 * and warnings (`dagWarnings`: we raise none yet, so the list is empty).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { DAG_RUN_STATES } from '../../core/states.js';
import { requireDag } from '../../services/dag-lookup.js';
import type { DagVersion } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError, ApiValidationError } from '../http-errors.js';
import { BUNDLE_NAME, presentVersion } from '../present/dag.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryInt, queryList } from '../schemas/common.js';
import { DAGSourceResponse, DagStatsCollectionResponse, DAGVersionCollectionResponse, DAGWarningCollectionResponse, DagWarningType } from '../schemas/dag-extras.js';
import { DagVersionResponse } from '../schemas/dags.js';
import { intString } from '../schemas/ti-params.js';

const readDags = permission('read', 'DAGs');
const DagParam = z.object({ dag_id: z.string().min(1) });

export const getDagSource = defineRoute(readDags, {
  method: 'get', path: '/api/v2/dagSources/{dag_id}', operationId: 'get_dag_source', tags: ['DagSource'], summary: 'Get Dag Source',
  description: 'The source of the DAG file at a version (the latest by default); `Accept: text/plain` gives the code alone.',
  request: { params: DagParam, query: z.object({ version_number: intString.optional() }) },
  responses: {
    200: { description: 'Successful Response', content: { 'application/json': { schema: DAGSourceResponse }, 'text/plain': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404, 406, 422),
  },
});
export const getDagStats = defineRoute(readDags, {
  method: 'get', path: '/api/v2/dagStats', operationId: 'get_dag_stats', tags: ['DagStats'], summary: 'Get Dag Stats',
  request: { query: z.object({ dag_ids: queryList(z.string()) }) },
  responses: { 200: jsonContent(DagStatsCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });
export const getDagVersions = defineRoute(readDags, {
  method: 'get', path: '/api/v2/dags/{dag_id}/dagVersions', operationId: 'get_dag_versions', tags: ['DagVersion'], summary: 'Get Dag Versions',
  description: 'Get all DAG Versions. `~` as the dag_id lists the versions of every DAG.',
  request: {
    params: DagParam,
    query: z.object({ ...PageQuery, version_number: queryInt(0).optional(), bundle_name: z.string().optional(), bundle_version: z.string().optional(), order_by: orderByQuery('id') }),
  },
  responses: { 200: jsonContent(DAGVersionCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });
export const getDagVersion = defineRoute(readDags, {
  method: 'get', path: '/api/v2/dags/{dag_id}/dagVersions/{version_number}', operationId: 'get_dag_version', tags: ['DagVersion'], summary: 'Get Dag Version',
  request: { params: DagParam.extend({ version_number: intString }) },
  responses: { 200: jsonContent(DagVersionResponse), ...errorResponses(401, 403, 404, 422) },
});
export const listDagWarnings = defineRoute(readDags, {
  method: 'get', path: '/api/v2/dagWarnings', operationId: 'list_dag_warnings', tags: ['DagWarning'], summary: 'List Dag Warnings',
  request: { query: z.object({ ...PageQuery, dag_id: z.string().optional(), warning_type: DagWarningType.optional(), order_by: orderByQuery('dag_id') }) },
  responses: { 200: jsonContent(DAGWarningCollectionResponse), ...errorResponses(401, 403, 422) },
});

const VERSION_ORDER: Readonly<Record<string, (v: DagVersion) => string | number>> = {
  id: (v) => v.id,
  version_number: (v) => v.versionNumber,
  bundle_name: () => BUNDLE_NAME,
  bundle_version: () => '',
  dag_id: (v) => v.dagId,
  created_at: (v) => v.createdAt.getTime(),
};
const WARNING_ORDER = ['dag_id', 'warning_type', 'message', 'timestamp'];

function orderError(name: string, allowed: readonly string[]): never {
  throw new ApiValidationError([
    { loc: ['query', 'order_by'], msg: `Ordering with '${name}' is disallowed or the attribute does not exist on the model: use one of ${allowed.join(', ')}`, type: 'value_error' },
  ]);
}

export function registerDagExtraRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getDagSource, async (c) => {
    const { dag_id } = c.req.valid('param');
    const { version_number } = c.req.valid('query');
    const accept = c.req.header('accept') ?? '*/*';
    const wantsText = accept.includes('text/plain');
    if (!wantsText && !accept.includes('application/json') && !accept.includes('*/*')) {
      throw new ApiError(406, `Content not available for Accept '${accept}': ask for application/json or text/plain`);
    }
    await requireDag(store, dag_id);
    const versions = await store.dags.listVersions(dag_id);
    const version = version_number === undefined ? versions.reduce<DagVersion | null>((a, v) => (!a || v.versionNumber > a.versionNumber ? v : a), null) : versions.find((v) => v.versionNumber === version_number);
    if (!version) throw new ApiError(404, `DAG '${dag_id}' has no version ${version_number ?? ''}`.trim());
    if (wantsText) {
      return new Response(version.sourceCode ?? '', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }) as never;
    }
    return c.json({ content: version.sourceCode, dag_id, version_number: version.versionNumber, dag_display_name: dag_id }, 200);
  });

  api.openapi(getDagStats, async (c) => {
    const { dag_ids } = c.req.valid('query');
    const ids = dag_ids && dag_ids.length > 0 ? [...new Set(dag_ids)] : (await store.dags.list({})).items.map((d) => d.dagId);
    const dags = [];
    for (const dagId of ids) {
      if (!(await store.dags.get(dagId))) continue;
      const counts = await store.dagRuns.countByState(dagId);
      dags.push({ dag_id: dagId, dag_display_name: dagId, stats: DAG_RUN_STATES.map((state) => ({ state, count: counts[state] ?? 0 })) });
    }
    return c.json({ dags, total_entries: dags.length }, 200);
  });

  api.openapi(getDagVersions, async (c) => {
    const { dag_id } = c.req.valid('param');
    const q = c.req.valid('query');
    let versions: DagVersion[];
    if (dag_id === '~') {
      versions = [];
      for (const dag of (await store.dags.list({})).items) versions.push(...(await store.dags.listVersions(dag.dagId)));
    } else {
      await requireDag(store, dag_id);
      versions = await store.dags.listVersions(dag_id);
    }
    versions = versions.filter(
      (v) => (q.version_number === undefined || v.versionNumber === q.version_number) && (q.bundle_name === undefined || q.bundle_name === BUNDLE_NAME) && q.bundle_version === undefined,
    );
    const order = (q.order_by ?? []).find((k) => k.trim() !== '') ?? 'id';
    const desc = order.startsWith('-');
    const name = desc ? order.slice(1) : order;
    const key = Object.prototype.hasOwnProperty.call(VERSION_ORDER, name) ? VERSION_ORDER[name] : undefined;
    if (!key) orderError(name, Object.keys(VERSION_ORDER));
    versions.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (desc ? -1 : 1));
    const page = versions.slice(q.offset, q.offset + deps.pageLimit(q.limit));
    return c.json({ dag_versions: page.map(presentVersion), total_entries: versions.length }, 200);
  });

  api.openapi(getDagVersion, async (c) => {
    const { dag_id, version_number } = c.req.valid('param');
    await requireDag(store, dag_id);
    const version = (await store.dags.listVersions(dag_id)).find((v) => v.versionNumber === version_number);
    if (!version) throw new ApiError(404, `DAG '${dag_id}' has no version ${version_number}: list them with GET /api/v2/dags/${dag_id}/dagVersions`);
    return c.json(presentVersion(version), 200);
  });

  api.openapi(listDagWarnings, async (c) => {
    const q = c.req.valid('query');
    for (const k of q.order_by ?? []) {
      const name = k.startsWith('-') ? k.slice(1) : k;
      if (name.trim() !== '' && !WARNING_ORDER.includes(name)) orderError(name, WARNING_ORDER);
    }
    return c.json({ dag_warnings: [], total_entries: 0 }, 200);
  });
}
