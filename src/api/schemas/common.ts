/**
 * Schemas shared by every resource, named as in Airflow's spec: the error
 * bodies, paging query parameters, date-times, and the helpers that read
 * query strings the way FastAPI does (repeated keys for lists, true/false).
 */
import { z } from '@hono/zod-openapi';

export const HTTPExceptionResponse = z
  .object({ detail: z.union([z.string(), z.record(z.string(), z.unknown())]) })
  .openapi('HTTPExceptionResponse', { description: 'HTTPException Model used for error response.' });

export const ValidationError = z
  .object({
    loc: z.array(z.union([z.string(), z.number().int()])),
    msg: z.string(),
    type: z.string(),
  })
  .openapi('ValidationError');

export const HTTPValidationError = z.object({ detail: z.array(ValidationError) }).openapi('HTTPValidationError');

const ERROR_DESCRIPTIONS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  422: 'Validation Error',
} as const;
type ErrorCode = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses of an operation, as its spec lists them (422 is a validation error). */
export function errorResponses<const C extends readonly ErrorCode[]>(...codes: C) {
  const out: Record<number, { description: string; content: { 'application/json': { schema: typeof HTTPExceptionResponse | typeof HTTPValidationError } } }> = {};
  for (const code of codes) {
    out[code] = { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: code === 422 ? HTTPValidationError : HTTPExceptionResponse } } };
  }
  return out as { [K in C[number]]: { description: string; content: { 'application/json': { schema: K extends 422 ? typeof HTTPValidationError : typeof HTTPExceptionResponse } } } };
}

export function jsonContent<S extends z.ZodType>(schema: S, description = 'Successful Response') {
  return { description, content: { 'application/json': { schema } } };
}

export const dateTime = z.string().openapi({ format: 'date-time' });
export const nullableDateTime = dateTime.nullable();

/** A date-time in a query or body: ISO 8601 with or without an offset (none means UTC). */
export const dateTimeInput = z.iso.datetime({ offset: true, local: true }).openapi({ format: 'date-time' });

/** A list in the query string: `?tags=a&tags=b` (one value arrives as a plain string). */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).optional());
}

/** true/false (and FastAPI's other spellings) in the query string. */
export const queryBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'True', 'False'])
  .transform((v) => ['true', '1', 'yes', 'on', 'True'].includes(v))
  .openapi({ type: 'boolean' });

/** An integer in the query string (digits only: `1e3` and `0x10` are refused). */
export function queryInt(defaultValue: number, max = 2_147_483_647) {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'Input should be a valid integer, unable to parse string as an integer')
    .optional()
    .transform((v) => (v === undefined ? defaultValue : Number(v)))
    .pipe(z.number().int().min(0).max(max))
    .openapi({ type: 'integer', minimum: 0, default: defaultValue });
}

export const PageQuery = {
  limit: queryInt(50),
  offset: queryInt(0),
};

/** `order_by` as a list of `field` / `-field`. */
export const orderByQuery = (defaultField: string) => queryList(z.string()).openapi({ type: 'array', items: { type: 'string' }, default: [defaultField] });

/** An optional date or number filter of a batch-list body. */
export const optionalDateFilter = dateTimeInput.nullable().optional();
export const optionalNumberFilter = z.number().nullable().optional();

type RangeKey<N extends string> = `${N}_gte` | `${N}_gt` | `${N}_lte` | `${N}_lt`;

/** Airflow's range filters on one field: `<name>_gte`, `_gt`, `_lte`, `_lt`, in that order. */
export function rangeFilters<N extends string, S extends z.ZodType>(name: N, schema: S): Record<RangeKey<N>, S> {
  return { [`${name}_gte`]: schema, [`${name}_gt`]: schema, [`${name}_lte`]: schema, [`${name}_lt`]: schema } as Record<RangeKey<N>, S>;
}
