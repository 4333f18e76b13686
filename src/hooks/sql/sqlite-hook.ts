/**
 * SQLite through `better-sqlite3` (loaded on first use). The database file is
 * the connection's host (as in Airflow; its schema when the host is empty).
 * Using the hook creates a missing file, as sqlite3.connect does, unless the
 * extra `mode` says 'rw' (must exist) or 'ro' (read only); testing the
 * connection never creates one. Integers are read exactly (see json-safe.ts);
 * booleans bind as 1 and 0, dates as ISO text, objects and lists as JSON text.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { JsonValue } from '../../core/dag-spec.js';
import { jsonSafe } from './json-safe.js';
import { SqlHookBase, type SqlSession, type StatementResult } from './sql-hook.js';
import type { SqlValue } from './sql-text.js';

export class SqliteHook extends SqlHookBase {
  readonly dialect = 'sqlite' as const;
  protected readonly product = 'SQLite';

  /** The database file this connection names. */
  get file(): string {
    const file = this.connection.host || this.connection.schema;
    if (!file) throw new Error(`connection '${this.connId}': a sqlite connection needs the database file path in its host field`);
    return file;
  }

  private get mode(): 'rwc' | 'rw' | 'ro' {
    const mode = this.connection.extra.mode;
    return mode === 'ro' || mode === 'rw' ? mode : 'rwc';
  }

  /** Opens the file read-only (never creating it) and runs `SELECT 1`. */
  override async test(): Promise<void> {
    const db = await this.open(true);
    try {
      db.prepare('SELECT 1').get();
    } finally {
      db.close();
    }
  }

  protected async openSession(): Promise<SqlSession> {
    const db = await this.open(this.mode === 'ro');
    db.defaultSafeIntegers(true);
    return {
      execute: async (text, values, maxRows) => execute(db, text, values.map(toSqliteValue), maxRows),
      // Statements run synchronously in this process: there is never one to cancel from outside.
      cancel: async () => undefined,
      close: async () => {
        db.close();
      },
    };
  }

  private async open(readonly: boolean): Promise<BetterSqlite3.Database> {
    const { default: Database } = await import('better-sqlite3');
    const file = this.file;
    const mustExist = readonly || this.mode !== 'rwc';
    if (mustExist && file !== ':memory:' && !existsSync(file)) {
      throw new Error(`Cannot open SQLite database ${file} (connection '${this.connId}'): the file does not exist`);
    }
    try {
      return new Database(file, { readonly, fileMustExist: mustExist, timeout: this.connectTimeoutMs });
    } catch (error) {
      throw new Error(`Cannot open SQLite database ${file} (connection '${this.connId}'): ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}

function execute(db: BetterSqlite3.Database, text: string, values: readonly unknown[], maxRows: number | null): StatementResult {
  let statement: BetterSqlite3.Statement;
  try {
    statement = db.prepare(text);
  } catch (error) {
    // A whole script (splitStatements: false) cannot be prepared; without parameters it can be executed.
    if (values.length === 0 && error instanceof RangeError && /more than one statement/i.test(error.message)) return executeScript(db, text);
    throw error;
  }
  if (!statement.reader) {
    const info = statement.run(...values);
    return { columns: [], rows: [], rowsAffected: Number(info.changes), truncated: false };
  }
  statement.raw(true);
  const columns = statement.columns().map((c) => c.name);
  const rows: JsonValue[][] = [];
  let truncated = false;
  for (const row of statement.iterate(...values) as IterableIterator<unknown[]>) {
    if (maxRows !== null && rows.length >= maxRows) {
      truncated = true;
      break; // ends the iteration (and the statement) early
    }
    rows.push(row.map(jsonSafe));
  }
  return { columns, rows, rowsAffected: 0, truncated };
}

function executeScript(db: BetterSqlite3.Database, text: string): StatementResult {
  const changes = () => Number(db.prepare('SELECT total_changes()').pluck().safeIntegers(false).get());
  const before = changes();
  db.exec(text);
  return { columns: [], rows: [], rowsAffected: changes() - before, truncated: false };
}

function toSqliteValue(value: SqlValue): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
