/**
 * Sensors that watch something outside Updraft, each against a real
 * counterpart started here: a SQL sensor on SQLite and on the local
 * PostgreSQL (a row appears), an HTTP sensor on a server that answers 404,
 * then "running", then "ready", an S3 key sensor on s3rver (a matching object
 * is uploaded), and an asset sensor (an asset event is recorded). Each sensor
 * runs in reschedule mode, so it waits across several tries' worth of pokes,
 * and its XCom is what it found.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { DagRun } from '../../src/core/run-model.js';
import { PostgresHook } from '../../src/hooks/sql/postgres-hook.js';
import { throwawayPostgres, type ThrowawayDatabase } from '../../src/hooks/sql/testing/sql-servers.js';
import { S3Hook } from '../../src/hooks/s3-hook.js';
import { startLocalS3, type LocalS3 } from '../../src/hooks/testing/s3-server.js';
import type { ConnectionInfo } from '../../src/sdk/context.js';
import { startHarness, waitFor, type Harness } from '../support/scheduler-harness.js';

let h: Harness;
let pg: ThrowawayDatabase;
let s3: LocalS3;
let server: Server;
let statusCalls = 0;

const DAGS = `import { assetSensor, dag, httpSensor, s3KeySensor, sqlSensor } from 'updraft';
const every = { mode: 'reschedule', pokeInterval: 150, timeout: '60s' } as const;
dag('sql_lite', {}, () => {
  sqlSensor('wait', { connId: 'lite', sql: 'SELECT count(*) FROM arrivals WHERE day = :day', parameters: { day: '{{ ds }}' }, ...every });
});
dag('sql_pg', {}, () => {
  sqlSensor('wait', { connId: 'pg', sql: 'SELECT max(batch) FROM arrivals', ...every });
});
dag('sql_empty', {}, () => {
  sqlSensor('wait', { connId: 'lite', sql: 'SELECT 1 FROM arrivals WHERE day = :never', parameters: { never: 'never' }, failOnEmpty: true, ...every });
});
dag('http', {}, () => {
  httpSensor('wait', { connId: 'api', endpoint: 'status/{{ ds }}', responseCheck: { json: { state: 'ready' } }, responseFilter: 'rows', ...every });
});
dag('http_broken', {}, () => {
  httpSensor('wait', { connId: 'api', endpoint: 'broken', ...every });
});
dag('s3', {}, () => {
  s3KeySensor('wait', { key: 's3://landing/{{ ds }}/*.csv', wildcard: true, ...every });
});
dag('asset', {}, () => {
  assetSensor('wait', { asset: 'file://warehouse/songplays', ...every });
});
`;

async function xcom(run: { dagId: string; runId: string }): Promise<unknown> {
  return (await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId: 'wait' }))[0]?.value;
}

/** Triggers the DAG and waits until its sensor has poked at least once without success. */
async function triggerAndWaitForPoke(dagId: string): Promise<DagRun> {
  const run = await h.trigger(dagId, { logicalDate: new Date('2024-03-08T00:00:00Z') });
  await waitFor(async () => (await h.ti(run, 'wait')).state === 'up_for_reschedule', 20_000, `${dagId}: the sensor to poke and reschedule`);
  return run;
}

async function addConnection(c: ConnectionInfo): Promise<void> {
  await h.app.store.connections.upsert({ ...c, description: null, extra: JSON.stringify(c.extra) });
}

before(async () => {
  [pg, s3] = await Promise.all([throwawayPostgres('pg'), startLocalS3(['landing'])]);
  server = createServer((req, res) => {
    if (req.url === '/status/2024-03-08') {
      statusCalls += 1;
      if (statusCalls <= 2) res.writeHead(404).end('not yet');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ state: statusCalls <= 3 ? 'running' : 'ready', rows: 42 }));
      return;
    }
    res.writeHead(500).end('the status service is down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h = await startHarness({ 'sensors.ts': DAGS });
  const lite = join(h.scratch, 'lite.db');
  new Database(lite).exec('CREATE TABLE arrivals (day TEXT, batch INTEGER)').close();
  const pgHook = new PostgresHook(pg.connection);
  await pgHook.run('CREATE TABLE arrivals (batch INTEGER)');
  await pgHook.close();
  await addConnection({ connId: 'lite', connType: 'sqlite', host: lite, schema: null, login: null, password: null, port: null, extra: {} });
  await addConnection(pg.connection);
  await addConnection({ connId: 'api', connType: 'http', host: '127.0.0.1', port: (server.address() as AddressInfo).port, schema: null, login: null, password: null, extra: {} });
  await addConnection(s3.connection('aws_default'));
});

