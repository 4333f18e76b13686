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
import { CASES } from './cases/index.js';
import { PASSWORD, SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

const dag = SEEDED.dag;
import { checkResponse, findOperation, type OpenApiDoc } from './openapi-validator.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC_PATH = process.env.AIRFLOW_SPEC ?? resolve(root, '..', 'shared', 'reference', 'airflow-rest-api-v2.yaml');


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
