/**
 * The tokens of the execution API, which workers use instead of database
 * credentials (Airflow 3's task tokens). Each names one try of one task
 * instance and is good for nothing else:
 *
 *   scheduler queues a try ──> start token (in the job; lives while the job may wait in the queue)
 *   worker: POST /execution/tries/start with it ──> execution token (short-lived,
 *     refreshed by every call, so only a task whose worker went silent loses it)
 *
 * A start token can start its try once: starting moves the instance from
 * queued to running, and a second start finds it running. Both are signed with
 * a key derived from the API's JWT secret, so an API access token is never an
 * execution token and the other way round.
 */
import { createHmac } from 'node:crypto';
import type { TaskInstanceKey } from '../../core/run-model.js';
import { signJwtPayload, verifyJwtPayload } from '../auth/jwt.js';

export type TokenUse = 'start_try' | 'execute_try';

export interface TryClaims {
  readonly use: TokenUse;
  readonly ti: TaskInstanceKey;
  readonly tryNumber: number;
  readonly iat: number;
  readonly exp: number;
}

/** A queued job may wait this long for a free worker; after it the scheduler has queued it again anyway. */
export const START_TOKEN_TTL_SEC = 24 * 3600;

export type TryTokenCheck = { readonly ok: true; readonly claims: TryClaims } | { readonly ok: false; readonly reason: string };

export function executionKey(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('updraft execution api').digest('base64url');
}

export function signTryToken(key: string, use: TokenUse, ti: TaskInstanceKey, tryNumber: number, now: Date, ttlSec: number): string {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TryClaims = { use, ti: { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex }, tryNumber, iat, exp: iat + ttlSec };
  return signJwtPayload(claims, key);
}

export function verifyTryToken(token: string, key: string, use: TokenUse, now: Date): TryTokenCheck {
  const verified = verifyJwtPayload(token, key, now.getTime());
  if (!verified.ok) {
    const reason = verified.reason.startsWith('the token has expired') ? 'the task token has expired: the try went silent for longer than queue.execution_token_expiration_time' : verified.reason;
    return { ok: false, reason };
  }
  const p = verified.payload;
  const ti = p.ti as Record<string, unknown> | undefined;
  const valid =
    p.use === use &&
    typeof p.tryNumber === 'number' &&
    typeof p.iat === 'number' &&
    typeof ti === 'object' &&
    ti !== null &&
    typeof ti.dagId === 'string' &&
    typeof ti.runId === 'string' &&
    typeof ti.taskId === 'string' &&
    typeof ti.mapIndex === 'number';
  if (!valid) return { ok: false, reason: p.use !== use && typeof p.use === 'string' ? `this is a ${p.use} token; this call needs a ${use} token` : 'the task token claims are malformed' };
  return { ok: true, claims: p as unknown as TryClaims };
}
