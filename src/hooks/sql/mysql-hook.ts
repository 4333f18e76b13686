/**
 * MySQL and MariaDB through `mysql2` (loaded on first use). From the
 * connection: host (default localhost), port (3306), login, password, schema =
 * the database; extras `charset`, `unix_socket`, `connect_timeout` (seconds).
 * The session runs in UTC (`time_zone = '+00:00'`), so DATETIME and TIMESTAMP
 * values read the same as they were written, and JSON-safe rules apply (see
 * json-safe.ts). Parameters are escaped by the client (`?` placeholders); a list
 * value expands to `a, b, c`, handy for `IN (:ids)`.
 */
import type { Connection as CoreConnection } from 'mysql2';
import type { Connection, ConnectionOptions, FieldPacket, ResultSetHeader } from 'mysql2/promise';
import type { JsonValue } from '../../core/dag-spec.js';
import { decimalValue, jsonSafe } from './json-safe.js';
import { SqlHookBase, type SqlSession, type StatementResult } from './sql-hook.js';
import { scanSql, type SqlValue } from './sql-text.js';

export class MySqlHook extends SqlHookBase {
  readonly dialect = 'mysql' as const;
  protected readonly product = 'MySQL';

  connectionOptions(): ConnectionOptions {
    const c = this.connection;
    const socketPath = typeof c.extra.unix_socket === 'string' ? c.extra.unix_socket : undefined;
    return {
      ...(socketPath ? { socketPath } : { host: c.host || 'localhost', port: c.port ?? 3306 }),
      user: c.login ?? undefined,
      password: c.password ?? undefined,
      database: c.schema || undefined,
      charset: typeof c.extra.charset === 'string' ? c.extra.charset : 'utf8mb4',
      connectTimeout: this.connectTimeoutMs,
      // BIGINT: a number when exact, else text; DATE stays text; DATETIME read as UTC.
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: ['DATE'],
      timezone: 'Z',
      // splitStatements: false sends a whole script at once.
      multipleStatements: true,
      typeCast: (field, next) => {
        if (field.type !== 'NEWDECIMAL' && field.type !== 'DECIMAL') return next();
        const text = field.string();
        return text === null ? null : decimalValue(text);
      },
    };
  }

  private get where(): string {
    const o = this.connectionOptions();
    return `${o.socketPath ?? `${o.host}:${o.port}`}${o.database ? `/${o.database}` : ''}`;
  }

  protected async openSession(): Promise<SqlSession> {
    const { default: mysql } = await import('mysql2/promise');
    const options = this.connectionOptions();
    let conn: Connection;
    try {
      conn = await mysql.createConnection(options);
    } catch (error) {
      throw new Error(`Cannot connect to MySQL at ${this.where} (connection '${this.connId}'): ${messageOf(error)}`, { cause: error });
    }
    // Errors between queries (server gone) are reported by the next query instead.
    conn.on('error', () => undefined);
    await conn.query("SET time_zone = '+00:00'");
    const session: SqlSession & { broken: boolean } = {
      broken: false,
      execute: async (text, values, maxRows): Promise<StatementResult> => {
        const sql = values.length === 0 ? text : inlineValues(text, values, (value) => conn.escape(toMySqlValue(value)));
        if (maxRows === null) {
          const [result, fields] = await conn.query({ sql, rowsAsArray: true });
          return fromResult(result, fields);
        }
        return streamRows(conn, sql, maxRows, () => {
          session.broken = true;
        });
      },
      cancel: async () => {
        const killer = await mysql.createConnection({ ...options, connectTimeout: 5000 });
        try {
          await killer.query(`KILL QUERY ${Number(conn.threadId)}`);
        } finally {
          await killer.end().catch(() => undefined);
        }
      },
      close: async () => {
        if (session.broken) conn.destroy();
        else await conn.end();
      },
    };
    return session;
  }
}

type QueryResult = unknown;

/** A multi-statement text gives one result per statement: rows of the last, affected rows of all. */
function fromResult(result: QueryResult, fields: unknown): StatementResult {
  const isMulti = Array.isArray(fields) && fields.some((f) => Array.isArray(f) || f === undefined);
  const results = isMulti ? (result as unknown[]) : [result];
  const fieldLists = isMulti ? (fields as (FieldPacket[] | undefined)[]) : [fields as FieldPacket[] | undefined];
  let rowsAffected = 0;
  for (const r of results) if (!Array.isArray(r)) rowsAffected += (r as ResultSetHeader).affectedRows ?? 0;
  const last = results.at(-1);
  const lastFields = fieldLists.at(-1);
  return {
    columns: Array.isArray(last) ? (lastFields ?? []).map((f) => f.name) : [],
    rows: Array.isArray(last) ? (last as unknown[][]).map(safeRow) : [],
    rowsAffected,
    truncated: false,
  };
}

/** Reads rows as they arrive and stops (tearing the connection down) once there is one more than `maxRows`. */
function streamRows(conn: Connection, text: string, maxRows: number, onBroken: () => void): Promise<StatementResult> {
  return new Promise((resolve, reject) => {
    let columns: string[] = [];
    const rows: JsonValue[][] = [];
    let rowsAffected = 0;
    let done = false;
    const core = coreOf(conn);
    const query = core.query({ sql: text, rowsAsArray: true });
    query.on('fields', (fields: FieldPacket[]) => {
      columns = fields.map((f) => f.name);
    });
    query.on('result', (row: unknown) => {
      if (done) return;
      if (!Array.isArray(row)) {
        rowsAffected += (row as ResultSetHeader).affectedRows ?? 0;
        return;
      }
      if (rows.length < maxRows) {
        rows.push(safeRow(row));
        return;
      }
      done = true;
      onBroken();
      core.destroy();
      resolve({ columns, rows, rowsAffected, truncated: true });
    });
    query.on('error', (error: Error) => {
      if (!done) reject(error);
      done = true;
    });
    query.on('end', () => {
      if (!done) resolve({ columns, rows, rowsAffected, truncated: false });
      done = true;
    });
  });
}

/** The callback-style connection under the promise wrapper (its `connection` field), for row-by-row reading. */
function coreOf(conn: Connection): CoreConnection {
  return (conn as unknown as { connection: CoreConnection }).connection;
}

function safeRow(row: readonly unknown[]): JsonValue[] {
  return row.map(jsonSafe);
}

/**
 * Puts escaped values where the `?` placeholders are, skipping question marks in
 * strings, identifiers and comments (mysql2's own formatting would fill those too).
 */
export function inlineValues(text: string, values: readonly SqlValue[], escape: (value: SqlValue) => string): string {
  let next = 0;
  const sql = scanSql(text, 'mysql')
    .map((segment) =>
      segment.kind !== 'code'
        ? segment.text
        : segment.text.replace(/\?/g, () => {
            if (next >= values.length) throw new Error(`the SQL has more ? placeholders than the ${values.length} parameter value${values.length === 1 ? '' : 's'} given`);
            return escape(values[next++] as SqlValue);
          }),
    )
    .join('');
  if (next < values.length) throw new Error(`${values.length} parameter values were given, but the SQL has only ${next} ? placeholder${next === 1 ? '' : 's'}`);
  return sql;
}

/** Objects are sent as JSON text (mysql2 would write them as `key = value` lists). */
function toMySqlValue(value: SqlValue): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array) ? JSON.stringify(v) : v));
  return JSON.stringify(value);
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
}
