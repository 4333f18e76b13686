/**
 * From a database URL to a configured Kysely instance, one function per dialect.
 *
 *   postgres://... | postgresql://...   -> PostgreSQL (pg pool)
 *   sqlite:///abs/path.db | sqlite::memory: -> SQLite (better-sqlite3)
 *   (no URL)                            -> SQLite file <home>/updraft.db
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from '../store.js';
import { postgresCodec, sqliteCodec } from './codec.js';
import type { Codec } from './codec.js';
import type { Database } from './schema.js';

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string };

export function parseDatabaseUrl(url: string | undefined, home: string): DatabaseTarget {
  const trimmed = url?.trim();
  if (!trimmed) return { dialect: 'sqlite', path: join(resolve(home), 'updraft.db') };
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { dialect: 'postgres', url: trimmed };
  if (trimmed === 'sqlite::memory:' || trimmed === 'sqlite://:memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (trimmed.startsWith('sqlite:///')) {
    // `sqlite:///abs/x.db` and SQLAlchemy's `sqlite:////abs/x.db` both name /abs/x.db.
    return { dialect: 'sqlite', path: resolve(decodeURIComponent(trimmed.slice('sqlite://'.length))) };
  }
  throw new Error(
    `Unsupported database URL "${redactUrl(trimmed)}": use postgresql://user:password@host:5432/db for PostgreSQL, ` +
      `sqlite:///absolute/path/updraft.db for SQLite, or leave it unset for <UPDRAFT_HOME>/updraft.db.`,
  );
}

/** The URL with its password replaced, safe for logs and `updraft db check`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'postgres' ? redactUrl(target.url) : `sqlite:///${target.path.replace(/^\//, '')}`;
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly codec: Codec;
  readonly dialect: StoreDialect;
}

export function createDatabase(target: DatabaseTarget): OpenedDatabase {
  return target.dialect === 'postgres' ? createPostgres(target.url) : createSqlite(target.path);
}

const UTC_TIMESTAMP = /^[1-9]\d{3}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00$/;

/**
 * A timestamptz as PostgreSQL prints it in UTC (`2025-01-02 00:00:02.241+00`), read
 * by slicing: pg's own parser (a regex, then the pieces) was 4% of a page of task
 * instances. Anything else (another session time zone, BC, infinity) goes to it.
 */
export function timestamptzParser(fallback: (value: string) => unknown): (value: string) => unknown {
  return (value) => {
    if (!UTC_TIMESTAMP.test(value)) return fallback(value);
    const ms = value.length > 22 ? Number(value.slice(20, value.length - 3).padEnd(3, '0').slice(0, 3)) : 0;
    return new Date(
      Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10), +value.slice(11, 13), +value.slice(14, 16), +value.slice(17, 19), ms),
    );
  };
}

function createPostgres(url: string): OpenedDatabase {
  const INT8_OID = 20;
  const TIMESTAMPTZ_OID = 1184;
  const JSON_OIDS = new Set([114, 3802]); // json, jsonb
  const parseTimestamptz = timestamptzParser(pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (value: string) => unknown);
  const pool = new pg.Pool({
    connectionString: url,
    max: 8, // 8 connections gave 6.5k commits/s here vs 2.9k on one (DESIGN.md)
    // Per pool, not pg's global registry: count(*) and bigint come back as numbers (ours stay far
    // below 2^53), and JSON as text, so the codec parses it exactly once on both dialects (pg's own
    // parsing cannot be told apart from a stored JSON string).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : oid === TIMESTAMPTZ_OID && format !== 'binary'
            ? parseTimestamptz
            : JSON_OIDS.has(oid)
            ? (value: string) => value
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server emits 'error'; unhandled, that kills the process.
  // The next query fails with its own error, which is where it belongs.
  pool.on('error', () => undefined);
  // So does a client in use when the server ends its session (a transaction stalled past
  // idle_in_transaction_session_timeout, see locks.ts): its transaction's next query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), codec: postgresCodec, dialect: 'postgres' };
}

function createSqlite(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // Other Updraft processes may hold the write lock briefly; wait rather than fail. First:
  // switching a new file to WAL takes that lock too, and several processes may open it at once.
  database.pragma('busy_timeout = 10000');
  database.pragma('journal_mode = WAL');
  // FULL: a commit survives power loss; still 5.8k single-row commits/s here (DESIGN.md).
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return {
    db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) }),
    codec: sqliteCodec,
    dialect: 'sqlite',
  };
}

/**
 * Kysely prepares every query afresh; with better-sqlite3 preparing costs about as
 * much as running a small query. The same SQL text is prepared once and reused
 * (statements are reusable once a run has completed, which Kysely's driver ensures).
 * Reading statements hand back rows through `RowReader` (half the cost of
 * better-sqlite3's own row objects).
 */
function withStatementCache(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (sql: string) => {
        let statement = cache.get(sql);
        if (statement === undefined) {
          const prepared = prepare(sql);
          statement = prepared.reader ? rowReader(prepared) : prepared;
          // DDL invalidates statements; migrations and resets run rarely, so just forget them all.
          if (/^\s*(create|drop|alter)\b/i.test(sql)) cache.clear();
          else if (cache.size < 2000) cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

type Row = Record<string, unknown>;

/**
 * A reading statement whose rows are fetched as arrays (`raw` mode) and made into
 * objects by a function compiled once per statement from its column names: for a
 * 100-row page of task instances 0.30 ms against 0.62 ms for better-sqlite3's own
 * objects, which it builds property by property through the V8 API. Same objects:
 * a name that occurs twice keeps its last value, as better-sqlite3 does.
 */
function rowReader(statement: BetterSqlite3.Statement): BetterSqlite3.Statement {
  let width = -1;
  let toObject: (values: unknown[]) => Row = () => ({});
  const objectOf = (values: unknown[]): Row => {
    // Compiled on first use, again if another process's migration changed what `select *` returns.
    if (values.length !== width) {
      const names = statement.columns().map((column) => column.name);
      // Names come from the database and are embedded as JSON string literals, never as code.
      // (`["__proto__"]`: a computed key makes it a property, as better-sqlite3 does, not the prototype.)
      const fields = names.map((name, i) => (name === '__proto__' ? `["__proto__"]: v[${i}]` : `${JSON.stringify(name)}: v[${i}]`)).join(', ');
      toObject = new Function('v', `return { ${fields} };`) as (values: unknown[]) => Row;
      width = names.length;
    }
    return toObject(values);
  };
  const raw = statement.raw(true);
  const all = (...params: unknown[]) => (raw.all(...params) as unknown[][]).map(objectOf);
  const get = (...params: unknown[]) => {
    const values = raw.get(...params) as unknown[] | undefined;
    return values === undefined ? undefined : objectOf(values);
  };
  function* iterate(...params: unknown[]) {
    for (const values of raw.iterate(...params) as IterableIterator<unknown[]>) yield objectOf(values);
  }
  return new Proxy(raw, {
    get(target, property, receiver) {
      if (property === 'all') return all;
      if (property === 'get') return get;
      if (property === 'iterate') return iterate;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/**
 * SQLite with two changes to Kysely's dialect:
 * - transactions start with BEGIN IMMEDIATE. A deferred transaction that reads and
 *   then writes fails at once with SQLITE_BUSY when another process wrote meanwhile
 *   (no busy wait is possible there); taking the write lock up front makes it wait instead.
 * - migrations run inside a transaction (SQLite's DDL is transactional), so two
 *   processes starting at once apply each migration once.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
