/**
 * `GET /ui/connections`: the Connections page in one round trip: a page of
 * connections (filtered by id pattern and type), each with its URI for copying
 * (never the password; secret keys of the extra masked) and whether a password
 * is saved, plus what the page must know up front: whether testing is Enabled,
 * Disabled or Hidden (core.test_connection) and which types the server can test.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { connectionToUri } from '../../core/connection-uri.js';
import { TESTABLE_CONN_TYPES } from '../../hooks/connection-test.js';
import { maskedConnection } from '../../services/connections.js';
import { likeMatcher, pageInMemory } from '../../services/list-page.js';
import type { Connection } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { presentConnection } from '../present/connection.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery } from '../schemas/common.js';
import { UiConnectionCollectionResponse, type UiConnection } from '../schemas/ui-admin.js';
import { storeSort } from './ordering.js';

const ORDER_FIELDS = { connection_id: 'connId', conn_type: 'connType', host: 'host', description: 'description' } as const;

export const getUiConnections = defineRoute(permission('read', 'connections'), {
  method: 'get',
  path: '/ui/connections',
  operationId: 'get_connections_ui',
  tags: ['UI'],
  summary: "Connections with their URIs (without passwords) and whether they may be tested (the web UI's Connections page)",
  request: {
    query: z.object({
      ...PageQuery,
      order_by: orderByQuery('connection_id'),
      connection_id_pattern: z.string().max(1000).optional(),
      conn_type: z.string().max(200).optional(),
    }),
  },
  responses: { 200: jsonContent(UiConnectionCollectionResponse), ...errorResponses(401, 403, 422) },
});

/** The URI shown for copying: no password; a connection whose parts cannot form one gets none. */
function uriOf(shown: Connection): string | null {
  try {
    return connectionToUri({ ...shown, password: null });
  } catch {
    return null;
  }
}

function present(conn: Connection): z.infer<typeof UiConnection> {
  return {
    ...presentConnection(conn),
    uri: uriOf(maskedConnection(conn)),
    has_password: conn.password !== null && conn.password !== '',
  };
}

export function registerUiConnectionsRoute(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getUiConnections, async (c) => {
    const q = c.req.valid('query');
    const { items } = await deps.app.store.connections.list({ orderBy: 'connId' });
    const matches = likeMatcher(q.connection_id_pattern);
    const type = q.conn_type?.trim().toLowerCase();
    const page = pageInMemory(items, {
      sort: storeSort(q.order_by, ORDER_FIELDS, 'connId'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
      keep: (conn) => matches(conn.connId) && (!type || conn.connType.toLowerCase() === type),
    });
    return c.json(
      {
        connections: page.items.map(present),
        total_entries: page.total,
        test_connection: deps.app.config.testConnection,
        testable_types: [...TESTABLE_CONN_TYPES],
      },
      200,
    );
  });
}
