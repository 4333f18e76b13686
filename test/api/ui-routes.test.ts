/**
 * The web UI's server side: its JSON endpoints under /ui/ (who am I and what
 * may I do; the DAG list in one round trip, with ETags) and the serving of the
 * built UI at / (index.html for app routes, immutable hashed assets, the CSP,
 * nothing outside dist/ui, API paths left alone).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { UiDagCollection, UiMe } from '../../src/client/types.js';
import type { AuthEnv } from '../../src/api/route-def.js';
import { fileUnder, registerUiAssets } from '../../src/api/ui-assets.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';
import { TI_SEEDED } from './task-instance-seed.js';

const MAPPED = TI_SEEDED.mappedDag;

describe('/ui/me and /ui/dags', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  const dags = async (query = '', token?: string): Promise<UiDagCollection> => {
    const response = await f.call('GET', `/ui/dags${query}`, token ? { token } : {});
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as UiDagCollection;
  };

  it('/ui/me: the user, roles, and every permission with the least role that has it', async () => {
    const viewer = (await (await f.call('GET', '/ui/me', { token: f.tokens.Viewer })).json()) as UiMe;
    assert.equal(viewer.username, 'viewer');
    assert.deepEqual(viewer.roles, ['Viewer']);
    const find = (me: UiMe, action: string, resource: string) => me.permissions.find((p) => p.action === action && p.resource === resource);
    assert.deepEqual(find(viewer, 'read', 'DAGs'), { action: 'read', resource: 'DAGs', allowed: true, least_role: 'Viewer' });
    assert.deepEqual(find(viewer, 'edit', 'DAGs'), { action: 'edit', resource: 'DAGs', allowed: false, least_role: 'User' });
    assert.deepEqual(find(viewer, 'read', 'variables'), { action: 'read', resource: 'variables', allowed: false, least_role: 'Op' });
    const admin = (await (await f.call('GET', '/ui/me', { token: f.tokens.Admin })).json()) as UiMe;
    assert.ok(admin.permissions.length >= 16 * 4);
    assert.ok(admin.permissions.every((p) => p.allowed));
    const op = (await (await f.call('GET', '/ui/me', { token: f.tokens.Op })).json()) as UiMe;
    assert.equal(find(op, 'read', 'users')?.allowed, false);
    assert.equal(find(op, 'edit', 'pools')?.allowed, true);
  });

  it('/ui/dags: DAGs with schedule in words and latest runs (newest first), counts, choices, import errors', async () => {
    const page = await dags();
    assert.deepEqual(page.dags.map((d) => d.dag_id), [SEEDED.dag, MAPPED, SEEDED.pausedDag]);
    assert.equal(page.total_entries, 3);
    assert.deepEqual(page.counts, { all: 3, active: 2, paused: 1 });
    assert.deepEqual(page.tags, ['daily', 'etl', 'report']);
    assert.ok(page.owners.length >= 1);
    assert.equal(page.import_errors, 1);
    const etl = page.dags[0];
    assert.ok(etl);
    assert.match(etl.timetable_description ?? '', /every day at 00:00 UTC/);
    assert.deepEqual(etl.latest_dag_runs.map((r) => [r.dag_run_id, r.state]), [[SEEDED.run, 'success'], [SEEDED.failedRun, 'failed']]);
    assert.equal(etl.latest_dag_runs[1]?.duration, 5);
    assert.equal((await dags('?dag_runs_limit=1')).dags[0]?.latest_dag_runs.length, 1);
  });

  it('/ui/dags filters: id pattern, tags, owners, paused (counts ignore paused), order, paging', async () => {
    assert.deepEqual((await dags('?dag_id_pattern=PAUSED')).dags.map((d) => d.dag_id), [SEEDED.pausedDag]);
    assert.deepEqual((await dags('?dag_id_pattern=api_%25_report')).dags.map((d) => d.dag_id), [SEEDED.pausedDag], 'SQL LIKE wildcards');
    assert.deepEqual((await dags('?tags=report&tags=daily')).dags.map((d) => d.dag_id), [SEEDED.dag, SEEDED.pausedDag]);
    assert.deepEqual((await dags('?tags=report&tags=daily&tags_match_mode=all')).dags, []);
    const owner = (await dags()).dags[0]?.owners[0] as string;
    assert.ok((await dags(`?owners=${encodeURIComponent(owner)}`)).dags.length >= 1);
    assert.deepEqual((await dags('?owners=nobody-owns-this')).counts, { all: 0, active: 0, paused: 0 });
    const paused = await dags('?paused=true');
    assert.deepEqual(paused.dags.map((d) => d.dag_id), [SEEDED.pausedDag]);
    assert.deepEqual([paused.total_entries, paused.counts], [1, { all: 3, active: 2, paused: 1 }]);
    assert.deepEqual((await dags('?paused=false&tags=etl')).counts, { all: 1, active: 1, paused: 0 }, 'counts follow the other filters');
    assert.deepEqual((await dags('?order_by=-dag_id')).dags.map((d) => d.dag_id), [SEEDED.pausedDag, MAPPED, SEEDED.dag]);
    const second = await dags('?limit=1&offset=1');
    assert.deepEqual([second.dags.map((d) => d.dag_id), second.total_entries], [[MAPPED], 3]);
    const bad = await f.call('GET', '/ui/dags?order_by=owner');
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /use one of dag_id/);
  });

  it('ETag: an unchanged answer is a 304; a change gives a new ETag', async () => {
    const first = await f.call('GET', '/ui/dags');
    const tag = first.headers.get('etag');
    assert.ok(tag);
    assert.match(first.headers.get('cache-control') ?? '', /private, no-cache/);
    const again = await f.call('GET', '/ui/dags', { headers: { 'if-none-match': tag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    await f.call('PATCH', `/api/v2/dags/${SEEDED.pausedDag}?update_mask=is_paused`, { body: { is_paused: false } });
    const changed = await f.call('GET', '/ui/dags', { headers: { 'if-none-match': tag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), tag);
    await f.call('PATCH', `/api/v2/dags/${SEEDED.pausedDag}?update_mask=is_paused`, { body: { is_paused: true } });
  });

  it('the /ui endpoints are in the served spec with their permission', async () => {
    const spec = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    assert.equal(spec.paths['/ui/dags']?.get?.['x-updraft-permission'], 'read DAGs');
    assert.equal(spec.paths['/ui/me']?.get?.['x-updraft-permission'], 'read DAGs');
  });

  it('API paths stay the API\'s: unknown ones are JSON 404s, not the app', async () => {
    for (const path of ['/api/v2/nope', '/ui/nope', '/auth/nope', '/api', '/docs/x']) {
      const response = await f.call('GET', path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(await response.json(), { detail: 'Not Found' }, path);
    }
    assert.equal((await f.call('POST', '/dags')).status, 404);
    assert.equal((await f.call('GET', '/docs', { token: null })).status, 200);
  });
});

describe('serving the built UI', () => {
  let dir: string;
  let app: OpenAPIHono<AuthEnv>;
  let empty: string;
  const bundle = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'updraft-ui-'));
    empty = mkdtempSync(join(tmpdir(), 'updraft-ui-empty-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Updraft</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), bundle);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, '..', 'secret-next-to-ui.txt'), 'do not serve');
    app = new OpenAPIHono<AuthEnv>();
    registerUiAssets(app, { uiDir: dir });
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
    rmSync(join(dir, '..', 'secret-next-to-ui.txt'), { force: true });
  });
  const get = (path: string, headers: Record<string, string> = {}) => app.fetch(new Request(`http://localhost${path}`, { headers }));

  it('index.html at / and at every app route (deep links), revalidated, under a strict CSP', async () => {
    for (const path of ['/', '/dags', '/dags/etl.v2/runs/manual__2025-01-01T00:00:00+00:00', '/login?next=%2Fdags']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), /<title>Updraft<\/title>/, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    }
  });

  it('hashed assets: long immutable cache, gzip when accepted; a missing one is a 404, not HTML', async () => {
    const plain = await get('/assets/index-abc123.js');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(plain.headers.get('content-type') ?? '', /text\/javascript/);
    assert.equal(await plain.text(), bundle);
    const gzipped = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
    const bytes = Buffer.from(await gzipped.arrayBuffer());
    assert.ok(bytes.length < bundle.length / 5);
    assert.equal(gunzipSync(bytes).toString(), bundle);
    assert.equal((await get('/assets/index-old999.js')).status, 404);
    const icon = await get('/favicon.svg');
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.equal(icon.headers.get('cache-control'), 'no-cache');
  });

  it('never serves a file outside the UI folder (path traversal)', async () => {
    for (const path of [
      '/..%2fsecret-next-to-ui.txt',
      '/assets/..%2f..%2fsecret-next-to-ui.txt',
      '/%2e%2e/secret-next-to-ui.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret-next-to-ui.txt',
      '/..%5csecret-next-to-ui.txt',
      '/%00',
      '/%ff',
      '/assets/%ff.js',
    ]) {
      const response = await get(path);
      assert.ok(response.status < 500, `${path}: ${response.status}`);
      assert.doesNotMatch(await response.text(), /do not serve/, path);
    }
    assert.equal(fileUnder(dir, '/../secret-next-to-ui.txt'), null);
    assert.equal(fileUnder(dir, '/%2e%2e/secret-next-to-ui.txt'), null);
    assert.equal(fileUnder(dir, '/assets/index-abc123.js'), join(dir, 'assets', 'index-abc123.js'));
  });

  it('without a build, / says to run npm run build', async () => {
    const bare = new OpenAPIHono<AuthEnv>();
    registerUiAssets(bare, { uiDir: empty });
    const response = await bare.fetch(new Request('http://localhost/dags'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(await response.text(), /The web UI is not built[\s\S]*npm run build/);
  });
});
