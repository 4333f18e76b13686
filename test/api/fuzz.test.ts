/**
 * Fuzzing the API with fast-check: random methods, paths built from our routes
 * with hostile segments (traversal, encoded slashes, unicode, huge ids), query
 * strings with absurd or ill-typed values, and bodies of junk, wrong types or
 * random JSON. Every answer must be below 500, and the server must still
 * answer normally afterwards. FUZZ_RUNS sets the count (default 10,000).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const TEMPLATES = [
  '/api/v2/version',
  '/api/v2/monitor/health',
  '/api/v2/dags',
  '/api/v2/dags/{a}',
  '/api/v2/dags/{a}/details',
  '/api/v2/dags/{a}/tasks',
  '/api/v2/dags/{a}/tasks/{b}',
  '/api/v2/dagTags',
  '/api/v2/dags/{a}/dagRuns',
  '/api/v2/dags/{a}/dagRuns/list',
  '/api/v2/dags/{a}/dagRuns/{b}',
  '/api/v2/dags/{a}/dagRuns/{b}/clear',
  '/api/v2/openapi.json',
  '/auth/token',
  '/docs',
  '/{a}',
  '/api/v2/{a}/{b}',
];

const segment = fc.oneof(
  fc.constantFrom(SEEDED.dag, SEEDED.pausedDag, SEEDED.run, SEEDED.failedRun, '~', 'extract', '..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', '%ff', '%', '%%', 'a%2Fb', "'; DROP TABLE dag; --", '%25', 'null', '-1'),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n)),
);

const queryValue = fc.oneof(
  fc.constantFrom('-1', '0', '1', '100', '999999999999999999999', '1e309', 'NaN', 'true', 'false', 'maybe', '', '~', '-dag_id', 'dag_id', '-', '%', '2025-01-01T00:00:00Z', '2025-13-45T99:99:99Z', 'null'),
  fc.string({ maxLength: 30 }),
);
const queryKey = fc.constantFrom('limit', 'offset', 'order_by', 'paused', 'tags', 'tags_match_mode', 'dag_id_pattern', 'exclude_stale', 'state', 'run_type', 'logical_date_gte', 'run_after_lt', 'update_mask', 'tag_name_pattern', 'x');
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));

const body = fc.oneof(
  fc.constant(undefined),
  fc.json().map((raw) => ({ raw })),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
  fc.constantFrom('{', '[', '{"is_paused": tru}', 'null', '"x"', '{"conf": "x"}', '{"is_paused": "yes"}', '{"conf": {"limit": "many"}}', '{"dry_run": false}', '{"state": "success"}', '{"note": null}', '{"username": "admin", "password": ""}').map((raw) => ({ raw })),
  fc.record({ is_paused: fc.anything(), conf: fc.anything(), dag_run_id: fc.anything(), state: fc.anything(), note: fc.anything(), logical_date: fc.anything() }, { requiredKeys: [] }).map((value) => ({ raw: JSON.stringify(value) ?? 'null' })),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'),
  template: fc.constantFrom(...TEMPLATES),
  a: segment,
  b: segment,
  query,
  body,
  token: fc.constantFrom('admin', 'admin', 'admin', 'viewer', 'none', 'junk'),
  contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', ''),
});

describe('fuzz: random and malformed requests', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  it(`answers ${RUNS} random requests without a 5xx, and still works after`, async () => {
    const fivexx: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.template.replace('{a}', r.a).replace('{b}', r.b) + r.query;
        const token = r.token === 'admin' ? f.tokens.Admin : r.token === 'viewer' ? f.tokens.Viewer : r.token === 'junk' ? 'abc.def.ghi' : null;
        const withBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
        let response: Response;
        try {
          response = await f.call(r.method, path, { token, ...(withBody ? { raw: r.body!.raw, headers: r.contentType ? { 'content-type': r.contentType } : {} } : {}) });
        } catch (error) {
          // The Request constructor itself refuses some URLs (e.g. a lone %): no request reached us.
          if (error instanceof TypeError) return true;
          throw error;
        }
        await response.arrayBuffer();
        if (response.status >= 500) fivexx.push(`${r.method} ${path.slice(0, 200)} -> ${response.status}`);
        return response.status < 500;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    assert.deepEqual(fivexx, []);
    assert.deepEqual(f.logs, [], 'no unexpected error was logged');
    assert.equal((await f.call('GET', '/api/v2/version', { token: null })).status, 200);
    assert.equal((await f.call('GET', '/api/v2/dags')).status, 200);
  });

  it('a body over the limit is 413, a huge limit is capped, not an error', async () => {
    const big = JSON.stringify({ conf: { blob: 'x'.repeat(1_100_000) } });
    const response = await f.call('POST', `/api/v2/dags/${SEEDED.dag}/dagRuns`, { raw: big });
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { detail: string }).detail, /too large/);
    const capped = await f.call('GET', '/api/v2/dags/~/dagRuns?limit=100000');
    assert.equal(capped.status, 200);
  });
});
