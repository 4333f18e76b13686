/**
 * JSON Web Tokens, HS256 only, with node:crypto: the API's access tokens.
 * Claims: `sub` (username), `roles`, `iat`, `exp` (seconds since the epoch).
 * Verification rejects any other algorithm (no `none`), a bad signature
 * (constant-time compare), a malformed token and an expired one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly iat: number;
  readonly exp: number;
}

export type VerifyResult = { readonly ok: true; readonly claims: AccessClaims } | { readonly ok: false; readonly reason: string };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** A token longer than this is not ours: refuse before any work. */
const MAX_TOKEN_LENGTH = 8192;

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(claims: AccessClaims, secret: string): string {
  return signJwtPayload(claims, secret);
}

export function verifyJwt(token: string, secret: string, nowMs: number): VerifyResult {
  const verified = verifyJwtPayload(token, secret, nowMs);
  if (!verified.ok) return verified;
  const claims = verified.payload;
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || !claims.roles.every((r) => typeof r === 'string') || typeof claims.iat !== 'number') {
    return { ok: false, reason: 'the token claims are malformed' };
  }
  return { ok: true, claims: { sub: claims.sub, roles: claims.roles as string[], iat: claims.iat, exp: claims.exp } };
}

/** Any claims with an `exp` (seconds since the epoch): the execution API's task tokens use this too. */
export function signJwtPayload(payload: { readonly exp: number }, secret: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

export type VerifiedPayload = { readonly ok: true; readonly payload: Record<string, unknown> & { readonly exp: number } } | { readonly ok: false; readonly reason: string };

/** Checks the signature, the algorithm and `exp`; the caller checks the claims it needs. */
export function verifyJwtPayload(token: string, secret: string, nowMs: number): VerifiedPayload {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'the token is too long' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the token is not a JWT' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'the token signature is invalid' };
  const head = parseJson(header);
  if (!head || head.alg !== 'HS256') return { ok: false, reason: 'the token is not signed with HS256' };
  const claims = parseJson(payload);
  if (!claims || typeof claims.exp !== 'number') return { ok: false, reason: 'the token claims are malformed' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'the token has expired: get a new one from POST /auth/token' };
  return { ok: true, payload: claims as Record<string, unknown> & { exp: number } };
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
