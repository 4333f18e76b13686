/** `GET /api/v2/dagTags`: every tag name used by a DAG. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../api-context.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery } from '../schemas/common.js';
import { DAGTagCollectionResponse } from '../schemas/dags.js';
import { storeSort } from './ordering.js';

export const getDagTags = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/api/v2/dagTags',
  operationId: 'get_dag_tags',
  tags: ['DAG'],
  summary: 'Get Dag Tags',
  request: { query: z.object({ ...PageQuery, order_by: orderByQuery('name'), tag_name_pattern: z.string().max(1000).optional() }) },
  responses: { 200: jsonContent(DAGTagCollectionResponse), ...errorResponses(401, 403, 422) },
}, { cacheWhileStoreUnchanged: true });

export function registerDagTagRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getDagTags, async (c) => {
    const q = c.req.valid('query');
    const page = await deps.app.store.dags.listTags({
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
      orderBy: storeSort(q.order_by, { name: 'name' } as const, 'name'),
      ...(q.tag_name_pattern !== undefined ? { namePattern: q.tag_name_pattern } : {}),
    });
    return c.json({ tags: page.items, total_entries: page.total }, 200);
  });
}
