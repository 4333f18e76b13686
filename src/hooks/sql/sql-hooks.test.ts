/**
 * The SQL hooks against real databases on this machine: the local PostgreSQL,
 * MariaDB and SQLite files. One suite, three databases: the same calls give the
 * same JSON-safe answers everywhere; scripts commit or roll back as a whole;
 * caps fetch no more than needed; a cancelled statement stops on the server.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JsonValue } from '../../core/dag-spec.js';
import { MySqlHook } from './mysql-hook.js';
import { PostgresHook } from './postgres-hook.js';
import { RowLimitError, type SqlHook } from './sql-hook.js';
import { sqlHookFor } from './sql-hook-for.js';
import { SqliteHook } from './sqlite-hook.js';
import { connectionInfo, throwawayMySql, throwawayPostgres, throwawaySqlite, type ThrowawayDatabase } from './testing/sql-servers.js';

interface Dialect {
  readonly name: string;
  readonly open: () => Promise<ThrowawayDatabase> | ThrowawayDatabase;
  /** A table of every kind of value, one row, and what the hook must return for it. */
  readonly typedTable: string;
  readonly typedRow: Record<string, JsonValue | ((value: JsonValue) => boolean)>;
  /** A positional placeholder in this driver's style. */
  readonly placeholder: (n: number) => string;
  /** A statement that runs for ~30 s, to cancel. */
  readonly slow: string | null;
  /** How many statements of that kind are running on the server (to see it stopped). */
  readonly running: ((hook: SqlHook) => Promise<number>) | null;
}

const DIALECTS: readonly Dialect[] = [
  {
    name: 'PostgreSQL',
    open: () => throwawayPostgres(),
    typedTable: `CREATE TABLE typed (id BIGINT, big BIGINT, price NUMERIC(12,2), huge NUMERIC(40,10), day DATE, at TIMESTAMP, atz TIMESTAMPTZ,
        flag BOOLEAN, data BYTEA, doc JSONB, note TEXT);
      INSERT INTO typed VALUES (1, 9223372036854775807, 10.50, 1234567890123456789012345.0123456789, '2024-03-01', '2024-03-01 12:30:00',
        '2024-03-01 12:30:00+02', true, '\\x6869', '{"a": 1}', NULL)`,
    typedRow: {
      id: 1,
      big: '9223372036854775807',
      price: 10.5,
      huge: '1234567890123456789012345.0123456789',
      day: '2024-03-01',
      at: '2024-03-01T12:30:00.000Z',
      atz: '2024-03-01T10:30:00.000Z',
      flag: true,
      data: 'aGk=',
      doc: { a: 1 },
      note: null,
    },
    placeholder: (n) => `$${n}`,
    slow: 'SELECT pg_sleep(30)',
    running: async (hook) => Number((await hook.firstArray("SELECT COUNT(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'"))?.[0]),
  },
  {
    name: 'MariaDB',
    open: () => throwawayMySql(),
    typedTable: `CREATE TABLE typed (id BIGINT, big BIGINT, price DECIMAL(12,2), huge DECIMAL(40,10), day DATE, at DATETIME, atz TIMESTAMP NULL,
        flag BOOLEAN, data BLOB, doc JSON, note TEXT);
      INSERT INTO typed VALUES (1, 9223372036854775807, 10.50, 123456789012345678901234567890.0123456789, '2024-03-01', '2024-03-01 12:30:00',
        '2024-03-01 12:30:00', TRUE, 'hi', '{"a": 1}', NULL)`,
    typedRow: {
      id: 1,
      big: '9223372036854775807',
      price: 10.5,
      huge: '123456789012345678901234567890.0123456789',
      day: '2024-03-01',
      at: '2024-03-01T12:30:00.000Z',
      atz: '2024-03-01T12:30:00.000Z',
      flag: 1,
      data: 'aGk=',
      // MariaDB's JSON is text; MySQL's is parsed.
      doc: (value) => JSON.stringify(value) === '{"a":1}' || (typeof value === 'string' && JSON.stringify(JSON.parse(value)) === '{"a":1}'),
      note: null,
    },
    placeholder: () => '?',
    slow: 'SELECT SLEEP(30)',
    running: async (hook) => Number((await hook.firstArray("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(30)'"))?.[0]),
  },
  {
    name: 'SQLite',
    open: () => throwawaySqlite(),
    typedTable: `CREATE TABLE typed (id INTEGER, big INTEGER, price REAL, day TEXT, flag INTEGER, data BLOB, doc TEXT, note TEXT);
      INSERT INTO typed VALUES (1, 9223372036854775807, 10.5, '2024-03-01', 1, x'6869', '{"a":1}', NULL)`,
    typedRow: { id: 1, big: '9223372036854775807', price: 10.5, day: '2024-03-01', flag: 1, data: 'aGk=', doc: '{"a":1}', note: null },
    placeholder: () => '?',
    slow: null,
    running: null,
  },
];

