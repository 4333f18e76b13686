/**
 * The admin pages' other `/ui/` endpoints: `/ui/connections` (URIs without
 * passwords, secret extras masked, whether a password is saved, filters, the
 * test setting up front) and `/ui/config` (values with their sources, secrets
 * masked, a 403 with the way to enable it when api.expose_config is off).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp } from '../../src/app.js';
import { signJwt } from '../../src/api/auth/jwt.js';
import { resolveJwtSecret } from '../../src/api/auth/jwt-secret.js';
import { createApiServer } from '../../src/api/server.js';
import type { UiConfig, UiConnectionCollection } from '../../src/client/index.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

describe('/ui/connections and /ui/config', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
    const post = (body: unknown) => f.call('POST', '/api/v2/connections', { body });
    for (const body of [
      { connection_id: 'warehouse', conn_type: 'postgres', host: 'db.example.com', port: 5432, login: 'etl', password: 's3cr3t-pw', schema: 'analytics', extra: '{"sslmode": "require", "api_key": "k-123"}' },
      { connection_id: 'web_api', conn_type: 'http', host: 'api.example.com', description: 'Partner API' },
      { connection_id: 'local_db', conn_type: 'sqlite', host: '/tmp/x.db' },
    ]) {
      const response = await post(body);
      assert.equal(response.status, 201, await response.text());
    }
  });
  after(() => f.close());

  const connections = async (query = '', token?: string): Promise<UiConnectionCollection> => {
    const response = await f.call('GET', `/ui/connections${query}`, token ? { token } : {});
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as UiConnectionCollection;
  };

  it('connections with a URI to copy that never holds the password, and the test setting', async () => {
    const page = await connections();
    assert.deepEqual(page.connections.map((c) => c.connection_id), ['local_db', 'warehouse', 'web_api']);
    assert.equal(page.total_entries, 3);
    assert.equal(page.test_connection, 'Enabled');
    assert.ok(page.testable_types.includes('postgres') && page.testable_types.includes('http'));
    const warehouse = page.connections.find((c) => c.connection_id === 'warehouse');
    assert.ok(warehouse);
    assert.equal(warehouse.password, '***');
    assert.equal(warehouse.has_password, true);
    assert.equal(warehouse.uri, 'postgres://etl@db.example.com:5432/analytics?sslmode=require&api_key=%2A%2A%2A');
    assert.ok(!JSON.stringify(page).includes('s3cr3t-pw'), 'the password appears nowhere');
    assert.ok(!JSON.stringify(page).includes('k-123'), 'nor a secret key of the extra');
    const web = page.connections.find((c) => c.connection_id === 'web_api');
    assert.deepEqual([web?.has_password, web?.password, web?.uri], [false, null, 'http://api.example.com']);
  });

  it('filters by id pattern and type, orders and pages', async () => {
    assert.deepEqual((await connections('?connection_id_pattern=WAREH')).connections.map((c) => c.connection_id), ['warehouse']);
    assert.deepEqual((await connections('?conn_type=http')).connections.map((c) => c.connection_id), ['web_api']);
    assert.deepEqual((await connections('?conn_type=HTTP&connection_id_pattern=local')).connections, []);
    assert.deepEqual((await connections('?order_by=-connection_id')).connections.map((c) => c.connection_id), ['web_api', 'warehouse', 'local_db']);
    const second = await connections('?limit=1&offset=1');
    assert.deepEqual([second.connections.map((c) => c.connection_id), second.total_entries], [['warehouse'], 3]);
    assert.equal((await f.call('GET', '/ui/connections?order_by=password')).status, 422);
  });

  it('connections need Op (as /api/v2/connections)', async () => {
    assert.equal((await f.call('GET', '/ui/connections', { token: f.tokens.User })).status, 403);
    assert.equal((await connections('', f.tokens.Op)).total_entries, 3);
  });

  it('/ui/config: each value with its source, description, default and variable; secrets masked', async () => {
    const response = await f.call('GET', '/ui/config');
    assert.equal(response.status, 200, await response.clone().text());
    const config = (await response.json()) as UiConfig;
    const option = (section: string, key: string) => config.sections.find((s) => s.name === section)?.options.find((o) => o.key === key);
    const expose = option('api', 'expose_config');
    assert.deepEqual(
      [expose?.value, expose?.source, expose?.origin, expose?.default, expose?.env_var, expose?.accepts],
      ['True'.toLowerCase(), 'env', 'UPDRAFT__API__EXPOSE_CONFIG', 'false', 'UPDRAFT__API__EXPOSE_CONFIG', 'true or false'],
    );
    const parallelism = option('core', 'parallelism');
    assert.deepEqual([parallelism?.value, parallelism?.source, parallelism?.origin, parallelism?.accepts], ['32', 'default', null, 'an integer >= 1']);
    assert.match(parallelism?.description ?? '', /at once/);
    const secrets = config.sections.flatMap((s) => s.options).filter((o) => o.is_secret);
    assert.ok(secrets.length >= 1);
    for (const s of secrets) {
      assert.ok(s.value === '***' || s.value === '', `${s.key} is masked`);
      assert.equal(s.default, null);
    }
    assert.deepEqual(config.sections.map((s) => s.name).slice(0, 1), ['core']);
    assert.equal((await f.call('GET', '/ui/config', { token: f.tokens.Op })).status, 403, 'Admin only');
  });

  it('/ui/config is a 403 saying how to enable it when api.expose_config is off; Hidden testing is reported', async () => {
    const home = mkdtempSync(join(tmpdir(), 'updraft-ui-admin-'));
    const app = await openApp({ home, loadExamples: false }, { UPDRAFT__CORE__TEST_CONNECTION: 'Hidden' });
    try {
      await app.store.users.create({ username: 'admin', email: null, firstName: null, lastName: null, passwordHash: 'unused', roles: ['Admin'], active: true }, new Date());
      const server = createApiServer(app, { log: () => undefined, onChange: () => undefined });
      const secret = resolveJwtSecret(app.config.apiJwtSecret, app.config.home);
      const iat = Math.floor(Date.now() / 1000);
      const token = signJwt({ sub: 'admin', roles: ['Admin'], iat, exp: iat + 600 }, secret);
      const call = (path: string) => server.fetch(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }));
      const hidden = await call('/ui/config');
      assert.equal(hidden.status, 403);
      assert.match(((await hidden.json()) as { detail: string }).detail, /api\.expose_config.*UPDRAFT__API__EXPOSE_CONFIG=true/);
      const conns = (await (await call('/ui/connections')).json()) as UiConnectionCollection;
      assert.equal(conns.test_connection, 'Hidden');
      await server.close();
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
