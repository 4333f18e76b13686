/**
 * End to end, as a person would with standalone: a real orchestrator (DAG
 * processor, scheduler, task processes) and the API server on a loopback port,
 * driven over HTTP: get a token, list DAGs, unpause, trigger with conf (and be
 * refused for a bad conf), poll the run until it succeeds, list its runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/auth/password.js';
import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { startHarness, waitFor, type Harness } from '../support/scheduler-harness.js';
import { CHEAP_SCRYPT, PASSWORD } from './api-fixture.js';

const DAG_FILE = `import { dag, task, z } from 'updraft';
export default dag('api_e2e', { schedule: null, tags: ['api'], params: z.object({ rows: z.number().int().min(1).default(3) }), isPausedUponCreation: true }, ({ params }) => {
  const count = task('count', { inputs: { p: params } }, ({ p }) => p.rows * 2);
  task('report', { inputs: { count } }, ({ count }, { log }) => { log.info('rows doubled: ' + count); return count; });
});
`;

describe('end to end: standalone-like orchestrator + API server over HTTP', () => {
  let h: Harness;
  let server: ApiServer;
  let base = '';
  before(async () => {
    h = await startHarness({ 'api_e2e.ts': DAG_FILE });
    await h.app.store.users.create(
      { username: 'ops', email: null, firstName: null, lastName: null, passwordHash: await hashPassword(PASSWORD, CHEAP_SCRYPT), roles: ['User'], active: true },
      new Date(),
    );
    server = createApiServer(h.app, { onChange: () => h.orchestrator.scheduler.wake(true), log: (m) => h.logs.push(m) });
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  after(async () => {
    await server.close();
    await h.close();
  });

  it('token, list, unpause, trigger with conf, wait for success, list runs', async () => {
    const login = await fetch(`${base}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: PASSWORD }) });
    assert.equal(login.status, 201);
    const { access_token } = (await login.json()) as { access_token: string };
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> & { detail?: unknown } };
    };

    const list = await call('GET', '/api/v2/dags?tags=api');
    assert.equal(list.status, 200);
    const dags = list.json.dags as { dag_id: string; is_paused: boolean }[];
    assert.deepEqual(dags.map((d) => [d.dag_id, d.is_paused]), [['api_e2e', true]]);

    const unpaused = await call('PATCH', '/api/v2/dags/api_e2e', { is_paused: false });
    assert.deepEqual([unpaused.status, unpaused.json.is_paused], [200, false]);

    const refused = await call('POST', '/api/v2/dags/api_e2e/dagRuns', { conf: { rows: 0 } });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /rows/);

    const triggered = await call('POST', '/api/v2/dags/api_e2e/dagRuns', { conf: { rows: 21 }, note: 'e2e' });
    assert.equal(triggered.status, 200, JSON.stringify(triggered.json));
    const runId = triggered.json.dag_run_id as string;
    assert.deepEqual([triggered.json.state, triggered.json.conf, triggered.json.triggered_by], ['queued', { rows: 21 }, 'rest_api']);

    let state = '';
    await waitFor(
      async () => {
        const got = await call('GET', `/api/v2/dags/api_e2e/dagRuns/${encodeURIComponent(runId)}`);
        state = String(got.json.state);
        return state === 'success' || state === 'failed';
      },
      30_000,
      () => `run ${runId} to end (now ${state})\n${h.logs.join('\n')}`,
    );
    assert.equal(state, 'success', h.logs.join('\n'));
    const xcom = await h.app.store.xcom.get({ dagId: 'api_e2e', runId, taskId: 'report', mapIndex: -1, key: 'return_value' });
    assert.equal(xcom?.value, 42, 'the conf reached the tasks');

    const runs = await call('GET', '/api/v2/dags/api_e2e/dagRuns?order_by=-run_after');
    assert.equal(runs.status, 200);
    assert.deepEqual((runs.json.dag_runs as { dag_run_id: string; state: string }[]).map((r) => [r.dag_run_id, r.state]), [[runId, 'success']]);
    assert.equal(runs.json.total_entries, 1);

    const events = (await h.app.store.auditLog.list({ dagId: 'api_e2e' })).items.map((e) => `${e.event}:${e.owner}`);
    assert.ok(events.includes('unpause:ops') && events.includes('trigger_dag_run:ops'), events.join(', '));
  });
});
