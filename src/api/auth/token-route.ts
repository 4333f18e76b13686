/**
 * `POST /auth/token` `{"username","password"}` -> `201 {"access_token"}` (Airflow's
 * simple auth manager). One message for an unknown user and a wrong password;
 * failed attempts per username and address are limited (429 with Retry-After).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { hashPassword, verifyPassword } from '../../auth/password.js';
import type { ApiDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { defineRoute, type AuthEnv } from '../route-def.js';
import { errorResponses } from '../schemas/common.js';
import { signJwt } from './jwt.js';
import type { LoginLimits } from './login-limiter.js';

const LoginBody = z.object({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }).openapi('LoginBody');
const LoginResponse = z.object({ access_token: z.string() }).openapi('LoginResponse');

export const createToken = defineRoute('public', {
  method: 'post',
  path: '/auth/token',
  operationId: 'create_token',
  tags: ['Auth'],
  summary: 'Create an access token',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    201: { description: 'Successful Response', content: { 'application/json': { schema: LoginResponse } } },
    ...errorResponses(401, 422),
  },
});

export interface TokenOptions {
  readonly secret: string;
  readonly expirationSec: number;
  readonly limiter: LoginLimits;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // Not behind node's server (tests call fetch directly).
  }
}

export function registerTokenRoute(api: OpenAPIHono<AuthEnv>, deps: ApiDeps, options: TokenOptions): void {
  // An unknown user costs a verification too, so timing does not tell which names exist.
  let decoy: Promise<string> | null = null;
  api.openapi(createToken, async (c) => {
    const { username, password } = c.req.valid('json');
    const now = deps.now();
    const key = `${username}\u0000${clientAddress(c as unknown as Context)}`;
    const wait = await options.limiter.retryAfterMs(key, now.getTime());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(429, `Too many failed logins for '${username}' from this address: try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    const user = await deps.app.store.users.get(username);
    const ok = user && user.active ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, await (decoy ??= hashPassword('decoy-password')));
    if (!user || !user.active || !ok) {
      await options.limiter.recordFailure(key, now.getTime());
      throw new ApiError(401, 'Invalid username or password', { 'WWW-Authenticate': 'Bearer' });
    }
    await options.limiter.recordSuccess(key);
    await deps.app.store.users.update(user.username, { lastLogin: now });
    const iat = Math.floor(now.getTime() / 1000);
    const token = signJwt({ sub: user.username, roles: [...user.roles], iat, exp: iat + options.expirationSec }, options.secret);
    return c.json({ access_token: token }, 201);
  });
}
