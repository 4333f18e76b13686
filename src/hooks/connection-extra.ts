/**
 * Typed reads of a connection's extra, and errors that name the connection and
 * the field to fix, never a field's value (it may be a secret). Values written
 * in a connection URI arrive as text, so numbers and booleans also parse from strings.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';

export class ConnectionConfigError extends Error {
  override name = 'ConnectionConfigError';
}

/** An error about connection `conn`, worded `Connection 'id' (type): <problem>`. */
export function connectionError(conn: Pick<ConnectionInfo, 'connId' | 'connType'>, problem: string): ConnectionConfigError {
  return new ConnectionConfigError(`Connection '${conn.connId}' (${conn.connType}): ${problem}`);
}

/** The extra at `path` (`['service_config', 's3', 'endpoint_url']`); `undefined` when absent. */
function extraAt(conn: ConnectionInfo, path: readonly string[]): JsonValue | undefined {
  let value: JsonValue | undefined = conn.extra;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as JsonObject)[key];
  }
  return value;
}

const named = (path: readonly string[]) => `extra.${path.join('.')}`;

/** A string extra; empty strings count as absent (forms save blank fields as ''). */
export function extraString(conn: ConnectionInfo, ...path: string[]): string | undefined {
  const value = extraAt(conn, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw connectionError(conn, `${named(path)} must be a string`);
}

export function extraNumber(conn: ConnectionInfo, ...path: string[]): number | undefined {
  const value = extraAt(conn, path);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw connectionError(conn, `${named(path)} must be a number`);
  return number;
}

export function extraBoolean(conn: ConnectionInfo, ...path: string[]): boolean | undefined {
  const value = extraAt(conn, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw connectionError(conn, `${named(path)} must be true or false`);
}

/** An object extra of scalar values, as strings (such as headers). */
export function extraStringMap(conn: ConnectionInfo, ...path: string[]): Record<string, string> | undefined {
  const value = extraAt(conn, path);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw connectionError(conn, `${named(path)} must be an object of strings`);
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as JsonObject)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw connectionError(conn, `${named([...path, key])} must be a string`);
    }
    map[key] = String(item);
  }
  return map;
}
