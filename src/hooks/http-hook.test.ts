/**
 * HttpHook against a real HTTP server started here: base URL and endpoint
 * joining (Airflow's rules), basic and bearer auth, headers from the extra,
 * query and JSON bodies, retries with back-off on 5xx / 429 / dropped
 * connections but not on 4xx, timeouts, response checks, cancellation, and
 * no password in any log line or error.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { connection, connectionSource } from './testing/connection.js';
import { recordingLogger } from './testing/recording-logger.js';
import { httpBaseUrl, urlFromEndpoint } from './http-connection.js';
import { HttpHook } from './http-hook.js';
import { HttpError } from './http-send.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('HttpHook against a local HTTP server', () => {
  let server: Server;
  let port = 0;
  const seen: Seen[] = [];
  const hits = new Map<string, number>();
  const hit = (key: string) => {
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    return n;
  };

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const key = url.searchParams.get('key') ?? url.pathname;
        const failFirst = Number(url.searchParams.get('fail') ?? 0);
        switch (url.pathname) {
          case '/flaky':
            if (hit(key) <= failFirst) {
              res.writeHead(503, 'Service Unavailable').end('try later');
              return;
            }
            break;
          case '/drop':
            if (hit(key) <= failFirst) {
              req.socket.destroy();
              return;
            }
            break;
          case '/limited':
            if (hit(key) <= failFirst) {
              res.writeHead(429, { 'retry-after': '0' }).end();
              return;
            }
            break;
          case '/missing':
            hit(key);
            res.writeHead(404, 'Not Found').end('no such order');
            return;
          case '/slow':
            setTimeout(() => res.writeHead(200).end('late'), 1500).unref();
            return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const api = (extra: Record<string, string | number | boolean | Record<string, string>> = {}, fields: Parameters<typeof connection>[0] = { connType: 'http' }) =>
    connection({ connId: 'orders_api', host: '127.0.0.1', port, extra, ...fields });
  const last = () => seen[seen.length - 1] as Seen;

  it('builds base URLs and joins endpoints as Airflow does', () => {
    assert.equal(httpBaseUrl(connection({ connType: 'http', host: 'example.com' })), 'http://example.com');
    assert.equal(httpBaseUrl(connection({ connType: 'http', host: 'example.com', schema: 'https', port: 8443 })), 'https://example.com:8443');
    assert.equal(httpBaseUrl(connection({ connType: 'https', host: 'example.com' })), 'https://example.com');
    // A host with its own scheme keeps it, and the port is still appended (Airflow's HttpHook._set_base_url).
    assert.equal(httpBaseUrl(connection({ connType: 'http', host: 'https://example.com', port: 8080 })), 'https://example.com:8080');
    // Airflow's _url_from_endpoint: one slash between base and endpoint.
    assert.equal(urlFromEndpoint('http://h', 'v1/x'), 'http://h/v1/x');
    assert.equal(urlFromEndpoint('http://h/', '/v1/x'), 'http://h/v1/x');
    assert.equal(urlFromEndpoint('http://h/api/', 'v1'), 'http://h/api/v1');
    assert.equal(urlFromEndpoint('http://h', ''), 'http://h');
    assert.throws(() => httpBaseUrl(connection({ connId: 'no_host', connType: 'http' })), /Connection 'no_host' \(http\): an HTTP connection needs a host/);
  });

  it('sends basic auth from login and password, query parameters and a JSON body', async () => {
    const hook = new HttpHook(api({}, { connType: 'http', login: 'ann', password: 'pa:ss w0rd' }));
    const response = await hook.run('v1/orders', { json: { id: 7 }, query: { day: '2024-01-01', tag: ['a', 'b'], skip: null } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { method: 'POST', path: '/v1/orders', query: { day: '2024-01-01', tag: 'b' }, body: '{"id":7}' });
    assert.equal(last().url, '/v1/orders?day=2024-01-01&tag=a&tag=b');
    assert.equal(last().headers.authorization, `Basic ${Buffer.from('ann:pa:ss w0rd').toString('base64')}`);
    assert.equal(last().headers['content-type'], 'application/json');
  });

  it('GET by default, POST when there is a body, or the method asked for', async () => {
    const hook = new HttpHook(api());
    assert.equal((await hook.run('x')).json<{ method: string }>().method, 'GET');
    assert.equal((await hook.run('x', { body: 'a=1' })).json<{ method: string }>().method, 'POST');
    assert.equal((await hook.run('x', { method: 'delete' })).json<{ method: string }>().method, 'DELETE');
  });

  it('sends a bearer token (from the password or extra.bearer_token) and headers from the extra', async () => {
    await new HttpHook(api({ auth_type: 'bearer', 'X-Tenant': 'acme', timeout: 5, headers: { 'x-trace': 'on' } }, { connType: 'http', password: 'tok-123' })).run('h');
    assert.equal(last().headers.authorization, 'Bearer tok-123');
    assert.equal(last().headers['x-tenant'], 'acme', 'scalar extras become headers, as in Airflow');
    assert.equal(last().headers['x-trace'], 'on');
    assert.equal(last().headers.timeout, undefined, 'request options are not headers');
    await new HttpHook(api({ bearer_token: 'tok-456', 'X-Tenant': 'acme' })).run('h', { headers: { 'x-TENANT': 'other' } });
    assert.equal(last().headers.authorization, 'Bearer tok-456');
    assert.equal(last().headers['x-tenant'], 'other', "the request's header replaces the connection's");
    assert.throws(() => new HttpHook(api({ auth_type: 'bearer' })), /Connection 'orders_api' \(http\): bearer auth needs the token/);
    assert.throws(() => new HttpHook(api({ auth_type: 'digest' })), /auth_type 'digest' is not supported/);
  });

  it('retries 5xx with exponential back-off, then succeeds', async () => {
    const log = recordingLogger();
    const hook = new HttpHook(api(), { log });
    const started = Date.now();
    const response = await hook.run('flaky', { query: { key: 'a', fail: 2 }, retries: 3, retryDelayMs: 50 });
    assert.equal(response.status, 200);
    assert.equal(hits.get('a'), 3);
    assert.ok(Date.now() - started >= 150, 'waited 50 ms then 100 ms');
    assert.deepEqual(log.lines.filter((l) => l.startsWith('WARN')).map((l) => l.replace(/http:\/\/\S+/, 'URL')), [
      'WARN GET URL answered 503 Service Unavailable; try 2 of 4 in 50 ms',
      'WARN GET URL answered 503 Service Unavailable; try 3 of 4 in 100 ms',
    ]);
  });

  it('gives up after the last retry with the status and the body', async () => {
    const hook = new HttpHook(api());
    await assert.rejects(hook.run('flaky', { query: { key: 'b', fail: 9 }, retries: 2, retryDelayMs: 10 }), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 503);
      assert.match(error.message, /HTTP connection 'orders_api': GET http:\/\/127\.0\.0\.1:\d+\/flaky\?key=b&fail=9 answered 503 Service Unavailable: try later/);
      return true;
    });
    assert.equal(hits.get('b'), 3);
  });

  it('retries dropped connections and 429 (honouring Retry-After)', async () => {
    const hook = new HttpHook(api());
    assert.equal((await hook.run('drop', { query: { key: 'c', fail: 1 }, retries: 1, retryDelayMs: 10 })).status, 200);
    assert.equal(hits.get('c'), 2);
    assert.equal((await hook.run('limited', { query: { key: 'd', fail: 1 }, retries: 1, retryDelayMs: 5_000 })).status, 200);
    assert.equal(hits.get('d'), 2);
    await assert.rejects(hook.run('drop', { query: { key: 'e', fail: 5 } }), /GET http:\/\/127\.0\.0\.1:\d+\/drop\?key=e&fail=5 failed: fetch failed: other side closed/);
  });

  it('does not retry a 4xx: it fails at once with the answer', async () => {
    const hook = new HttpHook(api());
    await assert.rejects(hook.run('missing', { query: { key: 'f' }, retries: 3, retryDelayMs: 10 }), /answered 404 Not Found: no such order/);
    assert.equal(hits.get('f'), 1);
    const unchecked = await hook.run('missing', { query: { key: 'f' }, checkResponse: false });
    assert.equal(unchecked.status, 404);
    const uncheckedByConnection = await new HttpHook(api({ check_response: false })).run('missing');
    assert.equal(uncheckedByConnection.text, 'no such order');
  });

  it('times out a slow answer and names the timeout', async () => {
    const hook = new HttpHook(api());
    await assert.rejects(hook.run('slow', { timeoutMs: 200 }), /GET http:\/\/127\.0\.0\.1:\d+\/slow timed out after 200 ms/);
  });

  it('fails when the response check says no', async () => {
    const hook = new HttpHook(api());
    const ok = await hook.run('echo', { responseCheck: (r) => r.json<{ path: string }>().path === '/echo' });
    assert.equal(ok.status, 200);
    await assert.rejects(hook.run('echo', { responseCheck: (r) => r.text.includes('nope') }), /the response check returned false for GET .*\/echo \(status 200\)/);
  });

  it('stops waiting between retries when the task is cancelled', async () => {
    const controller = new AbortController();
    const hook = new HttpHook(api(), { signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cleared')), 100);
    await assert.rejects(hook.run('flaky', { query: { key: 'g', fail: 9 }, retries: 5, retryDelayMs: 10_000 }), /HTTP connection 'orders_api': GET .* was cancelled/);
    assert.ok(Date.now() - started < 2_000);
  });

  it('reports a closed port clearly', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const hook = new HttpHook(connection({ connId: 'down', connType: 'http', host: '127.0.0.1', port: closedPort }));
    await assert.rejects(hook.run('x'), /HTTP connection 'down': GET http:\/\/127\.0\.0\.1:\d+\/x failed: fetch failed: connect ECONNREFUSED/);
  });

  it("says in the task log which of Airflow's request options in the extra it does not apply (verify off, cert, proxies), and requests still go out", async () => {
    const log = recordingLogger();
    const hook = new HttpHook(api({ verify: false, cert: '/etc/ssl/client.pem', proxies: { https: 'http://proxy:3128' }, timeout: 5 }), { log });
    assert.match(log.text(), /connection 'orders_api': verify=false, cert, proxies in its extra are not applied: requests use the system's certificate authorities \(add one with NODE_EXTRA_CA_CERTS=<file>\)/);
    assert.equal((await hook.run('orders')).status, 200);
    assert.equal(last().headers.verify, undefined, 'request options never become headers');
    const quiet = recordingLogger();
    new HttpHook(api({ verify: true, timeout: 5 }), { log: quiet });
    assert.equal(quiet.text(), '', 'the default (verify on) is not reported');
  });

  it('never logs or reports the password, even one written into the host URL', async () => {
    const log = recordingLogger();
    const secret = 'hunter2-very-secret';
    const hook = new HttpHook(connection({ connId: 'leaky', connType: 'http', host: `http://ann:${secret}@127.0.0.1:${port}` }), { log });
    await hook.run('flaky', { query: { key: 'h', fail: 1 }, retries: 1, retryDelayMs: 10 });
    const error = await hook.run('missing').catch((e: Error) => e);
    assert.ok(error instanceof Error);
    assert.ok(log.lines.length >= 2);
    assert.doesNotMatch(`${log.text()}\n${error.message}`, new RegExp(secret));
    assert.equal(last().headers.authorization, `Basic ${Buffer.from(`ann:${secret}`).toString('base64')}`, 'credentials in the host URL become basic auth');
  });

  it('is built from a connection id through the task context', async () => {
    const hook = await HttpHook.fromConnection(connectionSource(api()), 'orders_api');
    assert.equal(hook.baseUrl, `http://127.0.0.1:${port}`);
    await assert.rejects(HttpHook.fromConnection(connectionSource(), 'nope'), /The connection 'nope' is not defined/);
  });
});
