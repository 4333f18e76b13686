/** Opening the store from a URL: dialect routing, the default SQLite file, its pragmas, errors. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { scheduleSummary, hashDagVersion } from './dag-hash.js';
import { parseDatabaseUrl, redactUrl } from './kysely/dialects.js';
import { updraftMigrations } from './kysely/migrations/index.js';
import { openStore } from './open-store.js';
import { dagSpec } from './testing/fixtures.js';

describe('parseDatabaseUrl', () => {
  it('routes postgres and postgresql URLs to PostgreSQL', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://u:p@h:5432/db', '/home'), { dialect: 'postgres', url: 'postgres://u:p@h:5432/db' });
    assert.equal(parseDatabaseUrl('postgresql://h/db', '/home').dialect, 'postgres');
  });

  it('defaults to <home>/updraft.db and reads sqlite:/// URLs as absolute paths', () => {
    assert.deepEqual(parseDatabaseUrl(undefined, '/srv/updraft'), { dialect: 'sqlite', path: '/srv/updraft/updraft.db' });
    assert.deepEqual(parseDatabaseUrl('  ', '/srv/updraft'), { dialect: 'sqlite', path: '/srv/updraft/updraft.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/u.db', '/x'), { dialect: 'sqlite', path: '/var/lib/u.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:////var/lib/u.db', '/x'), { dialect: 'sqlite', path: '/var/lib/u.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/x'), { dialect: 'sqlite', path: ':memory:' });
  });

  it('rejects other URLs with the accepted forms, hiding the password', () => {
    assert.throws(() => parseDatabaseUrl('mysql://root:hunter2@h/db', '/x'), (error: Error) => {
      assert.match(error.message, /Unsupported database URL "mysql:\/\/root:\*\*\*@h\/db"/);
      assert.match(error.message, /postgresql:\/\/.*sqlite:\/\/\//);
      assert.ok(!error.message.includes('hunter2'));
      return true;
    });
    assert.equal(redactUrl('postgres://u:secret@h/db'), 'postgres://u:***@h/db');
    assert.equal(redactUrl('postgres://h/db'), 'postgres://h/db');
  });
});

describe('openStore on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-open-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates <home>/updraft.db with its folder, in WAL mode, migrated', async () => {
    const home = join(dir, 'nested', 'home');
    const store = await openStore({ home });
    assert.equal(store.dialect, 'sqlite');
    assert.equal((await store.check()).upToDate, true);
    await store.close();
    assert.ok(existsSync(join(home, 'updraft.db')));
    const raw = new BetterSqlite3(join(home, 'updraft.db'), { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
  });

  it('leaves the database untouched with migrate: false', async () => {
    const store = await openStore({ home: join(dir, 'unmigrated'), migrate: false });
    const check = await store.check();
    assert.deepEqual([check.reachable, check.upToDate, check.pending], [true, false, Object.keys(updraftMigrations('sqlite'))]);
    await store.close();
  });

  it('works in memory', async () => {
    const store = await openStore({ url: 'sqlite::memory:', home: dir });
    assert.equal((await store.pools.get('default_pool'))?.slots, 128);
    await store.close();
  });
});

describe('openStore on an unreachable PostgreSQL', () => {
  it('says which database it could not open, without the password', async () => {
    await assert.rejects(openStore({ url: 'postgres://u:hunter2@127.0.0.1:1/db', home: '/tmp' }), (error: Error) => {
      assert.match(error.message, /cannot open the PostgreSQL database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
      assert.ok(!error.message.includes('hunter2'));
      return true;
    });
  });
});

describe('dag version hash and schedule summary', () => {
  it('hashes content, not key order', () => {
    const spec = dagSpec('d');
    const reordered = Object.fromEntries(Object.entries(spec).reverse()) as typeof spec;
    assert.equal(hashDagVersion(spec, 'src'), hashDagVersion(reordered, 'src'));
    assert.notEqual(hashDagVersion(spec, 'src'), hashDagVersion(spec, 'src2'));
    assert.notEqual(hashDagVersion(spec, 'src'), hashDagVersion({ ...spec, tags: ['x'] }, 'src'));
    assert.match(hashDagVersion(spec, null), /^[0-9a-f]{64}$/);
  });

  it('summarizes each kind of schedule', () => {
    assert.equal(scheduleSummary({ kind: 'none' }), null);
    assert.equal(scheduleSummary({ kind: 'once' }), '@once');
    assert.equal(scheduleSummary({ kind: 'cron', expression: '0 6 * * *', timezone: 'UTC', dataIntervals: false }), '0 6 * * *');
    assert.equal(scheduleSummary({ kind: 'cron', expression: '@daily', timezone: 'Europe/Paris', dataIntervals: true }), '@daily (Europe/Paris)');
    assert.equal(scheduleSummary({ kind: 'interval', everyMs: 90 * 60_000, dataIntervals: false }), 'every 1h 30m');
    assert.equal(scheduleSummary({ kind: 'interval', everyMs: 1500, dataIntervals: false }), 'every 1s 500ms');
    assert.equal(scheduleSummary({ kind: 'assets', assets: ['s3://a', 's3://b'] }), 'assets: s3://a, s3://b');
  });
});
