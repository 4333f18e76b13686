/** A PostgreSQL connection, tested with `SELECT 1` over a fresh client (no pool). */
import pg from 'pg';
import type { Connection } from '../store/types.js';

export async function testPostgresConnection(conn: Connection, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    host: conn.host ?? 'localhost',
    port: conn.port ?? 5432,
    user: conn.login ?? undefined,
    password: conn.password ?? undefined,
    database: conn.schema ?? undefined,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // An unreachable server can also fail after connect(): keep that from crashing the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
