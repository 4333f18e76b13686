/**
 * `GET /ui/me`: who is signed in, with their roles and, for every action on
 * every resource, whether they may and the least role that may. The UI hides or
 * disables what the user cannot do, with the reason, from this one answer, so
 * it never keeps a copy of the role table.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../api-context.js';
import { allows, leastRoleFor, LEAST_ROLE, type Action, type Resource } from '../permissions.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent } from '../schemas/common.js';
import { UiMeResponse } from '../schemas/ui.js';

const ACTIONS: readonly Action[] = ['read', 'create', 'edit', 'delete'];

// Reading DAGs is what every role has: the least right that still says "signed in with a role".
export const getUiMe = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/ui/me',
  operationId: 'get_me_ui',
  tags: ['UI'],
  summary: 'The signed-in user, their roles and what they may do',
  responses: { 200: jsonContent(UiMeResponse), ...errorResponses(401, 403) },
});

export function registerUiMeRoute(api: OpenAPIHono<AuthEnv>, _deps: RouteDeps): void {
  api.openapi(getUiMe, (c) => {
    const user = callerOf(c);
    const permissions = (Object.keys(LEAST_ROLE) as Resource[]).flatMap((resource) =>
      ACTIONS.map((action) => ({ action, resource, allowed: allows(user.roles, { action, resource }), least_role: leastRoleFor({ action, resource }) })),
    );
    return c.json({ username: user.username, roles: [...user.roles], permissions }, 200);
  });
}
