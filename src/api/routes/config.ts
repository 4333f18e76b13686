/**
 * `GET /api/v2/config` and `/config/section/{section}/option/{option}`: the
 * settings in effect, only when `api.expose_config` is on (403 otherwise, as
 * Airflow answers), secrets always masked; JSON or, for `Accept: text/plain`,
 * the config file's text form.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { configSections, configText } from '../../services/config-view.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, HTTPExceptionResponse } from '../schemas/common.js';

const ConfigOption = z.strictObject({ key: z.string(), value: z.string() }).openapi('ConfigOption');
const ConfigSection = z.strictObject({ name: z.string(), options: z.array(ConfigOption) }).openapi('ConfigSection');
const Config = z.strictObject({ sections: z.array(ConfigSection) }).openapi('Config');

const success = {
  description: 'Successful Response',
  content: { 'application/json': { schema: Config }, 'text/plain': { schema: z.string() } },
};
const notAcceptable = { 406: { description: 'Not Acceptable', content: { 'application/json': { schema: HTTPExceptionResponse } } } };

export const getConfig = defineRoute(permission('read', 'config'), {
  method: 'get',
  path: '/api/v2/config',
  operationId: 'get_config',
  tags: ['Config'],
  summary: 'Get Config',
  request: { query: z.object({ section: z.string().max(200).optional() }) },
  responses: { 200: success, ...errorResponses(401, 403, 404, 422), ...notAcceptable },
});

export const getConfigValue = defineRoute(permission('read', 'config'), {
  method: 'get',
  path: '/api/v2/config/section/{section}/option/{option}',
  operationId: 'get_config_value',
  tags: ['Config'],
  summary: 'Get Config Value',
  request: { params: z.object({ section: z.string().min(1), option: z.string().min(1) }) },
  responses: { 200: success, ...errorResponses(401, 403, 404, 422), ...notAcceptable },
});

const HIDDEN = 'Your Updraft administrator chose not to expose the configuration, most likely for security reasons: set api.expose_config to true to allow it.';

/** JSON for `*\/*`, `application/json` or no Accept; text for `text/plain`; 406 for anything else. */
function wantsText(c: Context): boolean {
  const accept = c.req.header('accept') ?? '*/*';
  if (accept.includes('application/json') || accept.includes('*/*')) return false;
  if (accept.includes('text/plain')) return true;
  throw new ApiError(406, 'Only application/json or text/plain is supported');
}

export function registerConfigRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const exposed = () => {
    if (!deps.app.config.apiExposeConfig) throw new ApiError(403, HIDDEN);
  };
  api.openapi(getConfig, (c) => {
    exposed();
    const sections = configSections(deps.app.config, c.req.valid('query').section);
    return wantsText(c) ? c.text(configText(sections), 200) : c.json({ sections }, 200);
  });
  api.openapi(getConfigValue, (c) => {
    exposed();
    const { section, option } = c.req.valid('param');
    const sections = configSections(deps.app.config, section, option);
    return wantsText(c) ? c.text(configText(sections), 200) : c.json({ sections }, 200);
  });
}
