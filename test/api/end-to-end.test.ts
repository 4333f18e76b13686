/**
 * End to end, as a person would: the built `updraft standalone` as a real
 * process, driven over HTTP with the package's typed client: get a token, list
 * DAGs, unpause, trigger with conf (a bad conf is refused), wait for success
 * on the NDJSON stream, list the task instances, read a task log and an XCom,
 * create/read/update/delete a variable, a connection (its password never comes
 * back) and a pool, and find all of it in the event log. The CLI does the same
 * through the client with `--api-url`, from a machine with no database of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UpdraftApiError, UpdraftClient, type DagRunWaitLine } from '../../src/client/index.js';
import { spawnSync } from 'node:child_process';
import { cliEnv, cliPath, freshHome } from '../support/scheduler-harness.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';

const DAG_FILE = `import { dag, task, z } from 'updraft';
export default dag('etl_orders', {
  schedule: null,
  tags: ['e2e'],
  params: z.object({ rows: z.number().int().min(1).default(3) }),
  isPausedUponCreation: true,
}, ({ params }) => {
  const extract = task('extract', { inputs: { p: params } }, ({ p }) => p.rows);
  const transform = task('transform', { inputs: { n: extract } }, ({ n }, { log }) => { log.info('rows doubled: ' + n * 2); return n * 2; });
  task('load', { inputs: { n: transform } }, ({ n }) => n);
});
`;

describe('end to end: updraft standalone driven through the typed client', () => {
  let standalone: Standalone;
  let client: UpdraftClient;
  before(async () => {
    standalone = await startStandalone({ dagFiles: { 'etl_orders.ts': DAG_FILE } });
    client = new UpdraftClient({ baseUrl: standalone.url });
  });
  after(() => standalone.stop());

  it('health needs no token; everything else does', async () => {
    const health = await client.monitor.health();
    assert.equal(health.metadatabase.status, 'healthy');
    await assert.rejects(client.dags.list(), (e: unknown) => e instanceof UpdraftApiError && e.status === 401);
  });

  it('token, list, unpause, trigger with conf, wait, task instances, log, XCom', { timeout: 60_000 }, async () => {
    await client.login('admin', standalone.adminPassword);
    const dags = await client.dags.list({ tags: ['e2e'] });
    assert.deepEqual(dags.dags.map((d) => [d.dag_id, d.is_paused]), [['etl_orders', true]], standalone.output());
    assert.equal((await client.dags.setPaused('etl_orders', false)).is_paused, false);

    await assert.rejects(client.dagRuns.trigger('etl_orders', { conf: { rows: 0 } }), (e: unknown) => e instanceof UpdraftApiError && e.status === 400 && /rows/.test(e.message));
    const run = await client.dagRuns.trigger('etl_orders', { conf: { rows: 21 }, note: 'e2e' });
    assert.deepEqual([run.state, run.conf, run.triggered_by], ['queued', { rows: 21 }, 'rest_api']);

    const lines: DagRunWaitLine[] = [];
    for await (const line of client.dagRuns.wait('etl_orders', run.dag_run_id, { intervalSec: 0.1, results: ['load', 'extract'] })) lines.push(line);
    const last = lines.at(-1);
    assert.equal(last?.state, 'success', `${JSON.stringify(lines)}\n${standalone.output()}`);
    assert.deepEqual(last?.results, { load: 42, extract: 21 });
    assert.ok(lines.slice(0, -1).every((l) => l.state === 'queued' || l.state === 'running'));

    const tis = await client.taskInstances.list('etl_orders', run.dag_run_id, { order_by: 'task_id' });
    assert.deepEqual(tis.task_instances.map((ti) => [ti.task_id, ti.state, ti.try_number]), [['extract', 'success', 1], ['load', 'success', 1], ['transform', 'success', 1]]);

    const ref = { dagId: 'etl_orders', runId: run.dag_run_id, taskId: 'transform' };
    const log = await client.taskInstances.log(ref, 1);
    const text = log.content.map((m) => (typeof m === 'string' ? m : m.event)).join('\n');
    assert.match(text, /rows doubled: 42/);
    assert.match(await client.taskInstances.logText(ref, 1), /rows doubled: 42/);
    assert.equal((await client.taskInstances.xcom(ref)).value, 42);
  });

  it('variables, connections (password never returned) and pools: create, read, update, delete', async () => {
    await client.login('admin', standalone.adminPassword);
    await client.variables.create({ key: 'warehouse_schema', value: 'analytics', description: 'where facts go' });
    assert.equal((await client.variables.get('warehouse_schema')).value, 'analytics');
    await client.variables.update('warehouse_schema', { key: 'warehouse_schema', value: 'marts' });
    assert.equal((await client.variables.get('warehouse_schema')).value, 'marts');
    await client.variables.delete('warehouse_schema');
    await assert.rejects(client.variables.get('warehouse_schema'), (e: unknown) => e instanceof UpdraftApiError && e.status === 404);

    const secret = 'pa55-w0rd-never-shown';
    const created = await client.connections.create({ connection_id: 'warehouse', conn_type: 'postgres', host: '127.0.0.1', port: 5432, login: 'etl', password: secret, schema: 'dw' });
    assert.equal(created.password, '***');
    const updated = await client.connections.update('warehouse', { connection_id: 'warehouse', conn_type: 'postgres', host: 'db.internal' }, ['host']);
    assert.deepEqual([updated.host, updated.password], ['db.internal', '***']);
    const everything = JSON.stringify([await client.connections.get('warehouse'), await client.connections.list()]);
    assert.ok(!everything.includes(secret), 'the password never leaves the server');
    await client.connections.delete('warehouse');

    await client.pools.create({ name: 'warehouse_slots', slots: 4, description: 'DW load slots' });
    assert.equal((await client.pools.update('warehouse_slots', { slots: 2 }, ['slots'])).slots, 2);
    await client.pools.delete('warehouse_slots');
    // Airflow's spec answers 400 here (it lists no 409 for delete_pool), with the reason.
    await assert.rejects(client.pools.delete('default_pool'), (e: unknown) => e instanceof UpdraftApiError && e.status === 400 && /default/i.test(e.message));
  });

  it('every call above is in the event log, with who made it', async () => {
    await client.login('admin', standalone.adminPassword);
    const { event_logs } = await client.eventLogs.list({ owner: 'admin', limit: 100, order_by: 'when' });
    const events = new Set(event_logs.map((e) => e.event));
    for (const event of ['unpause', 'trigger_dag_run', 'variable_create', 'variable_edit', 'variable_delete', 'connection_create', 'connection_edit', 'connection_delete', 'pool_create', 'pool_edit', 'pool_delete']) {
      assert.ok(events.has(event), `${event} in ${[...events].join(', ')}`);
    }
  });

  it('the CLI with --api-url triggers and waits through the API; bad credentials say what to set', { timeout: 60_000 }, async () => {
    const home = freshHome('updraft-remote-cli-');
    const cli = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...cliEnv(home), ...env }, timeout: 50_000 });
    const creds = { UPDRAFT_API_USERNAME: 'admin', UPDRAFT_API_PASSWORD: standalone.adminPassword };
    const paused = cli(['dags', 'pause', 'etl_orders', '--api-url', standalone.url], creds);
    assert.equal(paused.status, 0, paused.stderr);
    assert.equal((await client.dags.get('etl_orders')).is_paused, true, 'paused on the server');
    cli(['dags', 'unpause', 'etl_orders', '--api-url', standalone.url], creds);
    const triggered = cli(['dags', 'trigger', 'etl_orders', '--conf', '{"rows": 5}', '--wait'], { ...creds, UPDRAFT_API_URL: standalone.url });
    assert.equal(triggered.status, 0, `${triggered.stdout}\n${triggered.stderr}`);
    assert.match(triggered.stdout, /Triggered etl_orders: run manual__\S+ is queued/);
    assert.match(triggered.stdout, /: success/);
    const refused = cli(['dags', 'trigger', 'etl_orders', '--api-url', standalone.url], { UPDRAFT_API_USERNAME: 'admin', UPDRAFT_API_PASSWORD: 'wrong' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cannot sign in to http:\/\/127\.0\.0\.1:\d+ as admin: .*401/);
    const missing = cli(['dags', 'trigger', 'etl_orders', '--api-url', standalone.url], {});
    assert.match(missing.stderr, /set UPDRAFT_API_TOKEN, or UPDRAFT_API_USERNAME and UPDRAFT_API_PASSWORD/);
  });
});
