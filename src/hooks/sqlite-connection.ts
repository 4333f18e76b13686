/**
 * A SQLite connection (the database file is the connection's host, as in
 * Airflow), tested by opening it read-only and running `SELECT 1`: testing never
 * creates a file that is not there.
 */
import Database from 'better-sqlite3';
import type { Connection } from '../store/types.js';

export async function testSqliteConnection(conn: Connection): Promise<void> {
  const file = conn.host ?? conn.schema;
  if (!file) throw new Error('A sqlite connection needs the database file path in its host field');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`Cannot open SQLite database ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    db.prepare('SELECT 1').get();
  } finally {
    db.close();
  }
}
