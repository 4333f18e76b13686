/** Splitting scripts and binding `:name` parameters without looking inside strings, identifiers or comments. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindParameters, splitStatements } from './sql-text.js';

describe('splitStatements', () => {
  it('splits at top-level semicolons, trims, drops empty statements and comment-only ones', () => {
    assert.deepEqual(splitStatements('CREATE TABLE t (a INT);\n\nINSERT INTO t VALUES (1) ;; -- done\n', 'sqlite'), [
      'CREATE TABLE t (a INT)',
      'INSERT INTO t VALUES (1)',
    ]);
    assert.deepEqual(splitStatements('  -- nothing here\n /* nor here */ ', 'postgres'), []);
  });

  it('keeps semicolons inside strings, quoted identifiers and comments', () => {
    const sql = `INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine'); SELECT 1 /* ; */ -- ;\n; SELECT \`c;d\` FROM t`;
    assert.deepEqual(splitStatements(sql, 'mysql').length, 3);
    assert.deepEqual(splitStatements(sql, 'postgres')[0], `INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine')`);
  });

  it('PostgreSQL: dollar-quoted bodies and E-strings stay whole; $1 is a parameter, not a quote', () => {
    const sql = `CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
SELECT E'a\\';b', $1::int; SELECT $tag$ ; $tag$`;
    const statements = splitStatements(sql, 'postgres');
    assert.equal(statements.length, 3);
    assert.match(statements[0] as string, /END; \$\$ LANGUAGE plpgsql$/);
    assert.equal(statements[1], `SELECT E'a\\';b', $1::int`);
  });

  it('MySQL: backslash escapes and # comments', () => {
    assert.deepEqual(splitStatements(`SELECT 'a\\';b'; # a ; comment\nSELECT "x;y"`, 'mysql'), [`SELECT 'a\\';b'`, `# a ; comment\nSELECT "x;y"`]);
  });

  it('trigger and routine bodies written with BEGIN ... END stay one statement', () => {
    const sqlite = `CREATE TRIGGER audit AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); UPDATE n SET c = c + 1; END; SELECT 1`;
    assert.deepEqual(splitStatements(sqlite, 'sqlite'), [
      'CREATE TRIGGER audit AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); UPDATE n SET c = c + 1; END',
      'SELECT 1',
    ]);
    const mysql = `CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; SELECT CASE WHEN 1 THEN 2 END; END; CALL p()`;
    assert.equal(splitStatements(mysql, 'mysql').length, 2);
    // BEGIN as a transaction statement is just a statement.
    assert.deepEqual(splitStatements('BEGIN; INSERT INTO t VALUES (1); COMMIT', 'sqlite'), ['BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT']);
  });
});

describe('bindParameters', () => {
  it('PostgreSQL: :name becomes $n, a repeated name reuses its number', () => {
    assert.deepEqual(bindParameters('SELECT * FROM t WHERE a = :a AND b > :b OR a2 = :a', { a: 1, b: 'x' }, 'postgres'), {
      text: 'SELECT * FROM t WHERE a = $1 AND b > $2 OR a2 = $1',
      values: [1, 'x'],
    });
  });

  it('MySQL and SQLite: :name becomes ?, values in order of appearance', () => {
    assert.deepEqual(bindParameters('SELECT :b, :a, :b', { a: 1, b: 2 }, 'mysql'), { text: 'SELECT ?, ?, ?', values: [2, 1, 2] });
    assert.deepEqual(bindParameters('SELECT :b', { b: null }, 'sqlite'), { text: 'SELECT ?', values: [null] });
  });

  it('leaves casts, strings, identifiers, comments and := alone', () => {
    const sql = `SELECT x::text, ':a', ":a", a[1:2] -- :a\n FROM t WHERE y = :a; SET @v := 1`;
    assert.deepEqual(bindParameters(sql, { a: 5 }, 'postgres'), { text: sql.replace('y = :a', 'y = $1'), values: [5] });
  });

  it('a list passes through for the driver placeholders', () => {
    assert.deepEqual(bindParameters('SELECT $1, $2', [1, 2], 'postgres'), { text: 'SELECT $1, $2', values: [1, 2] });
  });

  it('a missing parameter is an error naming it and the given ones', () => {
    assert.throws(() => bindParameters('SELECT :day, :store', { day: 'x' }, 'sqlite'), /uses parameter :store, but only day was given/);
    assert.throws(() => bindParameters('SELECT :day', {}, 'sqlite'), /no parameters were given/);
  });
});
