/**
 * `GET /api/v2/plugins`, `/plugins/importErrors` and `/providers`: Updraft has
 * no Airflow plugins or provider packages, so the lists are empty (with the
 * spec's shapes, so clients that read them work).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../api-context.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, PageQuery } from '../schemas/common.js';

const PluginCollectionResponse = z
  .object({ plugins: z.array(z.record(z.string(), z.unknown())), total_entries: z.number().int() })
  .openapi('PluginCollectionResponse');
const PluginImportErrorCollectionResponse = z
  .object({ import_errors: z.array(z.object({ source: z.string(), error: z.string() })), total_entries: z.number().int() })
  .openapi('PluginImportErrorCollectionResponse');
const ProviderCollectionResponse = z
  .object({ providers: z.array(z.object({ package_name: z.string(), description: z.string(), version: z.string() })), total_entries: z.number().int() })
  .openapi('ProviderCollectionResponse');

export const getPlugins = defineRoute(permission('read', 'plugins'), {
  method: 'get',
  path: '/api/v2/plugins',
  operationId: 'get_plugins',
  tags: ['Plugin'],
  summary: 'Get Plugins',
  request: { query: z.object(PageQuery) },
  responses: { 200: jsonContent(PluginCollectionResponse), ...errorResponses(401, 403, 422) },
});

export const getPluginImportErrors = defineRoute(permission('read', 'plugins'), {
  method: 'get',
  path: '/api/v2/plugins/importErrors',
  operationId: 'import_errors',
  tags: ['Plugin'],
  summary: 'Import Errors',
  responses: { 200: jsonContent(PluginImportErrorCollectionResponse), ...errorResponses(401, 403) },
});

export const getProviders = defineRoute(permission('read', 'providers'), {
  method: 'get',
  path: '/api/v2/providers',
  operationId: 'get_providers',
  tags: ['Provider'],
  summary: 'Get Providers',
  request: { query: z.object(PageQuery) },
  responses: { 200: jsonContent(ProviderCollectionResponse), ...errorResponses(401, 403, 422) },
});

export function registerPluginProviderRoutes(api: OpenAPIHono<AuthEnv>, _deps: RouteDeps): void {
  api.openapi(getPlugins, (c) => c.json({ plugins: [], total_entries: 0 }, 200));
  api.openapi(getPluginImportErrors, (c) => c.json({ import_errors: [], total_entries: 0 }, 200));
  api.openapi(getProviders, (c) => c.json({ providers: [], total_entries: 0 }, 200));
}
