/**
 * Testing a connection: connect with its settings and run the cheapest real
 * exchange (`SELECT 1`, an HTTP request), as Airflow's `Connection.test_connection`
 * does through the type's hook. A failure is an answer, not an error: the
 * result says what went wrong in the words of the server that refused.
 */
import { normalizeConnType } from '../core/connection-uri.js';
import type { Connection } from '../store/types.js';
import { testHttpConnection } from './http-hook.js';
import { testS3Connection } from './s3-hook.js';
import { testSlackApiConnection } from './slack-api-hook.js';
import { testSmtpConnection } from './smtp-hook.js';
import { connectionInfoOf } from './connection-info.js';
import { sqlHookFor } from './sql/sql-hook-for.js';

export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Connects and exchanges once; throws (with the server's reason) when it cannot. */
export type ConnectionTester = (conn: Connection, timeoutMs: number) => Promise<void>;

/** A SQL connection: its hook connects (within the timeout) and runs `SELECT 1`; SQLite never creates the file. */
const testSqlConnection: ConnectionTester = (conn, timeoutMs) =>
  sqlHookFor(connectionInfoOf(conn), { connectTimeoutMs: timeoutMs, signal: AbortSignal.timeout(timeoutMs) }).test();

const TESTERS: Readonly<Record<string, ConnectionTester>> = {
  postgres: testSqlConnection,
  sqlite: testSqlConnection,
  http: testHttpConnection,
  https: testHttpConnection,
  mysql: testSqlConnection,
  mariadb: testSqlConnection,
  aws: testS3Connection,
  smtp: testSmtpConnection,
  slack: testSlackApiConnection,
};

export const TESTABLE_CONN_TYPES: readonly string[] = Object.keys(TESTERS);

export const DEFAULT_TEST_TIMEOUT_MS = 10_000;

export async function testConnection(conn: Connection, timeoutMs = DEFAULT_TEST_TIMEOUT_MS): Promise<ConnectionTestResult> {
  const tester = TESTERS[normalizeConnType(conn.connType)];
  if (!tester) {
    return { ok: false, message: `Testing is not supported for connection type '${conn.connType}': the testable types are ${TESTABLE_CONN_TYPES.join(', ')}` };
  }
  try {
    await tester(conn, timeoutMs);
    return { ok: true, message: 'Connection successfully tested' };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
