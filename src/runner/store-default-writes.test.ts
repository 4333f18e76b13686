/**
 * Tasks' create-if-missing writes over a real (SQLite) store: each creates
 * once and never overwrites, a variable or connection any secrets backend has
 * counts as existing, bad input names the field, and creations are audited
 * under the task.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DagRun } from '../core/run-model.js';
import { EnvironmentBackend } from '../secrets/environment-backend.js';
import { MetastoreBackend } from '../secrets/metastore-backend.js';
import { SecretsChain } from '../secrets/secrets-chain.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { storeDefaultWrites, type DefaultWrites } from './store-default-writes.js';

let home: string;
let store: Store;
let writes: DefaultWrites;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'updraft-default-writes-'));
  store = await openStore({ home });
  const chain = new SecretsChain([new EnvironmentBackend({ UPDRAFT_VAR_FROM_ENV: 'env value', UPDRAFT_CONN_ENV_CONN: 'http://example.com' }), new MetastoreBackend(store)]);
  const run = { dagId: 'setup', runId: 'manual__1' } as DagRun;
  writes = storeDefaultWrites(store, run, chain, () => new Date('2025-01-01T00:00:00Z'));
});

after(async () => {
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

test('a variable is created once; later values, and values from other backends, win', async () => {
  assert.equal(await writes.setDefaultVariable('init', { key: 'dag_number', value: '10', description: 'how many' }), '10');
  assert.equal(await writes.setDefaultVariable('init', { key: 'dag_number', value: '99', description: null }), '10');
  await store.variables.set({ key: 'dag_number', value: '20' });
  assert.equal(await writes.setDefaultVariable('init', { key: 'dag_number', value: '10', description: null }), '20');
  assert.equal(await writes.setDefaultVariable('init', { key: 'from_env', value: 'db value', description: null }), 'env value');
  assert.equal(await store.variables.get('from_env'), null, 'nothing written: the environment has it');
  await assert.rejects(writes.setDefaultVariable('init', { key: ' ', value: 'x', description: null }), /variables\.setDefault: the key must be a non-empty string/);
});

test('a connection is created once and never overwritten', async () => {
  const slack = { connId: 'slack', connType: 'slack', login: '#alerts', password: 'xoxb-1', extra: { base_url: 'http://127.0.0.1/api/' } };
  assert.equal(await writes.setDefaultConnection('init', slack), true);
  assert.equal(await writes.setDefaultConnection('init', { ...slack, password: 'xoxb-2' }), false);
  const saved = await store.connections.get('slack');
  assert.deepEqual([saved?.login, saved?.password, saved?.extra], ['#alerts', 'xoxb-1', '{"base_url":"http://127.0.0.1/api/"}']);
  assert.equal(await writes.setDefaultConnection('init', { connId: 'env_conn', connType: 'http' }), false, 'the environment has it');
  await assert.rejects(writes.setDefaultConnection('init', { connId: 'db', connType: 'postgres', port: 70000 }), /connections\.setDefault\('db'\): port must be an integer from 1 to 65535/);
  await assert.rejects(writes.setDefaultConnection('init', { connId: 'db', connType: '' }), /connections\.setDefault\('db'\): connType must be a non-empty string/);
});

test('a pool is created once; an existing one keeps its slots', async () => {
  assert.equal(await writes.setDefaultPool('init', { name: 'default_pool', slots: 8, description: null }), false);
  assert.equal((await store.pools.get('default_pool'))?.slots, 128);
  assert.equal(await writes.setDefaultPool('init', { name: 'uploads', slots: 4, description: 'S3 uploads' }), true);
  assert.equal(await writes.setDefaultPool('init', { name: 'uploads', slots: 2, description: null }), false);
  assert.equal((await store.pools.get('uploads'))?.slots, 4);
  await assert.rejects(writes.setDefaultPool('init', { name: 'bad', slots: 1.5, description: null }), /pools\.setDefault\('bad'\): slots must be an integer >= 0, or -1 for unlimited/);
});

test('each creation is audited under the task that made it', async () => {
  const { items } = await store.auditLog.list({ dagId: 'setup', orderBy: 'when' });
  assert.deepEqual(
    items.map((e) => [e.owner, e.event, e.extra]).sort(),
    [
      ['task:setup.init', 'connection_create', '{"connection_id":"slack"}'],
      ['task:setup.init', 'pool_create', '{"name":"uploads"}'],
      ['task:setup.init', 'variable_create', '{"key":"dag_number"}'],
    ],
  );
});
