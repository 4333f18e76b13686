/**
 * `/api/v2/pools`: list, get, create, patch, delete, and bulk changes, each pool
 * with its slot counts by state. `default_pool` cannot be deleted (400, as in Airflow's spec).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { runBulk, type BulkAction } from '../../services/bulk.js';
import { createPool, deletePool, getPoolSlots, listPoolSlots, POOLS_BULK, updatePool, type PoolSlots } from '../../services/pools.js';
import type { Pool } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { BulkBodyPools, BulkResponse, PoolBody, PoolCollectionResponse, PoolPatchBody, PoolResponse } from '../schemas/admin.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryList } from '../schemas/common.js';
import { storeSort } from './ordering.js';

const NameParam = z.object({ pool_name: z.string().min(1) });
const ORDER_FIELDS = { id: 'name', pool: 'name', name: 'name' } as const;
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const getPools = defineRoute(permission('read', 'pools'), {
  method: 'get',
  path: '/api/v2/pools',
  operationId: 'get_pools',
  tags: ['Pool'],
  summary: 'Get Pools',
  request: { query: z.object({ ...PageQuery, order_by: orderByQuery('id'), pool_name_pattern: z.string().max(1000).optional() }) },
  responses: { 200: jsonContent(PoolCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });

export const bulkPools = defineRoute(permission('edit', 'pools'), {
  method: 'patch',
  path: '/api/v2/pools',
  operationId: 'bulk_pools',
  tags: ['Pool'],
  summary: 'Bulk Pools',
  request: { body: body(BulkBodyPools) },
  responses: { 200: jsonContent(BulkResponse), ...errorResponses(401, 403, 422) },
});

export const postPool = defineRoute(permission('create', 'pools'), {
  method: 'post',
  path: '/api/v2/pools',
  operationId: 'post_pool',
  tags: ['Pool'],
  summary: 'Post Pool',
  request: { body: body(PoolBody) },
  responses: { 201: jsonContent(PoolResponse), ...errorResponses(401, 403, 409, 422) },
});

export const getPool = defineRoute(permission('read', 'pools'), {
  method: 'get',
  path: '/api/v2/pools/{pool_name}',
  operationId: 'get_pool',
  tags: ['Pool'],
  summary: 'Get Pool',
  request: { params: NameParam },
  responses: { 200: jsonContent(PoolResponse), ...errorResponses(401, 403, 404, 422) },
});

export const patchPool = defineRoute(permission('edit', 'pools'), {
  method: 'patch',
  path: '/api/v2/pools/{pool_name}',
  operationId: 'patch_pool',
  tags: ['Pool'],
  summary: 'Patch Pool',
  request: { params: NameParam, query: z.object({ update_mask: queryList(z.string()) }), body: body(PoolPatchBody) },
  responses: { 200: jsonContent(PoolResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deletePoolRoute = defineRoute(permission('delete', 'pools'), {
  method: 'delete',
  path: '/api/v2/pools/{pool_name}',
  operationId: 'delete_pool',
  tags: ['Pool'],
  summary: 'Delete Pool',
  request: { params: NameParam },
  responses: { 204: { description: 'Successful Response' }, ...errorResponses(400, 401, 403, 404, 422) },
});

function toPool(b: z.infer<typeof PoolBody>): Pool {
  return { name: b.name, slots: b.slots, description: b.description ?? null, includeDeferred: b.include_deferred ?? false };
}

function present(s: PoolSlots): z.infer<typeof PoolResponse> {
  return {
    name: s.pool.name,
    slots: s.pool.slots,
    description: s.pool.description,
    include_deferred: s.pool.includeDeferred,
    occupied_slots: s.occupied,
    running_slots: s.running,
    queued_slots: s.queued,
    scheduled_slots: s.scheduled,
    open_slots: s.open,
    deferred_slots: s.deferred,
    team_name: null,
  };
}

export function registerPoolRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getPools, async (c) => {
    const q = c.req.valid('query');
    const page = await listPoolSlots(store, { namePattern: q.pool_name_pattern, sort: storeSort(q.order_by, ORDER_FIELDS, 'name'), limit: deps.pageLimit(q.limit), offset: q.offset });
    return c.json({ pools: page.items.map(present), total_entries: page.total }, 200);
  });

  api.openapi(bulkPools, async (c) => {
    const actions: BulkAction<Pool>[] = c.req.valid('json').actions.map((a) =>
      a.action === 'delete' ? { ...a, entities: a.entities.map((e) => (typeof e === 'string' ? e : toPool(e))) } : { ...a, entities: a.entities.map(toPool) },
    );
    return c.json(await runBulk(store, POOLS_BULK, actions, callerOf(c).username, deps.now()), 200);
  });

  api.openapi(postPool, async (c) => c.json(present(await createPool(store, toPool(c.req.valid('json')), callerOf(c).username, deps.now())), 201));

  api.openapi(getPool, async (c) => c.json(present(await getPoolSlots(store, c.req.valid('param').pool_name)), 200));

  api.openapi(patchPool, async (c) => {
    const name = c.req.valid('param').pool_name;
    const b = c.req.valid('json');
    const mask = c.req.valid('query').update_mask;
    const patch = { name: b.pool, slots: b.slots, description: b.description, includeDeferred: b.include_deferred };
    const saved = await updatePool(store, name, patch, Object.keys(b), mask && mask.length > 0 ? mask : null, callerOf(c).username, deps.now());
    return c.json(present(saved), 200);
  });

  api.openapi(deletePoolRoute, async (c) => {
    await deletePool(store, c.req.valid('param').pool_name, callerOf(c).username, deps.now());
    return c.body(null, 204);
  });
}
