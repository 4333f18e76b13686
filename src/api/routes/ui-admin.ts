/** The admin pages' `/ui/` endpoints: cluster health, connections with URIs, config with sources. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../api-context.js';
import type { AuthEnv } from '../route-def.js';
import { registerUiClusterRoute } from './ui-cluster.js';
import { registerUiConfigRoute } from './ui-config.js';
import { registerUiConnectionsRoute } from './ui-connections.js';

export function registerUiAdminRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  registerUiClusterRoute(api, deps);
  registerUiConnectionsRoute(api, deps);
  registerUiConfigRoute(api, deps);
}
