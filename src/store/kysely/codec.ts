/**
 * The only place that knows how each dialect stores times, JSON and booleans.
 * Repositories call `codec.time(date)` when writing and `codec.toDate(value)`
 * when reading, and never look at the dialect themselves.
 */
import type { StoreDialect } from '../store.js';
import type { DbBool, DbJson, DbTime } from './schema.js';

export interface Codec {
  readonly dialect: StoreDialect;
  time(date: Date): DbTime;
  timeOrNull(date: Date | null | undefined): DbTime | null;
  toDate(value: DbTime): Date;
  toDateOrNull(value: DbTime | null): Date | null;
  json(value: unknown): DbJson;
  fromJson<T>(value: DbJson): T;
  bool(value: boolean): DbBool;
  toBool(value: DbBool): boolean;
  /** Case-insensitive LIKE: SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE. */
  readonly ilike: 'like' | 'ilike';
  /** Row locks exist only in PostgreSQL; SQLite serializes writers with BEGIN IMMEDIATE instead. */
  readonly rowLocks: boolean;
}

function parseJsonText(value: DbJson): unknown {
  // Both drivers hand back the text (dialects.ts turns off pg's own JSON parsing).
  if (typeof value !== 'string') throw new TypeError(`expected JSON text from the database, got ${typeof value}`);
  return JSON.parse(value);
}

export const postgresCodec: Codec = {
  dialect: 'postgres',
  time: (date) => date,
  timeOrNull: (date) => date ?? null,
  toDate: (value) => (value instanceof Date ? value : new Date(value)),
  toDateOrNull: (value) => (value === null ? null : value instanceof Date ? value : new Date(value)),
  // Always send text: pg would turn a JS array into a PostgreSQL array literal.
  json: (value) => JSON.stringify(value),
  fromJson: <T>(value: DbJson) => parseJsonText(value) as T,
  bool: (value) => value,
  toBool: (value) => value === true || value === 1,
  ilike: 'ilike',
  rowLocks: true,
};

export const sqliteCodec: Codec = {
  dialect: 'sqlite',
  // toISOString always yields `YYYY-MM-DDTHH:mm:ss.sssZ`: fixed width, so text order is time order.
  time: (date) => date.toISOString(),
  timeOrNull: (date) => (date ? date.toISOString() : null),
  toDate: (value) => new Date(value),
  toDateOrNull: (value) => (value === null ? null : new Date(value)),
  json: (value) => JSON.stringify(value),
  fromJson: <T>(value: DbJson) => parseJsonText(value) as T,
  bool: (value) => (value ? 1 : 0),
  toBool: (value) => value === true || value === 1,
  ilike: 'like',
  rowLocks: false,
};
