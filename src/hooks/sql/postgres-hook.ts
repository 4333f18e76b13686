/**
 * PostgreSQL through `pg` (loaded on first use). From the connection: host
 * (default localhost), port (5432), login, password, schema = the database;
 * extras `sslmode` (disable | require | verify-ca | verify-full),
 * `connect_timeout` (seconds) and `application_name` (default 'updraft').
 * Capped queries read through a cursor, so a result over `maxRows` is never
 * fetched whole.
 */
import type { ClientConfig } from 'pg';
import type { JsonValue } from '../../core/dag-spec.js';
import { decimalValue, integerValue, jsonSafe } from './json-safe.js';
import { SqlHookBase, type SqlSession, type StatementResult } from './sql-hook.js';
import type { SqlValue } from './sql-text.js';

// Type OIDs whose text we read ourselves (see json-safe.ts for the rules).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

export class PostgresHook extends SqlHookBase {
  readonly dialect = 'postgres' as const;
  protected readonly product = 'PostgreSQL';

  /** The settings `pg` connects with (no password in messages: see `where`). */
  clientConfig(): ClientConfig {
    const c = this.connection;
    const sslmode = typeof c.extra.sslmode === 'string' ? c.extra.sslmode : 'prefer';
    return {
      host: c.host || 'localhost',
      port: c.port ?? 5432,
      user: c.login ?? undefined,
      password: c.password ?? undefined,
      database: c.schema || undefined,
      connectionTimeoutMillis: this.connectTimeoutMs,
      application_name: typeof c.extra.application_name === 'string' ? c.extra.application_name : 'updraft',
      // 'prefer' and 'allow' try TLS and fall back in libpq; pg cannot fall back, so they mean plain.
      ssl: sslmode === 'require' ? { rejectUnauthorized: false } : sslmode.startsWith('verify') ? { rejectUnauthorized: true } : false,
    };
  }

  private get where(): string {
    const config = this.clientConfig();
    return `${config.host}:${config.port}${config.database ? `/${config.database}` : ''}`;
  }

  protected async openSession(): Promise<SqlSession> {
    const [{ default: pg }, { default: Cursor }] = await Promise.all([import('pg'), import('pg-cursor')]);
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (format === undefined || format === 'text') {
          if (oid === INT8) return (text: string) => integerValue(text);
          if (oid === NUMERIC) return decimalValue;
          if (oid === DATE) return (text: string) => text;
          if (oid === TIMESTAMP) return timestampAsUtc;
        }
        return pg.types.getTypeParser(oid, format ?? 'text');
      }) as typeof pg.types.getTypeParser,
    };
    const config = this.clientConfig();
    const client = new pg.Client({ ...config, types });
    // A server that goes away between queries emits 'error' on the client; queries report it instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new Error(`Cannot connect to PostgreSQL at ${this.where} (connection '${this.connId}'): ${messageOf(error)}`, { cause: error });
    }
    const backendPid = (client as unknown as { processID: number | null }).processID;
    return {
      execute: async (text, values, maxRows): Promise<StatementResult> => {
        const params = values.length > 0 ? values.map(toPgValue) : undefined;
        if (maxRows === null) {
          const results = await client.query({ text, ...(params ? { values: params } : {}), rowMode: 'array' });
          // A multi-statement text (splitStatements: false) gives one result per statement.
          const list = (Array.isArray(results) ? results : [results]) as unknown as PgResult[];
          const last = list.at(-1);
          return {
            columns: last?.fields.map((f) => f.name) ?? [],
            rows: (last?.rows ?? []).map(safeRow),
            rowsAffected: list.reduce((n, r) => n + (AFFECTING.has(r.command) ? (r.rowCount ?? 0) : 0), 0),
            truncated: false,
          };
        }
        const cursor = client.query(new Cursor(text, params, { rowMode: 'array', types }));
        try {
          const { rows, result } = await new Promise<{ rows: unknown[][]; result: PgResult }>((resolve, reject) =>
            cursor.read(maxRows + 1, (error, rows, result) => (error ? reject(error) : resolve({ rows: rows as unknown[][], result: result as unknown as PgResult }))),
          );
          return {
            columns: result.fields.map((f) => f.name),
            rows: rows.slice(0, maxRows).map(safeRow),
            rowsAffected: AFFECTING.has(result.command) ? (result.rowCount ?? 0) : 0,
            truncated: rows.length > maxRows,
          };
        } finally {
          await cursor.close().catch(() => undefined);
        }
      },
      cancel: async () => {
        if (backendPid === null) return;
        const canceller = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
        canceller.on('error', () => undefined);
        try {
          await canceller.connect();
          await canceller.query('SELECT pg_cancel_backend($1)', [backendPid]);
        } finally {
          await canceller.end().catch(() => undefined);
        }
      },
      close: () => client.end(),
    };
  }
}

interface PgResult {
  readonly command: string;
  readonly rowCount: number | null;
  readonly fields: readonly { readonly name: string }[];
  readonly rows: unknown[][];
}

function safeRow(row: readonly unknown[]): JsonValue[] {
  return row.map(jsonSafe);
}

/** `timestamp without time zone` text, read as UTC, as ISO-8601. */
function timestampAsUtc(text: string): string {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)$/.exec(text);
  if (!match) return text; // 'infinity', BC dates: as the server wrote them
  const date = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function toPgValue(value: SqlValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
