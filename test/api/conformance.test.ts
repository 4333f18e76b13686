/**
 * Conformance with Apache Airflow's REST API v2: every operation we serve under
 * /api/v2 must exist in Airflow's spec, and is called here for success and error
 * cases; each response's status must be one the spec lists for the operation,
 * its content type the spec's, and its body valid against the spec's schema.
 * The spec is read from AIRFLOW_SPEC or ../shared/reference (never copied into
 * the repo); without it this suite FAILS saying it did not run.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PASSWORD, SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';
import { checkResponse, findOperation, type OpenApiDoc } from './openapi-validator.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC_PATH = process.env.AIRFLOW_SPEC ?? resolve(root, '..', 'shared', 'reference', 'airflow-rest-api-v2.yaml');

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: string;
  /** `null`: no token; a function: a token from the fixture. */
  readonly token?: null | ((f: ApiFixture) => string);
  readonly status: number;
}

const dag = SEEDED.dag;
const runs = `/api/v2/dags/${dag}/dagRuns`;
const run = `${runs}/${encodeURIComponent(SEEDED.run)}`;
const failedRun = `${runs}/${encodeURIComponent(SEEDED.failedRun)}`;
const viewer = (f: ApiFixture) => f.tokens.Viewer;
const nobody = (f: ApiFixture) => f.token();

