/**
 * One interface over PostgreSQL, MySQL/MariaDB and SQLite (Airflow's DbApiHook):
 * `run` a script, `query` rows, `first` row, `test` the connection, `close`.
 * A hook connects on first use, not when built, so building one (or importing
 * this module in a DAG file) costs nothing; values come back JSON-safe (see
 * json-safe.ts) and identical across databases.
 *
 * Statements: a script is split at top-level semicolons (see sql-text.ts) and
 * run in order, in one transaction that commits at the end and rolls back on
 * error, unless `autocommit` (each statement commits by itself, as some DDL
 * such as PostgreSQL's CREATE DATABASE or VACUUM requires).
 *
 * Parameters: an object binds `:name` placeholders on every database; a list
 * binds the driver's own positional ones (`$1` on PostgreSQL, `?` elsewhere).
 *
 * Cancelling: when the `signal` aborts (the task's timeout or cancel), the
 * running statement is cancelled on the server (PostgreSQL, MySQL) and the
 * connection closed. SQLite runs in-process and synchronously: it stops between
 * statements only.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionSource } from '../connection-info.js';
import type { HookOptions } from '../hook-options.js';
import { lookUpSqlConnection } from './default-connections.js';
import { bindParameters, splitStatements, type SqlDialect, type SqlParameters, type SqlValue } from './sql-text.js';

export type { SqlDialect, SqlParameters, SqlValue } from './sql-text.js';

/** Rows as lists of values, in column order (names may repeat, as SQL allows). */
export interface SqlTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly JsonValue[])[];
}

export interface RunOptions {
  /** Commit each statement by itself instead of the whole script at the end (default false, as Airflow). */
  readonly autocommit?: boolean;
  /** Split the script at top-level semicolons (default true); false sends it to the driver as one text. */
  readonly splitStatements?: boolean;
}

export interface RunResult {
  readonly statements: number;
  /** Rows inserted, updated or deleted, summed over the statements. */
  readonly rowsAffected: number;
}

export interface QueryOptions {
  /** Fail with a RowLimitError when the result has more rows than this (fetching one more, never all). */
  readonly maxRows?: number;
  /** Return at most this many rows and ignore the rest (never fetched). Not with `maxRows`. */
  readonly limit?: number;
}

/** `log`: where statements and row counts go; `signal`: cancels the running statement and closes the connection. */
export interface SqlHookOptions extends HookOptions {
  /** Give up connecting after this long (default 30 s, or the connection's `connect_timeout` extra in seconds). */
  readonly connectTimeoutMs?: number;
}

export interface SqlHook {
  readonly connId: string;
  readonly dialect: SqlDialect;
  /** Runs a script (or a list of statements); see the module comment for transactions and parameters. */
  run(sql: string | readonly string[], parameters?: SqlParameters, options?: RunOptions): Promise<RunResult>;
  /** Runs one statement and returns its rows as objects keyed by column name. */
  query<Row = Record<string, JsonValue>>(sql: string, parameters?: SqlParameters, options?: QueryOptions): Promise<Row[]>;
  /** Runs one statement and returns its column names and rows as lists. */
  queryArrays(sql: string, parameters?: SqlParameters, options?: QueryOptions): Promise<SqlTable>;
  /** The first row of one statement's result, or null when there is none (Airflow's get_first). */
  first<Row = Record<string, JsonValue>>(sql: string, parameters?: SqlParameters): Promise<Row | null>;
  /** The first row as a list of values, or null. */
  firstArray(sql: string, parameters?: SqlParameters): Promise<readonly JsonValue[] | null>;
  /** Connects and runs `SELECT 1`; throws with the server's reason when it cannot. */
  test(): Promise<void>;
  close(): Promise<void>;
}

/** The result had more rows than `maxRows`. */
export class RowLimitError extends Error {
  override name = 'RowLimitError';
  constructor(readonly maxRows: number) {
    super(`the query returned more than ${maxRows} row${maxRows === 1 ? '' : 's'} (maxRows ${maxRows})`);
  }
}

