/**
 * The SQL hook for a connection, chosen by its type (Airflow's
 * `Connection.get_hook`): postgres, mysql (also mariadb), sqlite.
 */
import { normalizeConnType } from '../../core/connection-uri.js';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionSource } from '../connection-info.js';
import { lookUpSqlConnection } from './default-connections.js';
import { MySqlHook } from './mysql-hook.js';
import { PostgresHook } from './postgres-hook.js';
import type { SqlHook, SqlHookOptions } from './sql-hook.js';
import { SqliteHook } from './sqlite-hook.js';

const SQL_HOOKS: Readonly<Record<string, new (connection: ConnectionInfo, options?: SqlHookOptions) => SqlHook>> = {
  postgres: PostgresHook,
  mysql: MySqlHook,
  mariadb: MySqlHook,
  sqlite: SqliteHook,
};

export const SQL_CONN_TYPES: readonly string[] = Object.keys(SQL_HOOKS);

export function isSqlConnType(connType: string): boolean {
  return Object.hasOwn(SQL_HOOKS, normalizeConnType(connType));
}

/** A hook for the connection (not connected yet); an error naming the connection when its type is not a SQL database. */
export function sqlHookFor(connection: ConnectionInfo, options: SqlHookOptions = {}): SqlHook {
  const Hook = SQL_HOOKS[normalizeConnType(connection.connType)];
  if (!Hook) {
    throw new Error(
      `connection '${connection.connId}' has type '${connection.connType}', which is not a SQL database: ` +
        `SQL hooks and operators work with ${SQL_CONN_TYPES.join(', ')} connections`,
    );
  }
  return new Hook(connection, options);
}

/**
 * Looks the connection up (in task code: `ctx.connections`, so secrets and
 * masking apply; `sqlite_default` works undefined, see default-connections.ts)
 * and returns its SQL hook:
 *
 *   const db = await sqlHook(ctx.connections, 'warehouse', { log: ctx.log, signal: ctx.signal });
 *   try { return await db.query('SELECT id FROM orders WHERE day = :day', { day: ctx.ds }); } finally { await db.close(); }
 */
export async function sqlHook(source: ConnectionSource, connId: string, options: SqlHookOptions = {}): Promise<SqlHook> {
  return sqlHookFor(await lookUpSqlConnection(source, connId), options);
}
