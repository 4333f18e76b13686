/**
 * `/api/v2/backfills`: create (and its dry run), list for a DAG, get, pause,
 * unpause, cancel, all through `services/backfill.ts`.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { JsonObject } from '../../core/dag-spec.js';
import { cancelBackfill, createBackfill, dryRunBackfill, pauseBackfill, requireBackfill, type BackfillRequest } from '../../services/backfill.js';
import { requireDag } from '../../services/dag-lookup.js';
import { BadRequestError } from '../../services/errors.js';
import type { Backfill } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { ApiValidationError } from '../http-errors.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery } from '../schemas/common.js';
import { BackfillCollectionResponse, BackfillPostBody, BackfillResponse, DryRunBackfillCollectionResponse } from '../schemas/records.js';
import { storeSort } from './ordering.js';
import { parseDate } from './utc-date.js';

const IdParam = z.object({ backfill_id: z.string().regex(/^\d{1,15}$/, 'Input should be a valid integer').transform(Number).openapi({ type: 'integer', minimum: 0 }) });
const body = { content: { 'application/json': { schema: BackfillPostBody } }, required: true } as const;

export const listBackfills = defineRoute(permission('read', 'backfills'), {
  method: 'get',
  path: '/api/v2/backfills',
  operationId: 'list_backfills',
  tags: ['Backfill'],
  summary: 'List Backfills',
  request: { query: z.object({ dag_id: z.string().min(1), ...PageQuery, order_by: orderByQuery('id') }) },
  responses: { 200: jsonContent(BackfillCollectionResponse), ...errorResponses(401, 403, 422) },
}, { cacheWhileStoreUnchanged: true });

export const createBackfillRoute = defineRoute(permission('create', 'backfills'), {
  method: 'post',
  path: '/api/v2/backfills',
  operationId: 'create_backfill',
  tags: ['Backfill'],
  summary: 'Create Backfill',
  request: { body },
  responses: { 200: jsonContent(BackfillResponse), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const createBackfillDryRun = defineRoute(permission('create', 'backfills'), {
  method: 'post',
  path: '/api/v2/backfills/dry_run',
  operationId: 'create_backfill_dry_run',
  tags: ['Backfill'],
  summary: 'Create Backfill Dry Run',
  request: { body },
  responses: { 200: jsonContent(DryRunBackfillCollectionResponse), ...errorResponses(401, 403, 404, 409, 422) },
});

export const getBackfill = defineRoute(permission('read', 'backfills'), {
  method: 'get',
  path: '/api/v2/backfills/{backfill_id}',
  operationId: 'get_backfill',
  tags: ['Backfill'],
  summary: 'Get Backfill',
  request: { params: IdParam },
  responses: { 200: jsonContent(BackfillResponse), ...errorResponses(401, 403, 404, 422) },
});

const change = (action: 'pause' | 'unpause' | 'cancel') =>
  defineRoute(permission('edit', 'backfills'), {
    method: 'put',
    path: `/api/v2/backfills/{backfill_id}/${action}`,
    operationId: `${action}_backfill`,
    tags: ['Backfill'],
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} Backfill`,
    request: { params: IdParam },
    responses: { 200: jsonContent(BackfillResponse), ...errorResponses(401, 403, 404, 409, 422) },
  });

export const pauseBackfillRoute = change('pause');
export const unpauseBackfillRoute = change('unpause');
export const cancelBackfillRoute = change('cancel');

function present(b: Backfill): z.infer<typeof BackfillResponse> {
  return {
    id: b.id,
    dag_id: b.dagId,
    from_date: b.fromDate.toISOString(),
    to_date: b.toDate.toISOString(),
    dag_run_conf: b.dagRunConf,
    is_paused: b.isPaused,
    reprocess_behavior: b.reprocessBehavior,
    max_active_runs: b.maxActiveRuns,
    created_at: b.createdAt.toISOString(),
    completed_at: b.completedAt?.toISOString() ?? null,
    // We keep no separate update time: completion is the last change we record.
    updated_at: (b.completedAt ?? b.createdAt).toISOString(),
    dag_display_name: b.dagId,
  };
}

function request(b: z.infer<typeof BackfillPostBody>, triggeredBy: string): BackfillRequest {
  return {
    dagId: b.dag_id,
    from: parseDate(b.from_date),
    to: parseDate(b.to_date),
    triggeredBy,
    ...(b.reprocess_behavior ? { reprocess: b.reprocess_behavior } : {}),
    ...(b.max_active_runs !== undefined ? { maxActiveRuns: b.max_active_runs } : {}),
    ...(b.run_backwards !== undefined ? { runBackwards: b.run_backwards } : {}),
    ...(b.dag_run_conf ? { conf: b.dag_run_conf as JsonObject } : {}),
  };
}

export function registerBackfillRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(listBackfills, async (c) => {
    const q = c.req.valid('query');
    const page = await store.backfills.list({ dagId: q.dag_id, orderBy: storeSort(q.order_by, { id: 'id' } as const, 'id'), limit: deps.pageLimit(q.limit), offset: q.offset });
    return c.json({ backfills: page.items.map(present), total_entries: page.total }, 200);
  });

  api.openapi(createBackfillRoute, async (c) => {
    const created = await createBackfill(store, request(c.req.valid('json'), callerOf(c).username), deps.now());
    deps.onChange();
    return c.json(present(created.backfill), 200);
  });

  api.openapi(createBackfillDryRun, async (c) => {
    const b = c.req.valid('json');
    await requireDag(store, b.dag_id);
    let dates;
    try {
      dates = await dryRunBackfill(store, request(b, callerOf(c).username), deps.now());
    } catch (error) {
      // The dry run's spec has no 400: a request that cannot be planned is a validation error.
      if (error instanceof BadRequestError) throw new ApiValidationError([{ loc: ['body'], msg: error.message, type: 'value_error' }]);
      throw error;
    }
    const runs = dates.filter((d) => d.action !== 'skip').map((d) => ({ logical_date: d.logicalDate.toISOString(), partition_key: null, partition_date: null }));
    return c.json({ backfills: runs, total_entries: runs.length }, 200);
  });

  api.openapi(getBackfill, async (c) => c.json(present(await requireBackfill(store, c.req.valid('param').backfill_id)), 200));

  api.openapi(pauseBackfillRoute, async (c) => {
    const b = await pauseBackfill(store, c.req.valid('param').backfill_id, true, callerOf(c).username, deps.now());
    return c.json(present(b), 200);
  });

  api.openapi(unpauseBackfillRoute, async (c) => {
    const b = await pauseBackfill(store, c.req.valid('param').backfill_id, false, callerOf(c).username, deps.now());
    deps.onChange();
    return c.json(present(b), 200);
  });

  api.openapi(cancelBackfillRoute, async (c) => {
    const { backfill } = await cancelBackfill(store, c.req.valid('param').backfill_id, callerOf(c).username, deps.now());
    deps.onChange();
    return c.json(present(backfill), 200);
  });
}
