/**
 * `GET /api/v2/assets`, `/assets/{asset_id}` and `/assets/events`, with the DAGs
 * scheduled on each asset, the tasks that update it, and the runs each event
 * triggered; the asset-triggered queue and a run's consumed events are in
 * asset-runs.ts. Updraft has no inlets, aliases or watchers: those lists are empty.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { assetLinks, createAssetEvent, listAssetEvents, listAssets, requireAsset, runsCreatedBy } from '../../services/assets.js';
import type { RouteDeps } from '../api-context.js';
import { ApiValidationError } from '../http-errors.js';
import { presentAsset, presentAssetEvent } from '../present/asset.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { AssetCollectionResponse, AssetEventCollectionResponse, AssetEventResponse, AssetResponse } from '../schemas/assets.js';
import { dateTimeInput, errorResponses, jsonContent, orderByQuery, PageQuery, queryBool, queryList } from '../schemas/common.js';
import { registerAssetRunRoutes } from './asset-runs.js';
import { storeSort } from './ordering.js';
import { parseDate } from './utc-date.js';

const integer = z.string().regex(/^-?\d{1,15}$/, 'Input should be a valid integer, unable to parse string as an integer').transform(Number).openapi({ type: 'integer' });
const text = z.string().max(1000).optional();
const timestampBounds = Object.fromEntries(['gte', 'gt', 'lte', 'lt'].map((op) => [`timestamp_${op}`, dateTimeInput.optional()])) as Record<
  `timestamp_${'gte' | 'gt' | 'lte' | 'lt'}`,
  z.ZodOptional<typeof dateTimeInput>
>;

export const getAssets = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/assets',
  operationId: 'get_assets',
  tags: ['Asset'],
  summary: 'Get Assets',
  request: { query: z.object({ ...PageQuery, name_pattern: text, uri_pattern: text, dag_ids: queryList(z.string()), only_active: queryBool.optional(), order_by: orderByQuery('id') }) },
  responses: { 200: jsonContent(AssetCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });

export const getAssetEvents = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/assets/events',
  operationId: 'get_asset_events',
  tags: ['Asset'],
  summary: 'Get Asset Events',
  request: {
    query: z.object({
      ...PageQuery,
      order_by: orderByQuery('timestamp'),
      asset_id: integer.optional(),
      source_dag_id: text,
      source_task_id: text,
      source_run_id: text,
      source_map_index: integer.optional(),
      name_pattern: text,
      ...timestampBounds,
    }),
  },
  responses: { 200: jsonContent(AssetEventCollectionResponse), ...errorResponses(401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });

const AssetAliasCollectionResponse = z
  .object({ asset_aliases: z.array(z.object({ id: z.number().int(), name: z.string(), group: z.string() })), total_entries: z.number().int() })
  .openapi('AssetAliasCollectionResponse');

const CreateAssetEventsBody = z
  .strictObject({ asset_id: z.number().int(), extra: z.record(z.string(), z.unknown()).optional(), partition_key: z.string().nullable().optional() })
  .openapi('CreateAssetEventsBody');

export const createAssetEventRoute = defineRoute(permission('create', 'assets'), {
  method: 'post',
  path: '/api/v2/assets/events',
  operationId: 'create_asset_event',
  tags: ['Asset'],
  summary: 'Create Asset Event',
  request: { body: { content: { 'application/json': { schema: CreateAssetEventsBody } }, required: true } },
  responses: { 200: jsonContent(AssetEventResponse), ...errorResponses(401, 403, 404, 422) },
});

/** Updraft has no asset aliases yet: the list is always empty. */
export const getAssetAliases = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/assets/aliases',
  operationId: 'get_asset_aliases',
  tags: ['Asset'],
  summary: 'Get Asset Aliases',
  request: { query: z.object({ ...PageQuery, name_pattern: text, order_by: orderByQuery('id') }) },
  responses: { 200: jsonContent(AssetAliasCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});

export const getAsset = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/assets/{asset_id}',
  operationId: 'get_asset',
  tags: ['Asset'],
  summary: 'Get Asset',
  request: { params: z.object({ asset_id: integer }) },
  responses: { 200: jsonContent(AssetResponse), ...errorResponses(401, 403, 404, 422) },
});

const ASSET_ORDER = { id: 'id', name: 'name', uri: 'uri', created_at: 'createdAt', updated_at: 'updatedAt' } as const;
const EVENT_ORDER = { id: 'id', timestamp: 'timestamp', source_task_id: 'sourceTaskId', source_dag_id: 'sourceDagId', source_run_id: 'sourceRunId', source_map_index: 'sourceMapIndex' } as const;

export function registerAssetRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getAssets, async (c) => {
    const q = c.req.valid('query');
    const page = await listAssets(store, {
      namePattern: q.name_pattern,
      uriPattern: q.uri_pattern,
      dagIds: q.dag_ids,
      sort: storeSort(q.order_by, ASSET_ORDER, 'id'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    const links = await assetLinks(store, page.items);
    return c.json({ assets: page.items.map((a) => presentAsset(a, links.get(a.id))), total_entries: page.total }, 200);
  });

  api.openapi(getAssetEvents, async (c) => {
    const q = c.req.valid('query');
    const at = (v: string | undefined, shift: number) => (v ? new Date(parseDate(v).getTime() + shift) : undefined);
    const lows = [at(q.timestamp_gte, 0), at(q.timestamp_gt, 1)].filter((d): d is Date => d !== undefined);
    const highs = [at(q.timestamp_lte, 0), at(q.timestamp_lt, -1)].filter((d): d is Date => d !== undefined);
    const { page, assets } = await listAssetEvents(store, {
      assetId: q.asset_id,
      sourceDagId: q.source_dag_id,
      sourceTaskId: q.source_task_id,
      sourceRunId: q.source_run_id,
      sourceMapIndex: q.source_map_index,
      namePattern: q.name_pattern,
      from: lows.length > 0 ? new Date(Math.max(...lows.map(Number))) : undefined,
      to: highs.length > 0 ? new Date(Math.min(...highs.map(Number))) : undefined,
      sort: storeSort(q.order_by, EVENT_ORDER, 'timestamp'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    const created = await runsCreatedBy(store, page.items);
    return c.json({ asset_events: page.items.map((e) => presentAssetEvent(e, assets.get(e.assetId), created.get(e.id))), total_entries: page.total }, 200);
  });

  api.openapi(createAssetEventRoute, async (c) => {
    const b = c.req.valid('json');
    if (b.partition_key != null) {
      throw new ApiValidationError([{ loc: ['body', 'partition_key'], msg: 'partitioned asset events are not supported by Updraft yet', type: 'value_error' }]);
    }
    const { event, asset } = await createAssetEvent(store, { assetId: b.asset_id, extra: b.extra ?? {} }, callerOf(c).username, deps.now());
    deps.onChange();
    return c.json(presentAssetEvent(event, asset), 200);
  });

  api.openapi(getAssetAliases, (c) => {
    storeSort(c.req.valid('query').order_by, { id: 'id', name: 'name' } as const, 'id');
    return c.json({ asset_aliases: [], total_entries: 0 }, 200);
  });

  api.openapi(getAsset, async (c) => {
    const asset = await requireAsset(store, c.req.valid('param').asset_id);
    return c.json(presentAsset(asset, (await assetLinks(store, [asset])).get(asset.id)), 200);
  });

  registerAssetRunRoutes(api, deps);
}
