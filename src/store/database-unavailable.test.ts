import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isDatabaseUnavailable } from './database-unavailable.js';

test('a PostgreSQL server that is not there is unavailable, not a bad query', async () => {
  const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', connectionTimeoutMillis: 2000 }); // nothing listens on port 1
  const error = await client.connect().then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(isDatabaseUnavailable(error), String(error));
});

test('shutdown and connection SQLSTATEs are unavailable; syntax errors and plain errors are not', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });
  assert.ok(isDatabaseUnavailable(withCode('57P01')), 'admin_shutdown');
  assert.ok(isDatabaseUnavailable(withCode('57P03')), 'cannot_connect_now');
  assert.ok(isDatabaseUnavailable(withCode('08006')), 'connection_failure');
  assert.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
  assert.ok(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNREFUSED') })));
  assert.ok(!isDatabaseUnavailable(withCode('42601')), 'syntax_error');
  assert.ok(!isDatabaseUnavailable(new Error('no such table: dag')));
  assert.ok(!isDatabaseUnavailable('ECONNREFUSED'));
});
