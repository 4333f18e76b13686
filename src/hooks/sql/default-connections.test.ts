import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionSource } from '../connection-info.js';
import { lookUpSqlConnection, SQLITE_DEFAULT_CONN_ID } from './default-connections.js';

const notDefined: ConnectionSource = {
  get: async (connId) => {
    throw new Error(`connection '${connId}' is not defined: create it with the CLI, the UI, or UPDRAFT_CONN_${connId.toUpperCase()}`);
  },
};

test('sqlite_default, undefined, is a SQLite file in the temp folder; other undefined ids stay errors', async () => {
  const builtIn = await lookUpSqlConnection(notDefined, SQLITE_DEFAULT_CONN_ID);
  assert.equal(builtIn.connType, 'sqlite');
  assert.equal(builtIn.host, join(tmpdir(), 'sqlite_default.db'));
  await assert.rejects(lookUpSqlConnection(notDefined, 'warehouse'), /connection 'warehouse' is not defined/);
});

test('a defined sqlite_default wins over the built-in one, and one that fails to load is an error, not a fallback', async () => {
  const mine: ConnectionInfo = { connId: SQLITE_DEFAULT_CONN_ID, connType: 'sqlite', host: '/data/mine.db', schema: null, login: null, password: null, port: null, extra: {} };
  assert.equal((await lookUpSqlConnection({ get: async () => mine }, SQLITE_DEFAULT_CONN_ID)).host, '/data/mine.db');
  const broken: ConnectionSource = {
    get: async () => {
      throw new Error("connection 'sqlite_default' cannot be decrypted with the Fernet key");
    },
  };
  await assert.rejects(lookUpSqlConnection(broken, SQLITE_DEFAULT_CONN_ID), /cannot be decrypted/);
});
