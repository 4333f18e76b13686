/**
 * `/api/v2/connections`: list, get, create, patch, delete, and bulk changes.
 * A response never carries the password (`***` when one is set) nor the values
 * of secret-looking keys of the extra.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { normalizeConnType } from '../../core/connection-uri.js';
import { runBulk, type BulkAction } from '../../services/bulk.js';
import {
  CONNECTIONS_BULK,
  createConnection,
  type ConnectionBulkEntity,
  deleteConnection,
  listConnections,
  requireConnection,
  testConnectionSettings,
  updateConnection,
} from '../../services/connections.js';
import type { ConnectionInput } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { presentConnection as present } from '../present/connection.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { BulkBodyConnections, BulkResponse, ConnectionBody, ConnectionCollectionResponse, ConnectionResponse, ConnectionTestResponse } from '../schemas/admin.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryList } from '../schemas/common.js';
import { storeSort } from './ordering.js';

const IdParam = z.object({ connection_id: z.string().min(1) });
const ORDER_FIELDS = { connection_id: 'connId', conn_id: 'connId', id: 'connId', conn_type: 'connType', description: 'description', host: 'host', port: 'port' } as const;
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const getConnections = defineRoute(permission('read', 'connections'), {
  method: 'get',
  path: '/api/v2/connections',
  operationId: 'get_connections',
  tags: ['Connection'],
  summary: 'Get Connections',
  request: { query: z.object({ ...PageQuery, order_by: orderByQuery('id'), connection_id_pattern: z.string().max(1000).optional() }) },
  responses: { 200: jsonContent(ConnectionCollectionResponse), ...errorResponses(401, 403, 404, 422) },
});

export const bulkConnections = defineRoute(permission('edit', 'connections'), {
  method: 'patch',
  path: '/api/v2/connections',
  operationId: 'bulk_connections',
  tags: ['Connection'],
  summary: 'Bulk Connections',
  request: { body: body(BulkBodyConnections) },
  responses: { 200: jsonContent(BulkResponse), ...errorResponses(401, 403, 422) },
});

export const postConnection = defineRoute(permission('create', 'connections'), {
  method: 'post',
  path: '/api/v2/connections',
  operationId: 'post_connection',
  tags: ['Connection'],
  summary: 'Post Connection',
  request: { body: body(ConnectionBody) },
  responses: { 201: jsonContent(ConnectionResponse), ...errorResponses(401, 403, 409, 422) },
});

export const getConnection = defineRoute(permission('read', 'connections'), {
  method: 'get',
  path: '/api/v2/connections/{connection_id}',
  operationId: 'get_connection',
  tags: ['Connection'],
  summary: 'Get Connection',
  request: { params: IdParam },
  responses: { 200: jsonContent(ConnectionResponse), ...errorResponses(401, 403, 404, 422) },
});

export const patchConnection = defineRoute(permission('edit', 'connections'), {
  method: 'patch',
  path: '/api/v2/connections/{connection_id}',
  operationId: 'patch_connection',
  tags: ['Connection'],
  summary: 'Patch Connection',
  request: { params: IdParam, query: z.object({ update_mask: queryList(z.string()) }), body: body(ConnectionBody) },
  responses: { 200: jsonContent(ConnectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deleteConnectionRoute = defineRoute(permission('delete', 'connections'), {
  method: 'delete',
  path: '/api/v2/connections/{connection_id}',
  operationId: 'delete_connection',
  tags: ['Connection'],
  summary: 'Delete Connection',
  request: { params: IdParam },
  responses: { 204: { description: 'Successful Response' }, ...errorResponses(401, 403, 404, 422) },
});

export const testConnectionRoute = defineRoute(permission('create', 'connections'), {
  method: 'post',
  path: '/api/v2/connections/test',
  operationId: 'test_connection',
  tags: ['Connection'],
  summary: 'Test Connection',
  description: 'Connects with the given settings (nothing is saved) and reports whether it worked. Off unless `core.test_connection` is Enabled (403 otherwise), as in Airflow. A blank or masked password of a saved connection means its saved password.',
  request: { body: body(ConnectionBody) },
  responses: { 200: jsonContent(ConnectionTestResponse), ...errorResponses(401, 403, 422) },
});

type Body = z.infer<typeof ConnectionBody>;

function toInput(b: Body): ConnectionInput {
  return {
    connId: b.connection_id,
    connType: normalizeConnType(b.conn_type),
    description: b.description ?? null,
    host: b.host ?? null,
    login: b.login ?? null,
    schema: b.schema ?? null,
    port: b.port ?? null,
    password: b.password ?? null,
    extra: b.extra === undefined || b.extra === null || b.extra === '' ? null : b.extra,
  };
}

export function registerConnectionRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getConnections, async (c) => {
    const q = c.req.valid('query');
    const page = await listConnections(store, {
      idPattern: q.connection_id_pattern,
      sort: storeSort(q.order_by, ORDER_FIELDS, 'connId'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    return c.json({ connections: page.items.map(present), total_entries: page.total }, 200);
  });

  api.openapi(bulkConnections, async (c) => {
    const entity = (e: Body): ConnectionBulkEntity => ({ input: toInput(e), sent: Object.keys(e).filter((k) => k !== 'connection_id') });
    const actions: BulkAction<ConnectionBulkEntity>[] = c.req.valid('json').actions.map((a) =>
      a.action === 'delete' ? { ...a, entities: a.entities.map((e) => (typeof e === 'string' ? e : entity(e))) } : { ...a, entities: a.entities.map(entity) },
    );
    return c.json(await runBulk(store, CONNECTIONS_BULK, actions, callerOf(c).username, deps.now()), 200);
  });

  api.openapi(postConnection, async (c) => {
    const saved = await createConnection(store, toInput(c.req.valid('json')), callerOf(c).username, deps.now());
    return c.json(present(saved), 201);
  });

  // Before `{connection_id}` routes: `test` is not an id here.
  api.openapi(testConnectionRoute, async (c) => {
    const result = await testConnectionSettings(store, toInput(c.req.valid('json')), deps.app.config.testConnection, callerOf(c).username, deps.now());
    return c.json({ status: result.ok, message: result.message }, 200);
  });

  api.openapi(getConnection, async (c) => c.json(present(await requireConnection(store, c.req.valid('param').connection_id)), 200));

  api.openapi(patchConnection, async (c) => {
    const id = c.req.valid('param').connection_id;
    const b = c.req.valid('json');
    const mask = c.req.valid('query').update_mask;
    const sent = Object.keys(b).filter((k) => k !== 'connection_id');
    const saved = await updateConnection(store, id, toInput(b), sent, mask && mask.length > 0 ? mask : null, callerOf(c).username, deps.now());
    return c.json(present(saved), 200);
  });

  api.openapi(deleteConnectionRoute, async (c) => {
    await deleteConnection(store, c.req.valid('param').connection_id, callerOf(c).username, deps.now());
    return c.body(null, 204);
  });
}