/** What one statement gave back. `truncated`: there were more rows than asked for. */
export interface StatementResult extends SqlTable {
  readonly rowsAffected: number;
  readonly truncated: boolean;
}

/** One open connection of a driver, as the base class drives it. */
export interface SqlSession {
  /** `maxRows` null: fetch every row; else at most `maxRows` + 1 (to tell that there were more). */
  execute(text: string, values: readonly SqlValue[], maxRows: number | null): Promise<StatementResult>;
  /** Best effort: stop the statement running on the server. */
  cancel(): Promise<void>;
  close(): Promise<void>;
  /** Set when the connection cannot be used again (it was torn down to stop a result early). */
  readonly broken?: boolean;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

export abstract class SqlHookBase implements SqlHook {
  abstract readonly dialect: SqlDialect;
  readonly connId: string;
  private session: Promise<SqlSession> | null = null;

  constructor(
    protected readonly connection: ConnectionInfo,
    protected readonly options: SqlHookOptions = {},
  ) {
    this.connId = connection.connId;
    options.signal?.addEventListener('abort', () => void this.abort(), { once: true });
  }

  /** `await PostgresHook.fromConnection(ctx.connections, 'warehouse', { log: ctx.log, signal: ctx.signal })` */
  static async fromConnection<H extends SqlHook>(
    this: new (connection: ConnectionInfo, options?: SqlHookOptions) => H,
    source: ConnectionSource,
    connId: string,
    options: SqlHookOptions = {},
  ): Promise<H> {
    return new this(await lookUpSqlConnection(source, connId), options);
  }

  /** Connects; errors say where it tried to connect and why it could not. */
  protected abstract openSession(): Promise<SqlSession>;

  /** The database's name for messages: 'PostgreSQL', 'MySQL', 'SQLite'. */
  protected abstract readonly product: string;

  protected get connectTimeoutMs(): number {
    if (this.options.connectTimeoutMs !== undefined) return this.options.connectTimeoutMs;
    const seconds = Number(this.connection.extra.connect_timeout);
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_CONNECT_TIMEOUT_MS;
  }

  async run(sql: string | readonly string[], parameters?: SqlParameters, options: RunOptions = {}): Promise<RunResult> {
    const scripts = typeof sql === 'string' ? [sql] : sql;
    const statements = options.splitStatements === false ? scripts.filter((s) => s.trim() !== '') : scripts.flatMap((s) => splitStatements(s, this.dialect));
    if (statements.length === 0) throw new Error('there is no SQL statement to run: the SQL is empty or only comments');
    if (Array.isArray(parameters) && parameters.length > 0 && statements.length > 1) {
      throw new Error(
        `positional parameters cannot be shared by ${statements.length} statements: use named parameters (:name) with an object, or run one statement`,
      );
    }
    const session = await this.openedSession();
    const transaction = options.autocommit !== true;
    let rowsAffected = 0;
    if (transaction) await this.execute(session, 'BEGIN', [], null, false);
    try {
      for (const [index, statement] of statements.entries()) {
        const bound = bindParameters(statement, parameters, this.dialect);
        const where = statements.length > 1 ? `statement ${index + 1} of ${statements.length}` : 'the statement';
        rowsAffected += (await this.execute(session, bound.text, bound.values, null, true, where)).rowsAffected;
      }
      if (transaction) await this.execute(session, 'COMMIT', [], null, false);
    } catch (error) {
      if (transaction) await session.execute('ROLLBACK', [], null).catch(() => undefined);
      throw error;
    }
    this.options.log?.info(`Ran ${statements.length} statement${statements.length === 1 ? '' : 's'}; rows affected: ${rowsAffected}`);
    return { statements: statements.length, rowsAffected };
  }

  async query<Row = Record<string, JsonValue>>(sql: string, parameters?: SqlParameters, options: QueryOptions = {}): Promise<Row[]> {
    return toObjects(await this.queryArrays(sql, parameters, options)) as Row[];
  }

