/** Connections as hooks read them: the extra parsed into an object. */
import type { JsonValue } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { Connection } from '../store/types.js';

/** Where hooks look connections up: a task's `ctx.connections` (so secrets backends and masking apply). */
export interface ConnectionSource {
  get(connId: string): Promise<ConnectionInfo>;
}

/** A stored connection (extra as JSON text) as a hook reads it. */
export function connectionInfoOf(conn: Connection): ConnectionInfo {
  return {
    connId: conn.connId,
    connType: conn.connType,
    host: conn.host,
    schema: conn.schema,
    login: conn.login,
    password: conn.password,
    port: conn.port,
    extra: parseExtra(conn),
  };
}

function parseExtra(conn: Connection): Record<string, JsonValue> {
  if (conn.extra === null || conn.extra.trim() === '') return {};
  try {
    const parsed = JSON.parse(conn.extra) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, JsonValue>;
  } catch {
    // reported below
  }
  throw new Error(`connection '${conn.connId}' has an extra that is not a JSON object: fix it with the CLI or the UI`);
}