after(async () => {
  await h?.close();
  await Promise.all([pg?.drop(), s3?.stop(), new Promise((resolve) => server?.close(resolve))]);
});

test('SQL sensor on SQLite: waits while the count is 0, succeeds with the count once the day has rows', async () => {
  const run = await triggerAndWaitForPoke('sql_lite');
  new Database(join(h.scratch, 'lite.db')).exec("INSERT INTO arrivals VALUES ('2024-03-08', 1), ('2024-03-08', 2)").close();
  assert.equal((await h.waitForRun(run)).state, 'success');
  assert.equal(await xcom(run), 2);
  assert.equal((await h.ti(run, 'wait')).tryNumber, 1);
});

test('SQL sensor on PostgreSQL: a NULL first value waits, a number succeeds', async () => {
  const run = await triggerAndWaitForPoke('sql_pg');
  const hook = new PostgresHook(pg.connection);
  await hook.run('INSERT INTO arrivals VALUES (7)');
  await hook.close();
  assert.equal((await h.waitForRun(run)).state, 'success');
  assert.equal(await xcom(run), 7);
});

test('SQL sensor with failOnEmpty: no row fails the task, saying why', async () => {
  const run = await h.waitForRun(await h.trigger('sql_empty'));
  const wait = await h.ti(run, 'wait');
  assert.equal(wait.state, 'failed');
  assert.match(wait.stateReason ?? '', /the query returned no row and failOnEmpty is set/);
});

test('HTTP sensor: 404 and a failing response check mean "not yet"; the passing answer is the XCom', async () => {
  const run = await h.waitForRun(await h.trigger('http', { logicalDate: new Date('2024-03-08T00:00:00Z') }));
  assert.equal(run.state, 'success');
  assert.equal(await xcom(run), 42);
  assert.ok(statusCalls >= 4, `poked through 404, 404, running, ready (${statusCalls} calls)`);
});

test('HTTP sensor: a status other than 404 fails the task', async () => {
  const run = await h.waitForRun(await h.trigger('http_broken'));
  const wait = await h.ti(run, 'wait');
  assert.equal(wait.state, 'failed');
  assert.match(wait.stateReason ?? '', /answered 500 Internal Server Error: only 404 means "not yet"/);
});

test('S3 key sensor: waits until an object matches the pattern, and returns the matching keys', async () => {
  const run = await triggerAndWaitForPoke('s3');
  const hook = new S3Hook(s3.connection('check'));
  await hook.put('s3://landing/2024-03-08/readme.txt', 'not a csv');
  await hook.put('s3://landing/2024-03-08/songs.csv', 'id\n1\n');
  await hook.close();
  assert.equal((await h.waitForRun(run)).state, 'success');
  assert.deepEqual(await xcom(run), ['2024-03-08/songs.csv']);
});

test('asset sensor: waits until the asset has an event after the data interval start', async () => {
  const run = await triggerAndWaitForPoke('asset');
  const asset = await h.app.store.assets.upsert({ uri: 'file://warehouse/songplays', name: 'songplays', group: 'asset', extra: {} }, new Date());
  const at = new Date();
  await h.app.store.assets.recordEvent({ assetId: asset.id, timestamp: at, sourceDagId: 'etl', sourceTaskId: 'load', sourceRunId: 'r1', sourceMapIndex: -1, extra: {} });
  assert.equal((await h.waitForRun(run)).state, 'success');
  assert.deepEqual(await xcom(run), { count: 1, latest: at.toISOString() });
});