for (const dialect of DIALECTS) {
  describe(`${dialect.name} hook`, () => {
    let db: ThrowawayDatabase;
    let hook: SqlHook;
    const lines: string[] = [];
    const log = { debug: () => undefined, info: (m: string) => lines.push(m), warn: () => undefined, error: () => undefined };

    before(async () => {
      db = await dialect.open();
      hook = sqlHookFor(db.connection, { log });
      await hook.run(`CREATE TABLE kv (k VARCHAR(20) PRIMARY KEY, v INTEGER); ${dialect.typedTable}`);
    });
    after(async () => {
      await hook?.close();
      await db?.drop();
    });

    it('returns every kind of value JSON-safe, the same rules on every database', async () => {
      const [row] = await hook.query('SELECT * FROM typed');
      assert.ok(row);
      for (const [column, expected] of Object.entries(dialect.typedRow)) {
        if (typeof expected === 'function') assert.ok(expected(row[column] ?? null), `${column}: ${JSON.stringify(row[column])}`);
        else assert.deepEqual(row[column], expected, column);
      }
    });

    it('runs a script in one transaction and reports the rows it changed', async () => {
      const result = await hook.run("INSERT INTO kv VALUES ('a', 1); INSERT INTO kv VALUES ('b', 2); UPDATE kv SET v = v + 10");
      assert.deepEqual(result, { statements: 3, rowsAffected: 4 });
      assert.deepEqual(await hook.query('SELECT k, v FROM kv ORDER BY k'), [
        { k: 'a', v: 11 },
        { k: 'b', v: 12 },
      ]);
      assert.ok(lines.some((l) => l.startsWith('Running statement: INSERT INTO kv')), 'statements are logged');
    });

    it('a failing statement rolls the whole script back, and the error names the statement', async () => {
      await assert.rejects(
        hook.run("INSERT INTO kv VALUES ('c', 3); INSERT INTO no_such_table VALUES (1)"),
        (error: Error) => {
          assert.match(error.message, new RegExp(`${dialect.name === 'MariaDB' ? 'MySQL' : dialect.name} error in statement 2 of 2 on connection 'under_test'`));
          assert.match(error.message, /no_such_table/);
          return true;
        },
      );
      assert.equal(await hook.first("SELECT k FROM kv WHERE k = 'c'"), null, 'the first insert was rolled back');
    });

    it('with autocommit each statement commits by itself', async () => {
      await assert.rejects(hook.run("INSERT INTO kv VALUES ('d', 4); INSERT INTO no_such_table VALUES (1)", undefined, { autocommit: true }));
      assert.deepEqual(await hook.first("SELECT k, v FROM kv WHERE k = 'd'"), { k: 'd', v: 4 });
    });

    it('binds :name parameters on every database, and the driver placeholders from a list', async () => {
      await hook.run('INSERT INTO kv (k, v) VALUES (:k, :v)', { k: 'named', v: 7 });
      assert.deepEqual(await hook.first('SELECT v FROM kv WHERE k = :k AND v = :v', { k: 'named', v: 7 }), { v: 7 });
      assert.deepEqual(await hook.firstArray(`SELECT v FROM kv WHERE k = ${dialect.placeholder(1)}`, ['named']), [7]);
      // Question marks and colons inside strings are data, not placeholders.
      assert.deepEqual(await hook.firstArray("SELECT v, '?:k' FROM kv WHERE k = :k", { k: 'named' }), [7, '?:k']);
      await assert.rejects(hook.query('SELECT v FROM kv WHERE k = :k'), /uses parameter :k, but no parameters were given/);
    });

    it('maxRows fails past the cap without fetching everything; limit just stops', async () => {
      await hook.run('DELETE FROM kv');
      await hook.run(Array.from({ length: 50 }, (_, i) => `INSERT INTO kv VALUES ('r${String(i).padStart(2, '0')}', ${i})`));
      assert.equal((await hook.query('SELECT * FROM kv', undefined, { maxRows: 50 })).length, 50);
      await assert.rejects(hook.query('SELECT * FROM kv', undefined, { maxRows: 49 }), (error: unknown) => {
        assert.ok(error instanceof RowLimitError);
        assert.equal(error.maxRows, 49);
        return true;
      });
      assert.equal((await hook.queryArrays('SELECT * FROM kv ORDER BY k', undefined, { limit: 3 })).rows.length, 3);
      // The hook stays usable after a capped read (a MySQL connection torn down to stop is reopened).
      assert.deepEqual(await hook.firstArray('SELECT COUNT(*) FROM kv'), [50]);
    });

    it('queryArrays keeps columns in order, repeated names included', async () => {
      assert.deepEqual(await hook.queryArrays('SELECT 1 AS a, 2 AS a, 3 AS b'), { columns: ['a', 'a', 'b'], rows: [[1, 2, 3]] });
    });

    it('a query is one statement: a script there is an error saying to use run()', async () => {
      await assert.rejects(hook.query('SELECT 1; SELECT 2'), /a query runs one statement, and this SQL has 2: run scripts with run\(\)/);
    });

    it('splitStatements: false hands the script to the driver whole', async () => {
      const result = await hook.run("INSERT INTO kv VALUES ('w1', 1); INSERT INTO kv VALUES ('w2', 2)", undefined, { splitStatements: false });
      assert.equal(result.statements, 1);
      assert.equal(result.rowsAffected, 2);
    });

    it('test() connects and runs SELECT 1', async () => {
      await sqlHookFor(db.connection).test();
    });

    if (dialect.slow !== null && dialect.running !== null) {
      it('aborting the signal stops the running statement on the server, promptly', async () => {
        const controller = new AbortController();
        const slowHook = sqlHookFor(db.connection, { signal: controller.signal });
        const started = Date.now();
        const work = slowHook.query(dialect.slow as string);
        setTimeout(() => controller.abort(new Error('timed out after 300ms')), 300);
        await assert.rejects(work, /timed out after 300ms/);
        assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
        const watcher = sqlHookFor(db.connection);
        try {
          let running = 1;
          for (let i = 0; i < 50 && running > 0; i += 1) {
            running = await (dialect.running as (h: SqlHook) => Promise<number>)(watcher);
            if (running > 0) await new Promise((r) => setTimeout(r, 100));
          }
          assert.equal(running, 0, 'the statement no longer runs on the server');
        } finally {
          await watcher.close();
        }
      });
    }
  });
}

