/**
 * Who is calling: the `Authorization: Bearer <JWT>` header, verified, and the
 * user it names still present and active (their current roles apply, so a
 * role change or a removed user takes effect at once, not at token expiry).
 */
import type { Context } from 'hono';
import type { Store } from '../../store/store.js';
import type { ApiUser } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { verifyJwt } from './jwt.js';

export type Authenticator = (c: Context) => Promise<ApiUser>;

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

export function createAuthenticator(store: Store, secret: string, now: () => Date): Authenticator {
  return async (c) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'Not authenticated: send Authorization: Bearer <token> (get one from POST /auth/token)', CHALLENGE);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError(401, 'Invalid authorization header: expected Bearer <token>', CHALLENGE);
    const result = verifyJwt(match[1] as string, secret, now().getTime());
    if (!result.ok) throw new ApiError(401, `Invalid JWT token: ${result.reason}`, CHALLENGE);
    const user = await store.users.get(result.claims.sub);
    if (!user || !user.active) throw new ApiError(401, 'Invalid JWT token: its user no longer exists or is disabled', CHALLENGE);
    return { username: user.username, roles: user.roles };
  };
}
