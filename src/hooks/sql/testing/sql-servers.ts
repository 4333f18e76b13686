/**
 * Throwaway databases on this machine's real servers, for hook and operator
 * tests: a fresh PostgreSQL database and MariaDB database per call (dropped by
 * `drop`), and SQLite files in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionInfo } from '../../../sdk/context.js';
import { MySqlHook } from '../mysql-hook.js';
import { PostgresHook } from '../postgres-hook.js';

export const PG_HOST = '127.0.0.1';
export const MYSQL_HOST = '127.0.0.1';

export function connectionInfo(fields: Partial<ConnectionInfo> & Pick<ConnectionInfo, 'connType'>): ConnectionInfo {
  return { connId: 'under_test', host: null, schema: null, login: null, password: null, port: null, extra: {}, ...fields };
}

export interface ThrowawayDatabase {
  readonly connection: ConnectionInfo;
  drop(): Promise<void>;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;

export async function throwawayPostgres(connId = 'under_test'): Promise<ThrowawayDatabase> {
  const name = uniqueName('updraft_t');
  const admin = new PostgresHook(connectionInfo({ connType: 'postgres', host: PG_HOST, port: 5432, login: 'postgres', schema: 'postgres' }));
  await admin.run(`CREATE DATABASE ${name}`, undefined, { autocommit: true });
  await admin.close();
  return {
    connection: connectionInfo({ connId, connType: 'postgres', host: PG_HOST, port: 5432, login: 'postgres', schema: name }),
    drop: async () => {
      const dropper = new PostgresHook(connectionInfo({ connType: 'postgres', host: PG_HOST, port: 5432, login: 'postgres', schema: 'postgres' }));
      await dropper.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, undefined, { autocommit: true });
      await dropper.close();
    },
  };
}

export async function throwawayMySql(connId = 'under_test'): Promise<ThrowawayDatabase> {
  const name = uniqueName('updraft_t');
  const server = connectionInfo({ connType: 'mysql', host: MYSQL_HOST, port: 3306, login: 'root' });
  const admin = new MySqlHook(server);
  try {
    await admin.run(`CREATE DATABASE ${name}`, undefined, { autocommit: true });
  } catch (error) {
    throw new Error(
      `MariaDB is needed at ${MYSQL_HOST}:3306 (user root, no password): start it with ` +
        `'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd' (.ci/run does): ${(error as Error).message}`,
    );
  } finally {
    await admin.close();
  }
  return {
    connection: { ...server, connId, schema: name },
    drop: async () => {
      const dropper = new MySqlHook(server);
      await dropper.run(`DROP DATABASE IF EXISTS ${name}`, undefined, { autocommit: true });
      await dropper.close();
    },
  };
}

export function throwawaySqlite(connId = 'under_test'): ThrowawayDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-sqlite-'));
  return {
    connection: connectionInfo({ connId, connType: 'sqlite', host: join(dir, 'test.db') }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