describe('hook errors and choices', () => {
  it('picks the hook by connection type; a non-SQL type says which ones work', () => {
    assert.ok(sqlHookFor(connectionInfo({ connType: 'postgresql' })) instanceof PostgresHook);
    assert.ok(sqlHookFor(connectionInfo({ connType: 'mariadb' })) instanceof MySqlHook);
    assert.ok(sqlHookFor(connectionInfo({ connType: 'sqlite', host: '/tmp/x.db' })) instanceof SqliteHook);
    assert.throws(() => sqlHookFor(connectionInfo({ connId: 'api', connType: 'http' })), /connection 'api' has type 'http', which is not a SQL database: .*postgres, mysql, mariadb, sqlite/);
  });

  it('a wrong database or port fails with where it tried and the server\'s reason', async () => {
    const pg = new PostgresHook(connectionInfo({ connId: 'pg', connType: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'no_such_db_updraft' }));
    await assert.rejects(pg.query('SELECT 1'), /Cannot connect to PostgreSQL at 127\.0\.0\.1:5432\/no_such_db_updraft \(connection 'pg'\): .*no_such_db_updraft/);
    const my = new MySqlHook(connectionInfo({ connId: 'my', connType: 'mysql', host: '127.0.0.1', port: 1, login: 'root' }), { connectTimeoutMs: 2000 });
    await assert.rejects(my.query('SELECT 1'), /Cannot connect to MySQL at 127\.0\.0\.1:1 \(connection 'my'\): .*ECONNREFUSED/);
  });

  it('SQLite: using a hook creates the file; testing one never does; mode ro refuses writes', async () => {
    const db = throwawaySqlite();
    try {
      const file = db.connection.host as string;
      await assert.rejects(new SqliteHook(db.connection).test(), /Cannot open SQLite database .*test\.db.*does not exist/);
      assert.equal(existsSync(file), false);
      const hook = new SqliteHook(db.connection);
      await hook.run('CREATE TABLE t (a INTEGER)');
      await hook.close();
      assert.equal(existsSync(file), true);
      await new SqliteHook(db.connection).test();
      const readOnly = new SqliteHook({ ...db.connection, extra: { mode: 'ro' } });
      await assert.rejects(readOnly.run('INSERT INTO t VALUES (1)'), /readonly/i);
      await readOnly.close();
      await assert.rejects(new SqliteHook({ ...db.connection, host: join(file, '..', 'other.db'), extra: { mode: 'rw' } }).query('SELECT 1'), /does not exist/);
    } finally {
      await db.drop();
    }
  });

  it('PostgreSQL: a statement that cannot run in a transaction says to use autocommit', async () => {
    const hook = new PostgresHook(connectionInfo({ connType: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'postgres' }));
    try {
      await assert.rejects(hook.run('CREATE DATABASE never_created_updraft'), /cannot run inside a transaction block \(run it with autocommit: true\)/);
    } finally {
      await hook.close();
    }
  });
});