/** In order: later cases see what earlier ones changed (a trigger, a delete). */
const CASES: readonly Case[] = [
  { name: 'version', method: 'GET', path: '/api/v2/version', token: null, status: 200 },
  { name: 'health', method: 'GET', path: '/api/v2/monitor/health', token: null, status: 200 },
  // dags
  { name: 'list DAGs', method: 'GET', path: '/api/v2/dags', status: 200 },
  { name: 'list DAGs with filters', method: 'GET', path: '/api/v2/dags?dag_id_pattern=api_&tags=etl&tags=report&tags_match_mode=any&paused=false&limit=1&offset=0&order_by=-dag_id', status: 200 },
  { name: 'list DAGs with stale ones', method: 'GET', path: '/api/v2/dags?exclude_stale=false&order_by=next_dagrun', status: 200 },
  { name: 'list DAGs without a token', method: 'GET', path: '/api/v2/dags', token: null, status: 401 },
  { name: 'list DAGs with no role', method: 'GET', path: '/api/v2/dags', token: nobody, status: 403 },
  { name: 'list DAGs with a negative limit', method: 'GET', path: '/api/v2/dags?limit=-1', status: 422 },
  { name: 'list DAGs by an unknown order', method: 'GET', path: '/api/v2/dags?order_by=nope', status: 422 },
  { name: 'list DAGs with a bad boolean', method: 'GET', path: '/api/v2/dags?paused=maybe', status: 422 },
  { name: 'get a DAG', method: 'GET', path: `/api/v2/dags/${dag}`, status: 200 },
  { name: 'get an unknown DAG', method: 'GET', path: '/api/v2/dags/nope', status: 404 },
  { name: 'get a DAG with an expired token', method: 'GET', path: `/api/v2/dags/${dag}`, token: (f) => f.token('admin', -60), status: 401 },
  { name: 'DAG details', method: 'GET', path: `/api/v2/dags/${dag}/details`, status: 200 },
  { name: 'details of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/details', status: 404 },
  { name: 'pause a DAG', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: true }, status: 200 },
  { name: 'unpause a DAG with an update mask', method: 'PATCH', path: `/api/v2/dags/${dag}?update_mask=is_paused`, body: { is_paused: false }, status: 200 },
  { name: 'patch a DAG with a bad update mask', method: 'PATCH', path: `/api/v2/dags/${dag}?update_mask=owners`, body: { is_paused: false }, status: 400 },
  { name: 'patch a DAG with an unknown field', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: false, owners: [] }, status: 422 },
  { name: 'patch a DAG with malformed JSON', method: 'PATCH', path: `/api/v2/dags/${dag}`, raw: '{"is_paused": tru', status: 422 },
  { name: 'patch an unknown DAG', method: 'PATCH', path: '/api/v2/dags/nope', body: { is_paused: true }, status: 404 },
  { name: 'patch a DAG as a Viewer', method: 'PATCH', path: `/api/v2/dags/${dag}`, body: { is_paused: true }, token: viewer, status: 403 },
  { name: 'bulk pause', method: 'PATCH', path: '/api/v2/dags?dag_id_pattern=api_paused', body: { is_paused: true }, status: 200 },
  { name: 'bulk pause with a bad update mask', method: 'PATCH', path: '/api/v2/dags?update_mask=tags', body: { is_paused: true }, status: 400 },
  { name: 'bulk pause without a body field', method: 'PATCH', path: '/api/v2/dags', body: {}, status: 422 },
  // tasks and tags
  { name: 'tasks', method: 'GET', path: `/api/v2/dags/${dag}/tasks`, status: 200 },
  { name: 'tasks by priority, descending', method: 'GET', path: `/api/v2/dags/${dag}/tasks?order_by=-priority_weight`, status: 200 },
  { name: 'tasks by an unknown order', method: 'GET', path: `/api/v2/dags/${dag}/tasks?order_by=color`, status: 422 },
  { name: 'tasks of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/tasks', status: 404 },
  { name: 'a task', method: 'GET', path: `/api/v2/dags/${dag}/tasks/extract`, status: 200 },
  { name: 'an unknown task', method: 'GET', path: `/api/v2/dags/${dag}/tasks/nope`, status: 404 },
  { name: 'tags', method: 'GET', path: '/api/v2/dagTags?tag_name_pattern=e&order_by=-name&limit=2', status: 200 },
  { name: 'tags with a bad offset', method: 'GET', path: '/api/v2/dagTags?offset=x', status: 422 },
  { name: 'tags with no role', method: 'GET', path: '/api/v2/dagTags', token: nobody, status: 403 },
  // dag runs
  { name: 'runs of a DAG', method: 'GET', path: `${runs}?order_by=-logical_date&state=success&state=failed&run_type=manual&run_type=scheduled`, status: 200 },
  { name: 'runs of every DAG', method: 'GET', path: '/api/v2/dags/~/dagRuns?logical_date_gte=2025-01-01T00:00:00Z&run_after_lt=2030-01-01T00:00:00%2B00:00&limit=500', status: 200 },
  { name: 'runs of an unknown DAG', method: 'GET', path: '/api/v2/dags/nope/dagRuns', status: 404 },
  { name: 'runs with an unknown state', method: 'GET', path: `${runs}?state=sleeping`, status: 422 },
  { name: 'runs with a bad date', method: 'GET', path: `${runs}?start_date_gte=yesterday`, status: 422 },
  { name: 'batch list', method: 'POST', path: '/api/v2/dags/~/dagRuns/list', body: { dag_ids: [dag], states: ['success', null], order_by: '-run_after', page_limit: 10 }, status: 200 },
  { name: 'batch list with an unknown field', method: 'POST', path: '/api/v2/dags/~/dagRuns/list', body: { dag_id: dag }, status: 422 },
  { name: 'batch list for one DAG id', method: 'POST', path: `/api/v2/dags/${dag}/dagRuns/list`, body: {}, status: 422 },
  { name: 'trigger with conf', method: 'POST', path: runs, body: { dag_run_id: 'api_run_1', conf: { limit: 3 }, note: 'from the API' }, status: 200 },
  { name: 'trigger with a logical date and interval', method: 'POST', path: runs, body: { logical_date: '2025-03-01T00:00:00Z', data_interval_start: '2025-02-28T00:00:00Z', data_interval_end: '2025-03-01T00:00:00Z' }, status: 200 },
  { name: 'trigger with a duplicate run id', method: 'POST', path: runs, body: { dag_run_id: 'api_run_1' }, status: 409 },
  { name: 'trigger with conf that fails the params', method: 'POST', path: runs, body: { conf: { limit: 0 } }, status: 400 },
  { name: 'trigger with half an interval', method: 'POST', path: runs, body: { data_interval_start: '2025-02-28T00:00:00Z' }, status: 400 },
  { name: 'trigger with a conf that is not an object', method: 'POST', path: runs, body: { conf: [1, 2] }, status: 422 },
  { name: 'trigger with an unknown field', method: 'POST', path: runs, body: { execution_date: '2025-01-01' }, status: 422 },
  { name: 'trigger with malformed JSON', method: 'POST', path: runs, raw: '{', status: 422 },
  { name: 'trigger an unknown DAG', method: 'POST', path: '/api/v2/dags/nope/dagRuns', body: {}, status: 404 },
  { name: 'trigger as a Viewer', method: 'POST', path: runs, body: {}, token: viewer, status: 403 },
  { name: 'get a run', method: 'GET', path: run, status: 200 },
  { name: 'get a triggered run', method: 'GET', path: `${runs}/api_run_1`, status: 200 },
  { name: 'get an unknown run', method: 'GET', path: `${runs}/nope`, status: 404 },
  { name: 'note a run', method: 'PATCH', path: run, body: { note: 'checked' }, status: 200 },
  { name: 'mark a run failed', method: 'PATCH', path: `${runs}/api_run_1?update_mask=state`, body: { state: 'failed' }, status: 200 },
  { name: 'mark a run with a state it cannot be set to', method: 'PATCH', path: run, body: { state: 'running' }, status: 422 },
  { name: 'note too long', method: 'PATCH', path: run, body: { note: 'x'.repeat(1001) }, status: 422 },
  { name: 'patch with a bad update mask', method: 'PATCH', path: `${run}?update_mask=conf`, body: { note: 'x' }, status: 400 },
  { name: 'patch an unknown run', method: 'PATCH', path: `${runs}/nope`, body: { note: 'x' }, status: 404 },
  { name: 'clear, dry run', method: 'POST', path: `${failedRun}/clear`, body: { only_failed: true }, status: 200 },
  { name: 'clear', method: 'POST', path: `${failedRun}/clear`, body: { dry_run: false }, status: 200 },
  { name: 'clear an unknown run', method: 'POST', path: `${runs}/nope/clear`, body: {}, status: 404 },
  { name: 'clear with a wrong type', method: 'POST', path: `${failedRun}/clear`, body: { dry_run: 'yes' }, status: 422 },
  { name: 'delete a run', method: 'DELETE', path: `${runs}/api_run_1`, status: 204 },
  { name: 'delete it again', method: 'DELETE', path: `${runs}/api_run_1`, status: 404 },
  { name: 'delete a run as a Viewer', method: 'DELETE', path: run, token: viewer, status: 403 },
  { name: 'delete a DAG', method: 'DELETE', path: `/api/v2/dags/${SEEDED.pausedDag}`, status: 200 },
  { name: 'delete an unknown DAG', method: 'DELETE', path: '/api/v2/dags/nope', status: 404 },
];

