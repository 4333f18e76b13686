/**
 * gzip on the API (src/api/compression.ts), as Airflow's API server does it:
 * answers of 1 KiB or more, when the client accepts gzip; kept answers of the
 * response cache are compressed once; streams are left alone.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { acceptsGzip, compressible } from '../../src/api/compression.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

async function gunzipped(res: Response): Promise<string> {
  // The fixture calls the app in-process: bodies arrive as sent, not decoded by a client.
  return gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
}

describe('API compression', () => {
  let api: ApiFixture;
  before(async () => {
    api = await startApiFixture();
  });
  after(() => api?.close());

  it('gzips a list for a client that accepts it: same JSON, its own ETag, Vary on Accept-Encoding', async () => {
    const path = '/api/v2/dags/~/dagRuns/~/taskInstances?limit=100';
    const plain = await api.call('GET', path);
    const plainBody = await plain.text();
    assert.ok(plainBody.length >= 1024, `${plainBody.length} bytes: seed more to test compression`);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
    for (let i = 0; i < 2; i += 1) {
      // Compressed on the first request, kept gzipped for the second.
      const zipped = await api.call('GET', path, { headers: GZIP });
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers.get('content-encoding'), 'gzip');
      assert.equal(zipped.headers.get('vary'), 'Accept-Encoding');
      assert.match(zipped.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(zipped.headers.get('etag'), `W/${plain.headers.get('etag') as string}`);
      assert.equal(await gunzipped(zipped), plainBody);
    }
    const etag = (await api.call('GET', path, { headers: GZIP })).headers.get('etag') as string;
    const revalidated = await api.call('GET', path, { headers: { ...GZIP, 'if-none-match': etag } });
    assert.equal(revalidated.status, 304);
  });

  it('gzips answers of routes the cache does not keep, and error answers too when big enough', async () => {
    const spec = await api.call('GET', '/api/v2/openapi.json', { token: null, headers: GZIP });
    assert.equal(spec.headers.get('content-encoding'), 'gzip');
    assert.ok((JSON.parse(await gunzipped(spec)) as { paths: object }).paths);
    const details = await api.call('GET', `/api/v2/dags/${SEEDED.dag}/details`, { headers: GZIP });
    assert.equal(details.status, 200);
    assert.equal(details.headers.get('content-encoding'), 'gzip');
    assert.equal((JSON.parse(await gunzipped(details)) as { dag_id: string }).dag_id, SEEDED.dag);
  });

  it('gives a 304 to a client revalidating the gzipped form of a UI answer (weak ETag)', async () => {
    const path = `/ui/dags/${SEEDED.dag}/grid`;
    const zipped = await api.call('GET', path, { headers: GZIP });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    const etag = zipped.headers.get('etag') as string;
    assert.match(etag, /^W\/"/);
    assert.equal((await api.call('GET', path, { headers: { ...GZIP, 'if-none-match': etag } })).status, 304);
  });

  it('leaves small answers, refusing clients and streams alone', async () => {
    const small = await api.call('GET', '/api/v2/version', { token: null, headers: GZIP });
    assert.equal(small.headers.get('content-encoding'), null);
    assert.ok(JSON.parse(await small.text()));
    const refusing = await api.call('GET', '/api/v2/dags/~/dagRuns', { headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    assert.equal(refusing.headers.get('content-encoding'), null);
    assert.ok(JSON.parse(await refusing.text()));
    const wait = await api.call('GET', `/api/v2/dags/${SEEDED.dag}/dagRuns/${encodeURIComponent(SEEDED.run)}/wait?interval=1`, { headers: GZIP });
    assert.equal(wait.status, 200);
    assert.equal(wait.headers.get('content-type'), 'application/x-ndjson');
    assert.equal(wait.headers.get('content-encoding'), null);
    assert.match(await wait.text(), /"state":\s*"success"/);
  });

  it('sends gzip over HTTP that a client decodes (node:http, the raw bytes)', async () => {
    const { url } = await api.server.listen(0, '127.0.0.1');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request(`${url}/api/v2/dags?limit=100`, { headers: { ...GZIP, authorization: `Bearer ${api.tokens.Viewer}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(raw.headers['content-encoding'], 'gzip');
    const body = JSON.parse(gunzipSync(raw.body).toString('utf8')) as { dags: { dag_id: string }[] };
    assert.ok(body.dags.some((d) => d.dag_id === SEEDED.dag));
  });

  it('reads Accept-Encoding and content types as HTTP means them', () => {
    assert.ok(acceptsGzip('gzip'));
    assert.ok(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1'));
    assert.ok(acceptsGzip('*'));
    assert.ok(acceptsGzip('X-GZIP'));
    assert.ok(!acceptsGzip('gzip;q=0'));
    assert.ok(!acceptsGzip('br, identity'));
    assert.ok(!acceptsGzip(undefined));
    assert.ok(compressible('application/json; charset=UTF-8'));
    assert.ok(compressible('text/plain'));
    assert.ok(compressible('application/problem+json'));
    assert.ok(!compressible('application/x-ndjson'));
    assert.ok(!compressible('image/png'));
    assert.ok(!compressible(null));
  });
});
