/**
 * A connection written as text outside the database: an Airflow URI string, or
 * an object of Airflow's `Connection` fields (what `AIRFLOW_CONN_*` JSON and the
 * local file backend accept). `where` names the variable or file in errors.
 */
import { ConnectionUriError, normalizeConnType, parseConnectionUri } from '../core/connection-uri.js';
import type { SecretConnection } from './secrets-backend.js';

const FIELDS = ['conn_id', 'conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra', 'extra_dejson', 'uri'] as const;
/** Fields a `uri` already says: Airflow refuses an object giving both. */
const URI_FIELDS = ['conn_type', 'host', 'login', 'password', 'schema', 'port', 'extra', 'extra_dejson'];

export class ConnectionValueError extends Error {
  override name = 'ConnectionValueError';
}

export function connectionFromValue(connId: string, value: unknown, where: string): SecretConnection {
  const fail = (why: string) => new ConnectionValueError(`connection '${connId}' in ${where}: ${why}`);
  if (typeof value === 'string') return fromUri(connId, value.trim(), null, fail);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('give a URI (type://login:password@host:port/schema) or an object of fields');
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw fail(`unknown field(s) ${unknown.join(', ')}; the fields are ${FIELDS.join(', ')}`);
  if (fields.conn_id !== undefined && fields.conn_id !== connId) throw fail(`its "conn_id" says '${String(fields.conn_id)}'`);
  if (fields.extra !== undefined && fields.extra_dejson !== undefined) throw fail('give "extra" or "extra_dejson", not both');
  const text = (name: string): string | null => {
    const x = fields[name];
    if (x === undefined || x === null) return null;
    // YAML reads `password: 1234` as a number; it is still the password's text.
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (typeof x !== 'string') throw fail(`"${name}" must be a string`);
    return x;
  };
  const description = text('description');
  if (fields.uri !== undefined) {
    const mixed = URI_FIELDS.filter((k) => fields[k] !== undefined);
    if (mixed.length > 0) throw fail(`"uri" cannot be combined with ${mixed.join(', ')}: give the URI or the fields`);
    return fromUri(connId, text('uri') ?? '', description, fail);
  }
  const connType = text('conn_type');
  if (!connType) throw fail('"conn_type" is missing (e.g. "postgres", "http")');
  return {
    connId,
    connType: normalizeConnType(connType),
    description,
    host: text('host'),
    schema: text('schema'),
    login: text('login'),
    password: text('password'),
    port: portOf(fields.port, fail),
    extra: extraOf(fields.extra_dejson ?? fields.extra, fail),
  };
}

function fromUri(connId: string, uri: string, description: string | null, fail: (why: string) => Error): SecretConnection {
  let parts;
  try {
    parts = parseConnectionUri(uri);
  } catch (error) {
    throw fail(error instanceof ConnectionUriError ? error.message : String(error));
  }
  if (!parts.connType) throw fail('the URI has no connection type: write it as type://login:password@host:port/schema');
  return { connId, description, ...parts, connType: parts.connType, extra: extraOf(parts.extra, fail) };
}

function portOf(value: unknown, fail: (why: string) => Error): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw fail(`"port" must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

/** JSON text of an object (from an object or from text), or null. */
function extraOf(value: unknown, fail: (why: string) => Error): string | null {
  if (value === undefined || value === null || value === '') return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw fail('the extra is not valid JSON');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('the extra must be a JSON object');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