const spec: OpenApiDoc | null = existsSync(SPEC_PATH) ? (parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDoc) : null;

describe('conformance with the Airflow REST API v2 spec', () => {
  it('has the Airflow spec to check against', () => {
    assert.ok(
      spec,
      `THE CONFORMANCE SUITE DID NOT RUN: no Airflow spec at ${SPEC_PATH}. Set AIRFLOW_SPEC to airflow-rest-api-v2.yaml (it lives in shared/reference, outside the repo).`,
    );
  });
  if (!spec) return;

  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  for (const c of CASES) {
    it(`${c.name}: ${c.method} ${c.path.slice(0, 90)} -> ${c.status}`, async () => {
      const token = c.token === undefined ? undefined : c.token === null ? null : c.token(f);
      const response = await f.call(c.method, c.path, { ...(token !== undefined ? { token } : {}), ...(c.body !== undefined ? { body: c.body } : {}), ...(c.raw !== undefined ? { raw: c.raw } : {}) });
      const copy = response.clone();
      assert.equal(response.status, c.status, `status of ${c.method} ${c.path}: ${await copy.text()}`);
      assert.deepEqual(await checkResponse(spec, c.method, c.path, response), []);
    });
  }

  it('POST /auth/token gives a token that works; a wrong password is 401', async () => {
    const ok = await f.call('POST', '/auth/token', { token: null, body: { username: 'viewer', password: PASSWORD } });
    assert.equal(ok.status, 201);
    const { access_token } = (await ok.json()) as { access_token: string };
    assert.equal((await f.call('GET', '/api/v2/dags', { token: access_token })).status, 200);
    const bad = await f.call('POST', '/auth/token', { token: null, body: { username: 'viewer', password: 'wrong' } });
    const unknown = await f.call('POST', '/auth/token', { token: null, body: { username: 'ghost', password: 'wrong' } });
    assert.deepEqual([bad.status, unknown.status], [401, 401]);
    assert.deepEqual(await bad.json(), await unknown.json(), 'one message for a wrong password and an unknown user');
  });

  it('every operation we serve under /api/v2 is in the spec and has a success and an error case here', async () => {
    const served = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as OpenApiDoc;
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(served.paths)) {
      if (!path.startsWith('/api/v2/') || path === '/api/v2/openapi.json') continue;
      for (const method of Object.keys(operations)) {
        const ours = `${method.toUpperCase()} ${path}`;
        if (!spec.paths[path]?.[method]) {
          missing.push(`${ours}: not in the Airflow spec`);
          continue;
        }
        const cases = CASES.filter((c) => c.method === method.toUpperCase() && findOperation(spec, c.method, c.path)?.template === path);
        if (!cases.some((c) => c.status < 300)) missing.push(`${ours}: no success case`);
        const needsError = spec.paths[path]?.[method]?.responses && Object.keys(spec.paths[path]![method]!.responses).some((s) => Number(s) >= 400);
        if (needsError && !cases.some((c) => c.status >= 400)) missing.push(`${ours}: no error case`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('the effects are real: the trigger stored its conf and note, the clear re-queued the failed run, changes were audited', async () => {
    const triggered = (await f.app.store.dagRuns.list({ dagId: dag, runTypes: ['manual'] })).items.map((r) => [r.runId, r.triggeredBy]);
    assert.ok(triggered.some(([, by]) => by === 'rest_api'));
    const cleared = await f.app.store.dagRuns.get({ dagId: dag, runId: SEEDED.failedRun });
    assert.equal(cleared?.state, 'queued');
    const events = (await f.app.store.auditLog.list({})).items.map((e) => `${e.event}:${e.owner}`);
    for (const e of ['trigger_dag_run:admin', 'clear_dag_run:admin', 'dag_run_delete:admin', 'delete_dag:admin', 'pause:admin', 'unpause:admin', 'dag_run_note:admin', 'dag_run_mark_failed:admin']) {
      assert.ok(events.includes(e), `audit log has ${e}: ${events.join(', ')}`);
    }
    assert.ok(f.changes.count >= 3, 'trigger, unpause and clear told the scheduler');
    assert.deepEqual(f.logs, [], 'no request failed with a 500');
  });
});
