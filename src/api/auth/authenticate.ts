/**
 * Who is calling: the `Authorization: Bearer <JWT>` header, verified, and the
 * user it names still present and active (their current roles apply, so a
 * role change or a removed user takes effect within UserCache's bound, 2 s, or
 * at once when made through this server; not at token expiry).
 */
import type { Context } from 'hono';
import type { ApiUser } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { verifyJwt, type AccessClaims } from './jwt.js';
import type { UserCache } from './user-cache.js';

export type Authenticator = (c: Context) => Promise<ApiUser>;

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/** Tokens whose signature checked out, by their text: a client sends the same one again and again. */
const MAX_VERIFIED = 1000;

export function createAuthenticator(users: UserCache, secret: string, now: () => Date): Authenticator {
  const verified = new Map<string, AccessClaims>();
  const claimsOf = (token: string, nowMs: number): AccessClaims => {
    const known = verified.get(token);
    // Expiry is checked on every use; only the signature check (an HMAC) is skipped.
    if (known && known.exp * 1000 > nowMs) return known;
    const result = verifyJwt(token, secret, nowMs);
    if (!result.ok) {
      verified.delete(token);
      throw new ApiError(401, `Invalid JWT token: ${result.reason}`, CHALLENGE);
    }
    verified.set(token, result.claims);
    if (verified.size > MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
    return result.claims;
  };
  return async (c) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'Not authenticated: send Authorization: Bearer <token> (get one from POST /auth/token)', CHALLENGE);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError(401, 'Invalid authorization header: expected Bearer <token>', CHALLENGE);
    const claims = claimsOf(match[1] as string, now().getTime());
    const user = await users.get(claims.sub);
    if (!user || !user.active) throw new ApiError(401, 'Invalid JWT token: its user no longer exists or is disabled', CHALLENGE);
    return { username: user.username, roles: user.roles };
  };
}
