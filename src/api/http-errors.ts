/**
 * Errors as Airflow's API answers them: `{"detail": "..."}` (HTTPExceptionResponse)
 * for 4xx, `{"detail": [{loc, msg, type}]}` (HTTPValidationError) for a request
 * that fails validation, and a generic 500 (the cause logged, never sent) for a bug.
 * Service errors map to their status here, so handlers just let them throw.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../services/errors.js';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';
import { isStoreError } from '../store/errors.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

/** A request that is well-formed but asks for what cannot be: a 422 with FastAPI's detail list. */
export class ApiValidationError extends Error {
  override name = 'ApiValidationError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map((i) => i.msg).join('; '));
  }
}

export interface ValidationIssue {
  readonly loc: (string | number)[];
  readonly msg: string;
  readonly type: string;
}

const LOCATION: Readonly<Record<string, string>> = { json: 'body', param: 'path', query: 'query', header: 'header', cookie: 'cookie', form: 'body' };

/** A zod error as FastAPI's validation details; `target` is hono's (json, query, param...). */
export function validationIssues(error: ZodError, target: string): ValidationIssue[] {
  const where = LOCATION[target] ?? target;
  return error.issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ loc: [where, ...path, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }));
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return [{ loc: [where, ...path], msg: missing ? 'Field required' : issue.message, type: missing ? 'missing' : issue.code }];
  });
}

export function validationResponse(c: Context, detail: readonly ValidationIssue[]): Response {
  return c.json({ detail }, 422);
}

/** Hono's `onError`: every thrown error becomes one of the spec's error bodies. */
/** What a client is told to wait before retrying while the metadata database is away. */
const DATABASE_RETRY_AFTER_S = 5;

export function errorHandler(log: (message: string) => void) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json({ detail: error.detail }, error.status);
    }
    if (error instanceof ApiValidationError) return validationResponse(c, error.issues);
    if (error instanceof NotFoundError) return c.json({ detail: error.message }, 404);
    if (error instanceof ConflictError) return c.json({ detail: error.message }, 409);
    if (error instanceof BadRequestError) return c.json({ detail: error.message }, 400);
    if (error instanceof ForbiddenError) return c.json({ detail: error.message }, 403);
    if (isStoreError(error)) {
      const status = ({ not_found: 404, conflict: 409, invalid: 400, too_large: 413, encrypted: 400 } as const)[error.code];
      return c.json({ detail: error.message }, status);
    }
    if (error instanceof HTTPException) {
      // Hono's JSON validator throws this for a body that is not JSON: FastAPI answers 422 json_invalid.
      if (error.status === 400 && /Malformed JSON/i.test(error.message)) {
        return validationResponse(c, [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }]);
      }
      return c.json({ detail: error.message || 'Bad Request' }, error.status as ContentfulStatusCode);
    }
    if (isDatabaseUnavailable(error)) {
      // One line, not a stack per request: while the database restarts, every request fails alike.
      log(`[api] ${c.req.method} ${c.req.path}: the metadata database is not answering (${error.message})`);
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return c.json({ detail: `The metadata database is not answering (${error.message}): try again in a few seconds` }, 503);
    }
    log(`[api] ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ detail: 'Internal Server Error: the error was logged by the API server' }, 500);
  };
}