  async queryArrays(sql: string, parameters?: SqlParameters, options: QueryOptions = {}): Promise<SqlTable> {
    const { maxRows, limit } = options;
    for (const [name, value] of Object.entries({ maxRows, limit })) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new Error(`${name} must be a whole number >= 0, got ${value}`);
    }
    if (maxRows !== undefined && limit !== undefined) throw new Error('give maxRows (fail on more rows) or limit (ignore more rows), not both');
    const result = await this.select(sql, parameters, maxRows ?? limit ?? null);
    if (result.truncated && maxRows !== undefined) throw new RowLimitError(maxRows);
    return { columns: result.columns, rows: result.rows };
  }

  async first<Row = Record<string, JsonValue>>(sql: string, parameters?: SqlParameters): Promise<Row | null> {
    const result = await this.select(sql, parameters, 1);
    return result.rows.length === 0 ? null : ((toObjects({ columns: result.columns, rows: result.rows.slice(0, 1) })[0] ?? null) as Row | null);
  }

  async firstArray(sql: string, parameters?: SqlParameters): Promise<readonly JsonValue[] | null> {
    return (await this.select(sql, parameters, 1)).rows[0] ?? null;
  }

  async test(): Promise<void> {
    try {
      const session = await this.openedSession();
      await session.execute('SELECT 1', [], null);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await (await session.catch(() => null))?.close().catch(() => undefined);
  }

  private async select(sql: string, parameters: SqlParameters | undefined, maxRows: number | null): Promise<StatementResult> {
    const statements = splitStatements(sql, this.dialect);
    if (statements.length !== 1) {
      throw new Error(
        statements.length === 0
          ? 'there is no SQL statement to run: the SQL is empty or only comments'
          : `a query runs one statement, and this SQL has ${statements.length}: run scripts with run() (or sqlExecute)`,
      );
    }
    const bound = bindParameters(statements[0] as string, parameters, this.dialect);
    const session = await this.openedSession();
    const result = await this.execute(session, bound.text, bound.values, maxRows, true);
    if (session.broken) await this.close();
    return result;
  }

  private async execute(
    session: SqlSession,
    text: string,
    values: readonly SqlValue[],
    maxRows: number | null,
    logIt: boolean,
    where = 'the statement',
  ): Promise<StatementResult> {
    this.options.signal?.throwIfAborted();
    if (logIt) this.options.log?.info(`Running statement: ${text}${values.length > 0 ? `, parameters: ${describeValues(values)}` : ''}`);
    try {
      return await session.execute(text, values, maxRows);
    } catch (error) {
      // A statement cut short by the task's timeout or cancel fails for that reason, not the driver's.
      this.options.signal?.throwIfAborted();
      const message = error instanceof Error ? error.message : String(error);
      const hint = /inside a transaction block|within a transaction|in a transaction/i.test(message) ? ' (run it with autocommit: true)' : '';
      throw new Error(`${this.product} error in ${where} on connection '${this.connId}': ${message}${hint}\nStatement: ${text}`, { cause: error });
    }
  }

  private openedSession(): Promise<SqlSession> {
    this.options.signal?.throwIfAborted();
    if (this.session === null) {
      const opening = this.openSession();
      this.session = opening;
      // A failed connect is not kept: the next call tries again.
      opening.catch(() => {
        if (this.session === opening) this.session = null;
      });
    }
    return this.session;
  }

  private async abort(): Promise<void> {
    const session = this.session;
    this.session = null;
    const opened = await session?.catch(() => null);
    if (!opened) return;
    await opened.cancel().catch(() => undefined);
    await opened.close().catch(() => undefined);
  }
}

function toObjects(table: SqlTable): Record<string, JsonValue>[] {
  return table.rows.map((row) => {
    const object: Record<string, JsonValue> = {};
    table.columns.forEach((column, index) => {
      object[column] = row[index] ?? null;
    });
    return object;
  });
}

function describeValues(values: readonly SqlValue[]): string {
  try {
    return JSON.stringify(values, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    return `${values.length} values`;
  }
}
