/**
 * `GET /ui/config`: the settings in effect for the Config page: each option's
 * value (secrets always `***`), where it came from (default, config file with
 * its line, environment variable, command-line flag), its description, default
 * and what it accepts. Only when `api.expose_config` is on, like `/api/v2/config`.
 */
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import type { UpdraftConfig } from '../../config/config.js';
import { describeAllowed } from '../../config/options.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent } from '../schemas/common.js';
import { UiConfigResponse, type UiConfigOption } from '../schemas/ui-admin.js';

export const getUiConfig = defineRoute(permission('read', 'config'), {
  method: 'get',
  path: '/ui/config',
  operationId: 'get_config_ui',
  tags: ['UI'],
  summary: "The settings in effect, secrets masked, with where each value came from (the web UI's Config page)",
  description: 'Off unless api.expose_config is true (403 otherwise), as `/api/v2/config`.',
  responses: { 200: jsonContent(UiConfigResponse), ...errorResponses(401, 403) },
});

export const CONFIG_HIDDEN =
  'Your Updraft administrator chose not to expose the configuration, most likely for security reasons: set api.expose_config to true (UPDRAFT__API__EXPOSE_CONFIG=true) to allow it.';

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function configView(config: UpdraftConfig): z.infer<typeof UiConfigResponse> {
  const sections = new Map<string, z.infer<typeof UiConfigOption>[]>();
  for (const s of config.settings) {
    const o = s.option;
    const secret = o.secret === true;
    const fallback = typeof o.default === 'function' ? o.default(config.home) : o.default;
    const options = sections.get(o.section) ?? [];
    options.push({
      key: o.key,
      value: secret && s.value !== null ? '***' : text(s.value),
      is_secret: secret,
      source: s.source,
      origin: s.origin,
      description: o.description,
      default: secret ? null : text(fallback),
      accepts: describeAllowed(o),
      env_var: `UPDRAFT__${o.section.toUpperCase()}__${o.key.toUpperCase()}`,
    });
    sections.set(o.section, options);
  }
  return { config_file: config.configFile, sections: [...sections].map(([name, options]) => ({ name, options })) };
}

export function registerUiConfigRoute(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getUiConfig, (c) => {
    if (!deps.app.config.apiExposeConfig) throw new ApiError(403, CONFIG_HIDDEN);
    return c.json(configView(deps.app.config), 200);
  });
}
