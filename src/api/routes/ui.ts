/**
 * The web UI's own JSON endpoints, under `/ui/`: each defined with `defineRoute`
 * (so it is in the served spec, with its permission, and the RBAC suite covers
 * it), registered here. Answers carry an ETag, so the UI's polls of an unchanged
 * screen cost a 304 and no re-render.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { etag } from 'hono/etag';
import type { RouteDeps } from '../api-context.js';
import type { AuthEnv } from '../route-def.js';
import { registerUiAdminRoutes } from './ui-admin.js';
import { registerUiDagVisualRoutes } from './ui-dag-visuals.js';
import { registerUiDagRoutes } from './ui-dags.js';
import { registerUiDeadlineRoutes } from './ui-deadlines.js';
import { registerUiGridRoutes } from './ui-grid.js';
import { registerUiMeRoute } from './ui-me.js';

export function registerUiRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.use('/ui/*', etag());
  api.use('/ui/*', async (c, next) => {
    await next();
    // Per user (the token decides the answer), and always revalidated.
    c.header('cache-control', 'private, no-cache');
    c.header('vary', 'authorization');
  });
  registerUiMeRoute(api, deps);
  registerUiDagRoutes(api, deps);
  registerUiDagVisualRoutes(api, deps);
  registerUiAdminRoutes(api, deps);
  registerUiGridRoutes(api, deps);
  registerUiDeadlineRoutes(api, deps);
}
