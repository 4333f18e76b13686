/**
 * Defining a route: the OpenAPI route (zod schemas, the one source of the served
 * spec) plus who may call it. The access rule travels in the definition as the
 * `x-updraft-permission` extension, so the served spec doubles as the permission
 * table, and one middleware (added here to every route) enforces it before the
 * request is validated: a caller without the right gets 401/403, never a 422.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv, ApiUser } from './api-context.js';
import type { Authenticator } from './auth/authenticate.js';
import { ApiError } from './http-errors.js';
import { whileStoreUnchanged, type ResponseCache } from './response-cache.js';
import { allows, denialReason, type Action, type Permission, type Resource } from './permissions.js';

export type Access = 'public' | Permission;

export const PERMISSION_EXTENSION = 'x-updraft-permission';

const BEARER: Record<string, string[]>[] = [{ OAuth2PasswordBearer: [] }, { HTTPBearer: [] }];

/** The authenticator and response cache of this server, set on the context by the app (routes are module constants). */
export interface AuthEnv {
  Variables: ApiEnv['Variables'] & { authenticate: Authenticator; responses: ResponseCache };
}

export function permission(action: Action, resource: Resource): Permission {
  return { action, resource };
}

function accessMiddleware(access: Access): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const user = await c.get('authenticate')(c as unknown as Context);
      if (!allows(user.roles, access)) throw new ApiError(403, denialReason(user.username, user.roles, access));
      c.set('user', user);
    }
    await next();
  };
}

export interface RouteOptions {
  /**
   * The 200 answer is a function of the path, the query and the stored data alone
   * (not of the caller or the clock): kept while the store is unchanged (response-cache.ts).
   */
  readonly cacheWhileStoreUnchanged?: boolean;
}

export function defineRoute<const R extends Omit<RouteConfig, 'middleware'>>(access: Access, config: R, options: RouteOptions = {}) {
  const cache = options.cacheWhileStoreUnchanged ? [whileStoreUnchanged<AuthEnv>()] : [];
  return createRoute({
    ...config,
    // Access first: a kept answer is only ever given to a caller allowed to read it.
    middleware: [accessMiddleware(access), ...cache],
    security: access === 'public' ? [] : BEARER,
    [PERMISSION_EXTENSION]: access === 'public' ? 'public' : `${access.action} ${access.resource}`,
  });
}

/** The authenticated caller (only on routes that are not public). */
export function callerOf(c: { get(key: 'user'): ApiUser }): ApiUser {
  return c.get('user');
}
