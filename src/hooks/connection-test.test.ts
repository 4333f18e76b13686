/**
 * Connection tests against real servers on this machine: the local PostgreSQL,
 * a SQLite file, an HTTP server started here (with basic auth); and the clear
 * answers for a wrong password, a missing file, a closed port, an unknown type.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Connection } from '../store/types.js';
import { testConnection } from './connection-test.js';

const conn = (fields: Partial<Connection> & Pick<Connection, 'connType'>): Connection => ({
  connId: 'under_test',
  description: null,
  host: null,
  schema: null,
  login: null,
  password: null,
  port: null,
  extra: null,
  isEncrypted: false,
  isExtraEncrypted: false,
  ...fields,
});

describe('testing connections against real servers', () => {
  let dir = '';
  let http: Server;
  let httpPort = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'updraft-conn-test-'));
    http = createServer((req, res) => {
      const expected = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
      res.statusCode = req.url === '/' && req.headers.authorization === expected ? 200 : 401;
      res.end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((resolve) => http.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('PostgreSQL: the local server answers SELECT 1', async () => {
    const result = await testConnection(conn({ connType: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'postgres' }));
    assert.deepEqual(result, { ok: true, message: 'Connection successfully tested' });
  });

  it('PostgreSQL: an unknown database fails with the server\'s reason', async () => {
    const result = await testConnection(conn({ connType: 'postgresql', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'no_such_db_updraft' }));
    assert.equal(result.ok, false);
    assert.match(result.message, /no_such_db_updraft/);
  });

  it('PostgreSQL: a closed port fails within the timeout', async () => {
    const result = await testConnection(conn({ connType: 'postgres', host: '127.0.0.1', port: 1, login: 'postgres' }), 2000);
    assert.equal(result.ok, false);
    assert.match(result.message, /ECONNREFUSED|connect/i);
  });

  it('MariaDB (type mysql): the local server answers SELECT 1; a wrong password fails with the server\'s reason', async () => {
    const result = await testConnection(conn({ connType: 'mysql', host: '127.0.0.1', port: 3306, login: 'root' }));
    assert.deepEqual(result, { ok: true, message: 'Connection successfully tested' });
    const bad = await testConnection(conn({ connType: 'mariadb', host: '127.0.0.1', port: 3306, login: 'no_such_user_updraft', password: 'nope' }));
    assert.equal(bad.ok, false);
    assert.match(bad.message, /Access denied for user 'no_such_user_updraft'/);
  });

  it('SQLite: an existing file passes; a missing one fails and is not created', async () => {
    const file = join(dir, 'warehouse.db');
    new Database(file).close();
    assert.equal((await testConnection(conn({ connType: 'sqlite', host: file }))).ok, true);
    const missing = join(dir, 'missing.db');
    const result = await testConnection(conn({ connType: 'sqlite', host: missing }));
    assert.equal(result.ok, false);
    assert.match(result.message, /missing\.db/);
    assert.equal((await import('node:fs')).existsSync(missing), false, 'testing never creates a database');
  });

  it('HTTP: basic auth from login and password; a wrong password reports the 401', async () => {
    const good = await testConnection(conn({ connType: 'http', host: '127.0.0.1', port: httpPort, login: 'ann', password: 's3cret' }));
    assert.deepEqual(good, { ok: true, message: 'Connection successfully tested' });
    const bad = await testConnection(conn({ connType: 'http', host: '127.0.0.1', port: httpPort, login: 'ann', password: 'nope' }));
    assert.equal(bad.ok, false);
    assert.match(bad.message, /401/);
  });

  it('an unknown type says which types can be tested', async () => {
    const result = await testConnection(conn({ connType: 'ftp', host: 'example' }));
    assert.equal(result.ok, false);
    assert.match(result.message, /ftp.*postgres, sqlite, http/);
  });
});
