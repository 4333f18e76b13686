/**
 * Fuzzing the variable, connection, pool, event log, job, backfill, asset and
 * config routes: hostile path segments, ill-typed query values and junk or
 * half-right bodies (bulk actions especially). Every answer must be below 500.
 * FUZZ_RUNS sets the count (default 3,000).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 3000), 3000);

const TEMPLATES = [
  '/api/v2/variables',
  '/api/v2/variables/{a}',
  '/api/v2/connections',
  '/api/v2/connections/{a}',
  '/api/v2/pools',
  '/api/v2/pools/{a}',
  '/api/v2/importErrors',
  '/api/v2/importErrors/{a}',
  '/api/v2/eventLogs',
  '/api/v2/eventLogs/{a}',
  '/api/v2/jobs',
  '/api/v2/backfills',
  '/api/v2/backfills/dry_run',
  '/api/v2/backfills/{a}',
  '/api/v2/backfills/{a}/pause',
  '/api/v2/backfills/{a}/cancel',
  '/api/v2/assets',
  '/api/v2/assets/{a}',
  '/api/v2/assets/events',
  '/api/v2/assets/aliases',
  '/api/v2/config',
  '/api/v2/config/section/{a}/option/{a}',
  '/api/v2/plugins',
  '/api/v2/providers',
];

const segment = fc.oneof(
  fc.constantFrom('default_pool', 'api_etl', '1', '0', '-1', '99999999999999999999', '..', '%2e%2e', '%00', 'a%2Fb', "'; DROP TABLE variable; --", 'core', 'nope'),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)),
);

const queryKey = fc.constantFrom(
  'limit', 'offset', 'order_by', 'variable_key_pattern', 'connection_id_pattern', 'pool_name_pattern', 'filename_pattern', 'update_mask',
  'dag_id', 'map_index', 'try_number', 'included_events', 'before', 'after', 'event_pattern', 'job_type', 'job_state', 'is_alive',
  'start_date_gt', 'asset_id', 'timestamp_lt', 'name_pattern', 'dag_ids', 'only_active', 'section',
);
const queryValue = fc.oneof(fc.constantFrom('-1', '0', '1e3', 'NaN', 'true', 'maybe', '', '%', '%%_', '|', ' | ', '-key', 'key', '2025-13-45T99:99:99Z', '2025-01-01T00:00:00Z'), fc.string({ maxLength: 20 }));
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));

const entity = fc.record(
  { key: fc.anything(), value: fc.anything(), connection_id: fc.anything(), conn_type: fc.anything(), extra: fc.anything(), port: fc.anything(), name: fc.anything(), slots: fc.anything(), description: fc.anything() },
  { requiredKeys: [] },
);
const bulk = fc.record({
  actions: fc.array(
    fc.record(
      {
        action: fc.constantFrom('create', 'update', 'delete', 'upsert'),
        entities: fc.array(fc.oneof(entity, fc.string({ maxLength: 10 })), { maxLength: 3 }),
        action_on_existence: fc.constantFrom('fail', 'skip', 'overwrite', 'x'),
        action_on_non_existence: fc.constantFrom('fail', 'skip', 'x'),
        update_mask: fc.oneof(fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 })),
      },
      { requiredKeys: ['action'] },
    ),
    { maxLength: 3 },
  ),
});
const body = fc.oneof(
  fc.constant(undefined),
  fc.json().map((raw) => raw),
  bulk.map((b) => JSON.stringify(b)),
  entity.map((e) => JSON.stringify(e) ?? 'null'),
  fc.record({ dag_id: fc.anything(), from_date: fc.anything(), to_date: fc.anything(), max_active_runs: fc.anything(), dag_run_conf: fc.anything() }, { requiredKeys: [] }).map((b) => JSON.stringify(b) ?? 'null'),
  fc.constantFrom('{', '[]', 'null', '{"actions": null}', '{"key": "k", "value": {"a": [1, {"password": "p"}]}}', '{"name": "p", "slots": 1e400}'),
);

describe('fuzz: admin routes', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  it(`answers ${RUNS} random requests without a 5xx`, async () => {
    const fivexx: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method: fc.constantFrom('GET', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE'), template: fc.constantFrom(...TEMPLATES), a: segment, query, body, accept: fc.constantFrom('*/*', 'text/plain', 'application/json', 'image/png') }),
        async (r) => {
          const path = r.template.replaceAll('{a}', r.a) + r.query;
          const withBody = r.body !== undefined && r.method !== 'GET';
          let response: Response;
          try {
            response = await f.call(r.method, path, { headers: { accept: r.accept }, ...(withBody ? { raw: r.body } : {}) });
          } catch (error) {
            if (error instanceof TypeError) return true;
            throw error;
          }
          await response.arrayBuffer();
          if (response.status >= 500) fivexx.push(`${r.method} ${path} ${String(r.body).slice(0, 200)} -> ${response.status}`);
          return response.status < 500;
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    assert.deepEqual(fivexx, []);
    assert.deepEqual(f.logs, [], 'no unexpected error was logged');
    assert.equal((await f.call('GET', '/api/v2/pools/default_pool')).status, 200);
  });
});
