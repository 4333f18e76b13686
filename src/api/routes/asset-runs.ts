/**
 * Asset-triggered runs in the API: `GET /api/v2/dags/{dag_id}/assets/queuedEvents`
 * (assets updated since the DAG's last asset-triggered run, the scheduler's queue)
 * and `GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/upstreamAssetEvents` (the
 * events an asset-triggered run consumed).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { queuedAssetEvents, runsCreatedBy, upstreamAssetEvents } from '../../services/assets.js';
import type { RouteDeps } from '../api-context.js';
import { presentAssetEvent, presentQueuedEvent } from '../present/asset.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { AssetEventCollectionResponse, QueuedEventCollectionResponse } from '../schemas/assets.js';
import { dateTimeInput, errorResponses, jsonContent } from '../schemas/common.js';
import { parseDate } from './utc-date.js';

export const getDagAssetQueuedEvents = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/assets/queuedEvents',
  operationId: 'get_dag_asset_queued_events',
  tags: ['Asset'],
  summary: 'Get Dag Asset Queued Events',
  description: 'Get queued asset events for a DAG.',
  request: { params: z.object({ dag_id: z.string().min(1) }), query: z.object({ before: dateTimeInput.optional() }) },
  responses: { 200: jsonContent(QueuedEventCollectionResponse), ...errorResponses(401, 403, 422) },
});

export const getUpstreamAssetEvents = defineRoute(permission('read', 'assets'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/upstreamAssetEvents',
  operationId: 'get_upstream_asset_events',
  tags: ['DagRun'],
  summary: 'Get Upstream Asset Events',
  description: 'If dag run is asset-triggered, return the asset events that triggered it.',
  request: { params: z.object({ dag_id: z.string().min(1), dag_run_id: z.string().min(1) }) },
  responses: { 200: jsonContent(AssetEventCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});

export function registerAssetRunRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getDagAssetQueuedEvents, async (c) => {
    const { dag_id } = c.req.valid('param');
    const { before } = c.req.valid('query');
    const entries = await queuedAssetEvents(store, dag_id, before === undefined ? undefined : parseDate(before));
    return c.json({ queued_events: entries.map(presentQueuedEvent), total_entries: entries.length }, 200);
  });

  api.openapi(getUpstreamAssetEvents, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const { events, assets } = await upstreamAssetEvents(store, { dagId: dag_id, runId: dag_run_id });
    const created = await runsCreatedBy(store, events);
    return c.json({ asset_events: events.map((e) => presentAssetEvent(e, assets.get(e.assetId), created.get(e.id))), total_entries: events.length }, 200);
  });
}
