/**
 * `sqlite_default`, as Airflow ships it: a SQLite file in the temp folder,
 * used when no connection of that id is defined, so SQL examples and first
 * experiments need no setup. A defined `sqlite_default` always wins.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionSource } from '../connection-info.js';

export const SQLITE_DEFAULT_CONN_ID = 'sqlite_default';

export function builtInSqlConnection(connId: string): ConnectionInfo | null {
  if (connId !== SQLITE_DEFAULT_CONN_ID) return null;
  return { connId, connType: 'sqlite', host: join(tmpdir(), 'sqlite_default.db'), schema: null, login: null, password: null, port: null, extra: {} };
}

/** The connection from `source`; for `sqlite_default` when it is not defined there, the built-in one. */
export async function lookUpSqlConnection(source: ConnectionSource, connId: string): Promise<ConnectionInfo> {
  try {
    return await source.get(connId);
  } catch (error) {
    const builtIn = builtInSqlConnection(connId);
    // Only "not defined" falls back: a defined connection that fails to load (a wrong key...) must fail.
    if (builtIn && error instanceof Error && /is not defined/.test(error.message)) return builtIn;
    throw error;
  }
}
