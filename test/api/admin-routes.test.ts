/**
 * What the variable, connection, pool, event log and backfill routes do beyond
 * their shapes (the conformance suite checks those): secrets stay hidden, masks
 * and bulk policies change exactly what they say, slot counts are real, and
 * every change is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src/app.js';
import { signJwt } from '../../src/api/auth/jwt.js';
import { resolveJwtSecret } from '../../src/api/auth/jwt-secret.js';
import { createApiServer } from '../../src/api/server.js';
import { taskInstance } from '../../src/store/testing/fixtures.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('admin routes: variables, connections, pools, event logs, backfills', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  it('variables: JSON values are stored as text, secret keys read ***, patterns and masks work', async () => {
    assert.equal((await f.call('POST', '/api/v2/variables', { body: { key: 'rows', value: { n: 3 } } })).status, 201);
    const secret = await json(await f.call('POST', '/api/v2/variables', { body: { key: 'MY_API_KEY', value: 'abc' } }));
    assert.equal(secret.value, '***');
    assert.equal((await f.app.store.variables.get('MY_API_KEY'))?.value, 'abc', 'only the response is masked');
    assert.equal((await f.app.store.variables.get('rows'))?.value, '{"n":3}');
    // A JSON value with a secret key inside is masked inside.
    await f.call('POST', '/api/v2/variables', { body: { key: 'creds', value: { user: 'u', password: 'p' } } });
    assert.equal((await json(await f.call('GET', '/api/v2/variables/creds'))).value, '{"user":"u","password":"***"}');
    const listed = await json(await f.call('GET', '/api/v2/variables?variable_key_pattern=row%25|cred&order_by=-key'));
    assert.deepEqual((listed.variables as { key: string }[]).map((v) => v.key), ['rows', 'creds']);
    assert.equal(listed.total_entries, 2);
    const patched = await json(await f.call('PATCH', '/api/v2/variables/rows?update_mask=description', { body: { key: 'rows', value: 'ignored', description: 'd' } }));
    assert.deepEqual([patched.value, patched.description], ['{"n":3}', 'd']);
  });

  it('bulk: fail changes nothing and reports 409/404, skip and overwrite do what they say', async () => {
    await f.call('POST', '/api/v2/variables', { body: { key: 'b1', value: 'one' } });
    const response = await json(
      await f.call('PATCH', '/api/v2/variables', {
        body: {
          actions: [
            { action: 'create', entities: [{ key: 'b2', value: 'two' }, { key: 'b1', value: 'x' }] },
            { action: 'create', entities: [{ key: 'b3', value: 'three' }, { key: 'b1', value: 'skipped' }], action_on_existence: 'skip' },
            { action: 'update', entities: [{ key: 'ghost', value: 'g' }] },
            { action: 'delete', entities: ['b3', 'ghost'], action_on_non_existence: 'skip' },
          ],
        },
      }),
    );
    const create = response.create as { success: string[]; errors: { status_code: number }[] };
    assert.deepEqual(create.success, ['b3']);
    assert.deepEqual(create.errors.map((e) => e.status_code), [409]);
    assert.deepEqual((response.update as { errors: { status_code: number }[] }).errors.map((e) => e.status_code), [404]);
    assert.deepEqual((response.delete as { success: string[] }).success, ['b3']);
    assert.equal(await f.app.store.variables.get('b2'), null, 'the failed create created nothing');
    assert.equal((await f.app.store.variables.get('b1'))?.value, 'one');
    await f.call('PATCH', '/api/v2/variables', { body: { actions: [{ action: 'create', entities: [{ key: 'b1', value: 'new' }], action_on_existence: 'overwrite' }] } });
    assert.equal((await f.app.store.variables.get('b1'))?.value, 'new');
  });

  it('connections: the password is never returned, secret extras are masked, an echoed *** keeps the password', async () => {
    const body = { connection_id: 'pg', conn_type: 'postgres', host: 'db', login: 'etl', password: 'hunter2', extra: '{"sslmode": "require", "api_key": "k"}' };
    const created = await json(await f.call('POST', '/api/v2/connections', { body }));
    assert.equal(created.password, '***');
    assert.deepEqual(JSON.parse(created.extra as string), { sslmode: 'require', api_key: '***' });
    const listed = await (await f.call('GET', '/api/v2/connections')).text();
    assert.ok(!listed.includes('hunter2') && !listed.includes('"k"'), listed);
    await f.call('PATCH', '/api/v2/connections/pg', { body: { ...body, host: 'db2', password: '***' } });
    const stored = await f.app.store.connections.get('pg');
    assert.deepEqual([stored?.host, stored?.password], ['db2', 'hunter2']);
    await f.call('PATCH', '/api/v2/connections/pg?update_mask=login', { body: { connection_id: 'pg', conn_type: 'http', login: 'other', host: 'ignored' } });
    const masked = await f.app.store.connections.get('pg');
    assert.deepEqual([masked?.connType, masked?.login, masked?.host], ['postgres', 'other', 'db2']);
    // A bulk update changes only the fields each entity sends.
    const bulk = await json(await f.call('PATCH', '/api/v2/connections', { body: { actions: [{ action: 'update', entities: [{ connection_id: 'pg', conn_type: 'postgres', port: 6543 }] }] } }));
    assert.deepEqual((bulk.update as { success: string[] }).success, ['pg']);
    const after = await f.app.store.connections.get('pg');
    assert.deepEqual([after?.port, after?.host, after?.login, after?.password], [6543, 'db2', 'other', 'hunter2']);
  });

  it('pools: slot counts come from the task instances; default_pool cannot be deleted', async () => {
    await f.call('POST', '/api/v2/pools', { body: { name: 'small', slots: 3, include_deferred: true } });
    const run = await f.app.store.dagRuns.get({ dagId: SEEDED.dag, runId: SEEDED.run });
    assert.ok(run);
    await f.app.store.taskInstances.createMany([
      taskInstance(run, 'p_running', { state: 'running', pool: 'small' }),
      taskInstance(run, 'p_queued', { state: 'queued', pool: 'small' }),
      taskInstance(run, 'p_deferred', { state: 'deferred', pool: 'small' }),
      taskInstance(run, 'p_scheduled', { state: 'scheduled', pool: 'small' }),
    ]);
    const pool = await json(await f.call('GET', '/api/v2/pools/small'));
    assert.deepEqual(
      [pool.running_slots, pool.queued_slots, pool.deferred_slots, pool.scheduled_slots, pool.occupied_slots, pool.open_slots],
      [1, 1, 1, 1, 3, 0],
    );
    const refused = await f.call('DELETE', '/api/v2/pools/default_pool');
    assert.equal(refused.status, 400);
    assert.match(String((await json(refused)).detail), /default/i);
    assert.ok(await f.app.store.pools.get('default_pool'));
  });

  it('connections test: a blank or masked password means the saved one; the test is audited', async () => {
    await f.call('POST', '/api/v2/connections', { body: { connection_id: 'saved_pg', conn_type: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', password: 'pw', schema: 'no_such_db_updraft' } });
    for (const password of [undefined, '***']) {
      const body = { connection_id: 'saved_pg', conn_type: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'postgres', ...(password ? { password } : {}) };
      const result = await json(await f.call('POST', '/api/v2/connections/test', { body }));
      assert.deepEqual(result, { status: true, message: 'Connection successfully tested' });
    }
    const failed = await json(await f.call('POST', '/api/v2/connections/test', { body: { connection_id: 'saved_pg', conn_type: 'postgres', host: '127.0.0.1', port: 5432, login: 'postgres', schema: 'no_such_db_updraft' } }));
    assert.equal(failed.status, false);
    assert.match(String(failed.message), /no_such_db_updraft/);
    assert.equal((await f.app.store.connections.get('saved_pg'))?.schema, 'no_such_db_updraft', 'testing saves nothing');
    const tests = (await f.app.store.auditLog.list({})).items.filter((e) => e.event === 'connection_test');
    assert.ok(tests.length >= 3);
  });

  it('every change is in the event log, which filters by event', async () => {
    const events = await json(await f.call('GET', '/api/v2/eventLogs?included_events=variable_create&included_events=pool_create&limit=100'));
    const names = new Set((events.event_logs as { event: string; owner: string }[]).map((e) => `${e.event}:${e.owner}`));
    assert.deepEqual([...names].sort(), ['pool_create:admin', 'variable_create:admin']);
    const all = (await f.app.store.auditLog.list({})).items.map((e) => e.event);
    for (const e of ['variable_edit', 'bulk_create_variables', 'bulk_delete_variables', 'connection_create', 'connection_edit']) assert.ok(all.includes(e), `${e} in ${all.join(', ')}`);
  });

  it('backfills: the dry run lists the dates, create makes the runs, cancel completes it', async () => {
    const body = { dag_id: SEEDED.dag, from_date: '2024-11-01T00:00:00Z', to_date: '2024-11-03T00:00:00Z' };
    const dry = await json(await f.call('POST', '/api/v2/backfills/dry_run', { body }));
    assert.deepEqual((dry.backfills as { logical_date: string }[]).map((b) => b.logical_date), ['2024-11-01T00:00:00.000Z', '2024-11-02T00:00:00.000Z', '2024-11-03T00:00:00.000Z']);
    assert.equal((await f.app.store.backfills.list({})).total, 0, 'a dry run creates nothing');
    const created = await json(await f.call('POST', '/api/v2/backfills', { body }));
    const runs = await f.app.store.dagRuns.list({ dagId: SEEDED.dag, runTypes: ['backfill'] });
    assert.equal(runs.total, 3);
    const cancelled = await json(await f.call('PUT', `/api/v2/backfills/${String(created.id)}/cancel`));
    assert.equal(cancelled.is_paused, true);
    assert.notEqual(cancelled.completed_at, null);
  });

  it('config: secrets are masked, text/plain gives the file form, other media types are 406', async () => {
    const body = await json(await f.call('GET', '/api/v2/config?section=api'));
    const options = (body.sections as { name: string; options: { key: string; value: string }[] }[])[0]!.options;
    assert.equal(options.find((o) => o.key === 'expose_config')?.value, 'true');
    const text = await (await f.call('GET', '/api/v2/config/section/core/option/parallelism', { headers: { accept: 'text/plain' } })).text();
    assert.equal(text, '[core]\nparallelism = 32\n');
    const xml = await f.call('GET', '/api/v2/config', { headers: { accept: 'application/xml' } });
    assert.equal(xml.status, 406);
  });
});

describe('what a default installation keeps off: config and connection testing', () => {
  let home = '';
  let app: Awaited<ReturnType<typeof openApp>>;
  let server: ReturnType<typeof createApiServer>;
  let token = '';
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'updraft-api-defaults-'));
    app = await openApp({ home, loadExamples: false }, {});
    server = createApiServer(app, { log: () => {}, onChange: () => {} });
    await app.store.users.create({ username: 'root', email: null, firstName: null, lastName: null, passwordHash: 'x', roles: ['Admin'], active: true }, new Date());
    const iat = Math.floor(Date.now() / 1000);
    token = signJwt({ sub: 'root', roles: ['Admin'], iat, exp: iat + 600 }, resolveJwtSecret(app.config.apiJwtSecret, app.config.home));
  });
  after(async () => {
    await server.close();
    await app.close();
    rmSync(home, { recursive: true, force: true });
  });
  const call = (method: string, path: string, body?: unknown) =>
    server.fetch(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }));

  it('config answers 403 saying why, even to an Admin', async () => {
    const response = await call('GET', '/api/v2/config');
    assert.equal(response.status, 403);
    assert.match(String((await json(response)).detail), /expose_config/);
  });

  it('connection testing answers 403 naming the setting to change', async () => {
    const response = await call('POST', '/api/v2/connections/test', { connection_id: 'pg', conn_type: 'postgres', host: '127.0.0.1' });
    assert.equal(response.status, 403);
    assert.match(String((await json(response)).detail), /UPDRAFT__CORE__TEST_CONNECTION=Enabled/);
  });
});
