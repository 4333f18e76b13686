/**
 * httpRequest end to end: a real orchestrator runs a DAG whose tasks call an
 * HTTP server started here through an http connection (basic auth from the
 * connection, templated endpoint/json/query), with response checks, a
 * response filter feeding a downstream task's typed input, request retries on
 * 503, and failures that say what was wrong; custom headers, PUT and DELETE
 * reach the server as written. The connection password never reaches the task log.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { TaskInstance } from '../../src/core/run-model.js';
import { taskLogPath } from '../../src/runner/log-file.js';
import { startHarness, type Harness } from '../support/scheduler-harness.js';

const PASSWORD = 'api-pa55-word';
let h: Harness;
let server: Server;
const seen: { method: string; url: string; auth: string | undefined; body: string; headers: Record<string, string | string[] | undefined> }[] = [];
let flakyHits = 0;

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

const logOf = (ti: TaskInstance) => readFileSync(taskLogPath(h.app.config.logsFolder, ti, ti.tryNumber), 'utf8');

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body, headers: req.headers });
      if (req.headers.authorization !== `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`) return void res.writeHead(401).end('who are you?');
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (url.pathname === '/v1/orders' && req.method === 'POST') {
        const order = JSON.parse(body) as { day: string; items: number };
        return json(201, { order: { id: 41, day: order.day, items: order.items }, links: [] });
      }
      if (url.pathname === '/v1/orders/41' && req.method === 'PUT') return json(200, { updated: 41, with: JSON.parse(body) as unknown });
      if (url.pathname === '/v1/orders/41' && req.method === 'DELETE') return void res.writeHead(204).end();
      if (url.pathname === '/v1/echo-headers') return json(200, { day: req.headers['x-request-day'], trace: req.headers['x-trace'] });
      if (url.pathname === '/v1/status') return json(200, { state: 'pending', day: url.searchParams.get('day') });
      if (url.pathname === '/v1/flaky') return ++flakyHits < 3 ? void res.writeHead(503).end('busy') : json(200, { ok: true, hits: flakyHits });
      if (url.pathname === '/v1/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
      res.writeHead(404, 'Not Found').end('no such endpoint');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  h = await startHarness({
    'http_ops.ts': `import { dag, httpRequest, task } from 'updraft';
dag('http_ops', {}, () => {
  const order = httpRequest<{ id: number; day: string; items: number }>('create_order', {
    connId: 'orders_api',
    method: 'POST',
    endpoint: 'v1/orders',
    json: { day: '{{ params.day }}', items: 3 },
    responseCheck: { status: [201], json: { 'order.day': '{{ params.day }}' } },
    responseFilter: 'order',
  });
  task('double_id', { inputs: { order } }, ({ order }) => order.id * 2);
  httpRequest('flaky', { connId: 'orders_api', endpoint: 'v1/flaky', requestRetries: 3, logResponse: true });
  httpRequest('text', { connId: 'orders_api', endpoint: '/v1/text' });
  httpRequest('status_check', { connId: 'orders_api', endpoint: 'v1/status', query: { day: '{{ params.day }}' }, responseCheck: { json: { state: 'ready' } } });
  httpRequest('missing', { connId: 'orders_api', endpoint: 'v1/nothing-here' });
  httpRequest('bad_filter', { connId: 'orders_api', method: 'POST', endpoint: 'v1/orders', json: { day: 'x', items: 1 }, responseFilter: 'order.customer.name' });
});
dag('http_methods', {}, () => {
  httpRequest('with_headers', { connId: 'orders_api', endpoint: 'v1/echo-headers', headers: { 'X-Request-Day': '{{ params.day }}', 'X-Trace': 'trace-7' } });
  httpRequest('put_order', { connId: 'orders_api', method: 'PUT', endpoint: 'v1/orders/41', json: { items: 5, day: '{{ params.day }}' } });
  httpRequest('delete_order', { connId: 'orders_api', method: 'DELETE', endpoint: 'v1/orders/41', responseCheck: { status: [204] } });
  httpRequest('wrong_status', { connId: 'orders_api', endpoint: 'v1/status', responseCheck: { status: [201, 202] } });
});
`,
  });
  await h.app.store.connections.upsert({
    connId: 'orders_api',
    connType: 'http',
    description: null,
    host: '127.0.0.1',
    schema: null,
    login: 'svc',
    password: PASSWORD,
    port,
    extra: JSON.stringify({ retry_delay: 0.05 }),
  });
});

after(async () => {
  await h?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

test('httpRequest: templated JSON body, checks, filtered XCom into a typed downstream input, retries, and clear failures', async () => {
  const run = await h.waitForRun(await h.trigger('http_ops', { conf: { day: '2024-03-01' } }));
  const tis = await h.tis(run);
  const state = (id: string) => tis.get(id)?.state;

  assert.equal(state('create_order'), 'success');
  assert.deepEqual(await xcom(run, 'create_order'), { id: 41, day: '2024-03-01', items: 3 });
  assert.equal(await xcom(run, 'double_id'), 82);
  const post = seen.find((s) => s.url === '/v1/orders' && s.body.includes('2024-03-01'));
  assert.deepEqual(JSON.parse(post?.body ?? '{}'), { day: '2024-03-01', items: 3 });

  assert.equal(state('flaky'), 'success');
  assert.deepEqual(await xcom(run, 'flaky'), { ok: true, hits: 3 });
  const flakyLog = logOf(tis.get('flaky') as TaskInstance);
  assert.match(flakyLog, /GET http:\/\/127\.0\.0\.1:\d+\/v1\/flaky answered 503 .*; try 2 of 4/);
  assert.match(flakyLog, /Response body: \{"ok":true,"hits":3\}/);

  assert.equal(state('text'), 'success');
  assert.equal(await xcom(run, 'text'), 'plain words');

  assert.equal(state('status_check'), 'failed');
  assert.match(logOf(tis.get('status_check') as TaskInstance), /DAG 'http_ops', task 'status_check': the response check failed for http:\/\/127\.0\.0\.1:\d+\/v1\/status\?day=2024-03-01: state is "pending", expected "ready"/);

  assert.equal(state('missing'), 'failed');
  assert.match(logOf(tis.get('missing') as TaskInstance), /HTTP connection 'orders_api': GET http:\/\/127\.0\.0\.1:\d+\/v1\/nothing-here answered 404 Not Found: no such endpoint/);

  assert.equal(state('bad_filter'), 'failed');
  assert.match(logOf(tis.get('bad_filter') as TaskInstance), /responseFilter 'order\.customer\.name' matches nothing in the answer/);

  for (const ti of tis.values()) assert.doesNotMatch(logOf(ti), new RegExp(PASSWORD), `task ${ti.taskId}'s log has no password`);
});

test('httpRequest: custom headers reach the server, PUT and DELETE are sent as such, and a status-only check fails with the status it got', async () => {
  const run = await h.waitForRun(await h.trigger('http_methods', { conf: { day: '2024-03-02' } }));
  const tis = await h.tis(run);
  const state = (id: string) => tis.get(id)?.state;

  assert.equal(state('with_headers'), 'success');
  assert.deepEqual(await xcom(run, 'with_headers'), { day: '2024-03-02', trace: 'trace-7' });
  const echoed = seen.find((s) => s.url === '/v1/echo-headers' && s.headers['x-request-day'] === '2024-03-02');
  assert.equal(echoed?.headers['x-trace'], 'trace-7', 'the templated and literal headers both arrive');

  assert.equal(state('put_order'), 'success');
  assert.deepEqual(await xcom(run, 'put_order'), { updated: 41, with: { items: 5, day: '2024-03-02' } });
  assert.ok(seen.some((s) => s.method === 'PUT' && s.url === '/v1/orders/41'), 'a PUT reached the server');

  assert.equal(state('delete_order'), 'success');
  assert.equal(await xcom(run, 'delete_order'), null, 'an empty 204 answer is a null XCom');
  assert.ok(seen.some((s) => s.method === 'DELETE' && s.url === '/v1/orders/41' && s.body === ''), 'a DELETE without a body reached the server');

  assert.equal(state('wrong_status'), 'failed');
  assert.match(
    logOf(tis.get('wrong_status') as TaskInstance),
    /DAG 'http_methods', task 'wrong_status': the response check failed for http:\/\/127\.0\.0\.1:\d+\/v1\/status: expected status 201 or 202, got 200 OK: \{"state":"pending","day":null\}/,
  );
});
