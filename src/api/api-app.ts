/**
 * The REST API as one hono app: Airflow's API v2 routes (each defined once with
 * zod, which also generates `/api/v2/openapi.json`), `POST /auth/token`, the
 * `/docs` page, and the shared behaviour every request gets: a body size limit,
 * authentication and permission per route, validation errors as FastAPI's 422,
 * every other error as `{"detail": ...}`, and gzip for clients that accept it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, RouteDeps } from './api-context.js';
import { createAuthenticator } from './auth/authenticate.js';
import { LoginLimiter, type LoginLimits } from './auth/login-limiter.js';
import { UserCache } from './auth/user-cache.js';
import { registerTokenRoute } from './auth/token-route.js';
import { compression } from './compression.js';
import { DOCS_HTML } from './docs-page.js';
import { executionKey } from './execution/execution-token.js';
import { registerExecutionRoutes } from './execution/execution-routes.js';
import { errorHandler, validationIssues, validationResponse } from './http-errors.js';
import { VersionCache } from './present/version-cache.js';
import { ResponseCache } from './response-cache.js';
import type { AuthEnv } from './route-def.js';
import { registerDagRunRoutes } from './routes/dag-runs.js';
import { registerDagRunWaitRoute } from './routes/dag-run-wait.js';
import { registerDagTagRoutes } from './routes/dag-tags.js';
import { registerDagRoutes } from './routes/dags.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerMonitorRoutes } from './routes/monitor.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerDagExtraRoutes } from './routes/dag-extras.js';
import { registerTaskInstanceHistoryRoutes } from './routes/task-instance-history.js';
import { registerTaskInstanceRoutes } from './routes/task-instances.js';
import { registerXComRoutes } from './routes/xcom.js';
import { registerVariableRoutes } from './routes/variables.js';
import { registerConnectionRoutes } from './routes/connections.js';
import { registerPoolRoutes } from './routes/pools.js';
import { registerImportErrorRoutes } from './routes/import-errors.js';
import { registerEventLogRoutes } from './routes/event-logs.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerBackfillRoutes } from './routes/backfills.js';
import { registerPluginProviderRoutes } from './routes/plugins-providers.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerConfigRoutes } from './routes/config.js';
import { registerUserRoutes } from './routes/users.js';
import { registerUiRoutes } from './routes/ui.js';
import { registerUiAssets } from './ui-assets.js';

export interface ApiAppOptions {
  readonly jwtSecret: string;
  readonly accessTokenExpirationSec: number;
  readonly maximumPageLimit: number;
  /** Largest request body accepted (413 past it). */
  readonly maxBodyBytes?: number;
  readonly loginLimiter?: LoginLimits;
  /** Lifetime of a worker's task token (queue.execution_token_expiration_time); default 600 s. */
  readonly executionTokenTtlSec?: number;
  /** Memory for answers kept while the store is unchanged (api.response_cache_mb); 0: off. */
  readonly responseCacheBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function buildApiApp(deps: ApiDeps, options: ApiAppOptions): OpenAPIHono<AuthEnv> {
  const api = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationResponse(c, validationIssues(result.error, result.target));
      return undefined;
    },
  });
  const users = new UserCache(deps.app.store);
  const routeDeps: RouteDeps = {
    ...deps,
    versions: new VersionCache(),
    pageLimit: (limit) => Math.min(limit, options.maximumPageLimit),
    usersChanged: () => users.forget(),
  };
  const authenticate = createAuthenticator(users, options.jwtSecret, deps.now);
  const responses = new ResponseCache(deps.app.store, options.responseCacheBytes);

  api.onError(errorHandler(deps.log));
  api.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  // First, so it sees every answer last.
  api.use('*', compression());
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    onError: (c) => c.json({ detail: `Request body too large: the limit is ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes` }, 413),
  });
  api.use('*', (c, next) =>
    // The limit asks the request for its body stream, which makes @hono/node-server build a whole
    // fetch Request (a third of a kept answer's cost): a GET that announces no body skips it.
    (c.req.method === 'GET' || c.req.method === 'HEAD') && !c.req.header('content-length') && !c.req.header('transfer-encoding') ? next() : limitBody(c, next),
  );
  api.use('*', async (c, next) => {
    c.set('authenticate', authenticate);
    c.set('responses', responses);
    await next();
  });

  registerTokenRoute(api, deps, {
    secret: options.jwtSecret,
    expirationSec: options.accessTokenExpirationSec,
    limiter: options.loginLimiter ?? new LoginLimiter(),
  });
  registerMonitorRoutes(api, deps);
  registerDagRoutes(api, routeDeps);
  registerTaskRoutes(api, routeDeps);
  registerDagTagRoutes(api, routeDeps);
  registerDagRunRoutes(api, routeDeps);
  registerDagRunWaitRoute(api, routeDeps);
  registerDagExtraRoutes(api, routeDeps);
  // XCom and history before task instances: `{task_id}/{map_index}` would match `{task_id}/tries`.
  registerXComRoutes(api, routeDeps);
  registerTaskInstanceHistoryRoutes(api, routeDeps);
  registerTaskInstanceRoutes(api, routeDeps);
  registerVariableRoutes(api, routeDeps);
  registerConnectionRoutes(api, routeDeps);
  registerPoolRoutes(api, routeDeps);
  registerImportErrorRoutes(api, routeDeps);
  registerEventLogRoutes(api, routeDeps);
  registerJobRoutes(api, routeDeps);
  registerBackfillRoutes(api, routeDeps);
  registerPluginProviderRoutes(api, routeDeps);
  registerAssetRoutes(api, routeDeps);
  registerConfigRoutes(api, routeDeps);
  registerUserRoutes(api, routeDeps);

  api.openAPIRegistry.registerComponent('securitySchemes', 'OAuth2PasswordBearer', {
    type: 'oauth2',
    description: 'A JWT from POST /auth/token, sent as Authorization: Bearer <token>.',
    flows: { password: { tokenUrl: '/auth/token', scopes: {} } },
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'HTTPBearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/api/v2/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Updraft API',
      version: '2',
      description: "Updraft's REST API, compatible with Apache Airflow's API v2. Every /api/v2 route but version and monitor/health needs a bearer token from POST /auth/token.",
    },
  });
  api.get('/docs', (c) => c.html(DOCS_HTML));
  registerMetricsRoute(api, deps, responses);
  registerExecutionRoutes(api, deps, { key: executionKey(options.jwtSecret), tokenTtlSec: options.executionTokenTtlSec ?? 600 });
  registerUiRoutes(api, routeDeps);
  // Last: the web UI answers every other GET (its pages are client-side routes).
  registerUiAssets(api);
  return api;
}
