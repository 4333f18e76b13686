/**
 * The API's response cache (src/api/response-cache.ts): list answers are reused
 * while the store is unchanged, and never once anything was committed, whether by
 * the API itself, another connection, or another process (the CLI here); on SQLite
 * and PostgreSQL. The caller is checked on every request, hit or not; ETags give 304s.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ResponseCache, matchesEtag } from '../../src/api/response-cache.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist', 'cli', 'main.js');

async function cacheCounter(api: ApiFixture, name: 'hits' | 'misses'): Promise<number> {
  const text = await (await api.call('GET', '/metrics', { token: null })).text();
  const line = text.split('\n').find((l) => l.startsWith(`updraft_api_response_cache_${name}_total `));
  assert.ok(line, `/metrics has no response cache ${name}:\n${text.slice(0, 500)}`);
  return Number(line.split(' ')[1]);
}

const pausedOf = async (api: ApiFixture, dagId: string): Promise<boolean> => {
  const res = await api.call('GET', '/api/v2/dags?limit=100');
  assert.equal(res.status, 200);
  const body = (await res.json()) as { dags: { dag_id: string; is_paused: boolean }[] };
  const dag = body.dags.find((d) => d.dag_id === dagId);
  assert.ok(dag, `${dagId} is not listed`);
  return dag.is_paused;
};

function cases(name: string, env: () => Promise<{ env: Record<string, string>; url: string | null; done: () => Promise<void> }>): void {
  describe(`response cache on ${name}`, () => {
    let api: ApiFixture;
    let done: () => Promise<void> = async () => undefined;
    let url: string | null = null;
    before(async () => {
      const made = await env();
      done = made.done;
      url = made.url;
      api = await startApiFixture({ env: made.env });
    });
    after(async () => {
      await api?.close();
      await done();
    });

    it('answers the same list again from memory, with the same body and an ETag', async () => {
      const path = `/api/v2/dags/${SEEDED.dag}/dagRuns?order_by=-run_after`;
      const first = await api.call('GET', path);
      const firstBody = await first.text();
      assert.equal(first.status, 200);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[\w-]{20,}"$/);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      const hits = await cacheCounter(api, 'hits');
      const second = await api.call('GET', path);
      assert.equal(second.status, 200);
      assert.equal(await second.text(), firstBody);
      assert.equal(second.headers.get('etag'), etag);
      assert.match(second.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(await cacheCounter(api, 'hits'), hits + 1);
    });

    it('answers 304 with no body to If-None-Match naming the current ETag, and 200 to an old one', async () => {
      const path = '/api/v2/eventLogs?limit=5';
      const first = await api.call('GET', path);
      const etag = first.headers.get('etag') as string;
      for (let i = 0; i < 2; i += 1) {
        // Once kept, once again (the kept answer's ETag is the same).
        const again = await api.call('GET', path, { headers: { 'if-none-match': `W/"nope", ${etag}` } });
        assert.equal(again.status, 304);
        assert.equal(await again.text(), '');
        assert.equal(again.headers.get('etag'), etag);
      }
      const other = await api.call('GET', path, { headers: { 'if-none-match': '"stale"' } });
      assert.equal(other.status, 200);
      assert.ok((await other.text()).length > 0);
    });

    it('reads afresh after a write through the API (pause), and the old ETag no longer matches', async () => {
      const path = '/api/v2/dags?limit=100';
      const before = await api.call('GET', path);
      const etag = before.headers.get('etag') as string;
      assert.equal(await pausedOf(api, SEEDED.dag), false);
      const patch = await api.call('PATCH', `/api/v2/dags/${SEEDED.dag}`, { body: { is_paused: true } });
      assert.equal(patch.status, 200);
      assert.equal(await pausedOf(api, SEEDED.dag), true);
      const after = await api.call('GET', path, { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200);
      await api.call('PATCH', `/api/v2/dags/${SEEDED.dag}`, { body: { is_paused: false } });
      assert.equal(await pausedOf(api, SEEDED.dag), false);
    });

    it('reads afresh after another connection to the database commits', async () => {
      assert.equal(await pausedOf(api, SEEDED.dag), false);
      assert.equal(await pausedOf(api, SEEDED.dag), false);
      const other = await openStore(url ? { url, home: api.app.config.home } : { home: api.app.config.home });
      try {
        await other.dags.setPaused(SEEDED.dag, true);
        assert.equal(await pausedOf(api, SEEDED.dag), true);
        await other.dags.setPaused(SEEDED.dag, false);
        assert.equal(await pausedOf(api, SEEDED.dag), false);
      } finally {
        await other.close();
      }
    });

    it('reads afresh after another process commits (the CLI pausing a DAG)', async () => {
      assert.equal(await pausedOf(api, SEEDED.dag), false);
      const run = (command: string) => {
        const result = spawnSync(process.execPath, [cli, 'dags', command, SEEDED.dag], {
          env: { ...process.env, UPDRAFT_HOME: api.app.config.home, ...(url ? { UPDRAFT_DATABASE_URL: url } : {}) },
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, `updraft dags ${command}: ${result.stderr}`);
      };
      run('pause');
      assert.equal(await pausedOf(api, SEEDED.dag), true);
      run('unpause');
      assert.equal(await pausedOf(api, SEEDED.dag), false);
    });

    it('checks the caller on every request: a kept answer is no answer to a missing, bad or unauthorised token', async () => {
      const path = '/api/v2/dags/~/dagRuns/~/taskInstances?limit=10';
      assert.equal((await api.call('GET', path, { token: api.tokens.Admin })).status, 200);
      assert.equal((await api.call('GET', path, { token: api.tokens.Viewer })).status, 200);
      assert.equal((await api.call('GET', path, { token: null })).status, 401);
      assert.equal((await api.call('GET', path, { token: 'not.a.jwt' })).status, 401);
      assert.equal((await api.call('GET', path, { token: api.token('nobody') })).status, 403);
      assert.equal((await api.call('GET', path, { token: api.token('admin', -60) })).status, 401);
    });

    it('keeps no error answer: a 404 becomes a 200 once the thing exists', async () => {
      const path = `/api/v2/backfills?dag_id=${SEEDED.dag}`;
      assert.equal((await api.call('GET', path)).status, 200);
      const missing = '/api/v2/dags/api_made_later/dagRuns';
      assert.equal((await api.call('GET', missing)).status, 404);
      assert.equal((await api.call('GET', missing)).status, 404);
      const spec = (await api.app.store.dags.get(SEEDED.dag)) as NonNullable<Awaited<ReturnType<typeof api.app.store.dags.get>>>;
      const version = await api.app.store.dags.getVersion(spec.latestVersionId as number);
      assert.ok(version);
      await api.app.store.dags.syncFromFile(
        { fileloc: '/dags/api_made_later.ts', source: '// later', dags: [{ spec: { ...version.spec, dagId: 'api_made_later', fileloc: '/dags/api_made_later.ts' } }] },
        new Date(),
      );
      assert.equal((await api.call('GET', missing)).status, 200);
    });
  });
}

cases('SQLite', async () => ({ env: {}, url: null, done: async () => undefined }));

let database: TestDatabase | undefined;
cases('PostgreSQL', async () => {
  database = await createTestDatabase();
  const url = database.url;
  return { env: { UPDRAFT_DATABASE_URL: url }, url, done: async () => database?.drop() };
});

describe('response cache with api.response_cache_mb = 0', () => {
  let api: ApiFixture;
  before(async () => {
    api = await startApiFixture({ env: { UPDRAFT__API__RESPONSE_CACHE_MB: '0' } });
  });
  after(() => api?.close());

  it('keeps nothing, and still gives ETags and 304s', async () => {
    const path = '/api/v2/dags/~/dagRuns';
    const first = await api.call('GET', path);
    const etag = first.headers.get('etag') as string;
    assert.ok(etag);
    assert.equal((await api.call('GET', path, { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await api.call('GET', path)).status, 200);
    assert.equal(await cacheCounter(api, 'hits'), 0);
  });
});

describe('ResponseCache', () => {
  const versions = (...tokens: (string | null)[]) => {
    let i = 0;
    return { dataVersion: async () => tokens[Math.min(i++, tokens.length - 1)] ?? null };
  };
  const answer = (body: string) => ({ body: new TextEncoder().encode(body), contentType: 'application/json', etag: `"${body.length}"`, gzipped: null });
  const text = (body: Uint8Array | undefined) => (body ? new TextDecoder().decode(body) : undefined);

  it('drops everything kept under an older version, and what was read under one that has moved on', async () => {
    const cache = new ResponseCache(versions('v1', 'v1', 'v2', 'v2'), 1 << 20);
    const first = await cache.lookup('/a');
    assert.equal(first.kept, undefined);
    cache.keep('/a', first.version, answer('A'));
    assert.equal(text((await cache.lookup('/a')).kept?.body), 'A');
    const third = await cache.lookup('/a');
    assert.equal(third.version, 'v2');
    assert.equal(third.kept, undefined);
    cache.keep('/b', 'v1', answer('read under v1'));
    assert.equal((await cache.lookup('/b')).kept, undefined);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 3, entries: 0, bytes: 0 });
  });

  it('keeps nothing when the store cannot tell its version (null)', async () => {
    const cache = new ResponseCache(versions(null), 1 << 20);
    const { version } = await cache.lookup('/a');
    cache.keep('/a', version, answer('A'));
    assert.equal((await cache.lookup('/a')).kept, undefined);
  });

  it('stays within its memory, dropping the least recently used first, and keeps no answer bigger than a quarter of it', async () => {
    // Each answer here takes 550 + 2 x (16 + 5) + 64 = 656 bytes: four fit in 3,000, five do not.
    const cache = new ResponseCache(versions('v'), 3000);
    for (const key of ['/1', '/2', '/3', '/4']) cache.keep(key, (await cache.lookup(key)).version, answer('x'.repeat(550)));
    assert.equal(cache.stats().entries, 4);
    await cache.lookup('/1');
    cache.keep('/5', (await cache.lookup('/5')).version, answer('x'.repeat(550)));
    const { entries, bytes } = cache.stats();
    assert.ok(bytes <= 3000, `${bytes} bytes`);
    assert.equal(entries, 4);
    assert.ok((await cache.lookup('/1')).kept, 'the recently read /1 was dropped');
    assert.equal((await cache.lookup('/2')).kept, undefined);
    cache.keep('/big', 'v', answer('x'.repeat(700)));
    assert.equal((await cache.lookup('/big')).kept, undefined);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    assert.ok(matchesEtag('"a", W/"b"', '"b"'));
    assert.ok(matchesEtag('W/"b"', 'W/"b"'));
    assert.ok(matchesEtag('"b"', 'W/"b"'));
    assert.ok(matchesEtag('*', '"b"'));
    assert.ok(!matchesEtag('"a"', '"b"'));
    assert.ok(!matchesEtag(undefined, '"b"'));
  });
});
