/**
 * GET /metrics on a fresh app: the values come from what is in the metadata store
 * (task instances, pools, runs, try history, the scheduler's job row), the
 * content type is Prometheus text 0.0.4, and the metrics.* options turn it off
 * or put it behind a token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openApp, type App } from '../../src/app.js';
import { resolveJwtSecret } from '../../src/api/auth/jwt-secret.js';
import { signJwt } from '../../src/api/auth/jwt.js';
import { createApiServer, type ApiServer } from '../../src/api/server.js';
import type { TaskInstanceTry } from '../../src/core/run-model.js';
import { dagRun, seedDag, taskInstance } from '../../src/store/testing/fixtures.js';

const NOW = new Date('2025-03-01T12:00:00.000Z');

interface Served {
  readonly app: App;
  readonly server: ApiServer;
  get(token?: string): Promise<Response>;
  close(): Promise<void>;
}

async function serve(env: Record<string, string> = {}): Promise<Served> {
  const home = mkdtempSync(join(tmpdir(), 'updraft-metrics-'));
  const app = await openApp({ home, loadExamples: false }, env);
  const server = createApiServer(app, { now: () => NOW, log: () => {}, onChange: () => {} });
  return {
    app,
    server,
    get: (token) => server.fetch(new Request('http://localhost/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} })),
    async close() {
      await server.close();
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** `name{labels} value` lines of the exposition, by series (name and labels as written). */
function series(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1).replace('+Inf', 'Infinity')));
  }
  return values;
}

describe('GET /metrics', () => {
  let s: Served;
  let text: string;
  let response: Response;

  before(async () => {
    s = await serve();
    const store = s.app.store;
    await store.pools.upsert({ name: 'etl', slots: 5, description: null, includeDeferred: false });
    await store.pools.upsert({ name: 'we"ird\\pool', slots: -1, description: null, includeDeferred: false });
    const { dagId, versionId } = await seedDag(store);
    const run = await store.dagRuns.create(dagRun(dagId, 'running_run', versionId, { state: 'running' }));
    await store.dagRuns.create(dagRun(dagId, 'queued_run', versionId, { state: 'queued', logicalDate: NOW }));
    await store.taskInstances.createMany([
      taskInstance(run, 'scheduled_1', { state: 'scheduled' }),
      taskInstance(run, 'queued_1', { state: 'queued', pool: 'etl' }),
      taskInstance(run, 'queued_2', { state: 'queued', pool: 'etl' }),
      taskInstance(run, 'running_1', { state: 'running', pool: 'etl', poolSlots: 2 }),
      taskInstance(run, 'deferred_1', { state: 'deferred', pool: 'etl' }),
      taskInstance(run, 'retry_1', { state: 'up_for_retry' }),
      taskInstance(run, 'done_1', { state: 'success' }),
    ]);
    const attempt = (taskId: string, tryNumber: number, state: string, durationMs: number): TaskInstanceTry => ({
      dagId, runId: run.runId, taskId, mapIndex: -1, tryNumber, state: state as TaskInstanceTry['state'],
      startDate: NOW, endDate: new Date(NOW.getTime() + durationMs), durationMs,
      hostname: 'w', pid: 1, executor: 'local', dagVersionId: versionId, stateReason: null,
    });
    await store.taskInstances.recordTry(attempt('done_1', 1, 'failed', 2_000));
    await store.taskInstances.recordTry(attempt('done_1', 2, 'success', 250));
    await store.taskInstances.recordTry(attempt('done_1', 3, 'success', 45_000));
    const job = await store.jobs.register({ kind: 'scheduler', hostname: 'sched-host', pid: 4242 }, new Date(NOW.getTime() - 60_000));
    await store.jobs.heartbeat(job.id, new Date(NOW.getTime() - 7_000), { lastMs: 12, avgMs: 4 });
    response = await s.get();
    text = await response.text();
  });
  after(() => s.close());

  test('answers without a token, as Prometheus text 0.0.4 with HELP and TYPE lines', () => {
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(text, /^# HELP updraft_task_instances .+\n# TYPE updraft_task_instances gauge\n/);
    assert.match(text, /# TYPE updraft_task_duration_seconds histogram\n/);
    assert.match(text, /# TYPE updraft_task_finished_total counter\n/);
    assert.ok(text.endsWith('\n'));
  });

  test('counts task instances per unfinished state and runs queued or running', () => {
    const v = series(text);
    const states = { scheduled: 1, queued: 2, running: 1, deferred: 1, up_for_retry: 1, up_for_reschedule: 0 };
    for (const [state, n] of Object.entries(states)) assert.equal(v.get(`updraft_task_instances{state="${state}"}`), n, state);
    assert.equal(v.get('updraft_task_instances{state="success"}'), undefined);
    assert.equal(v.get('updraft_dag_runs{state="queued"}'), 1);
    assert.equal(v.get('updraft_dag_runs{state="running"}'), 1);
  });

  test('shows each pool by kind, an unlimited one as +Inf, with its name escaped', () => {
    const v = series(text);
    const etl = { open: 1, occupied: 4, running: 2, queued: 2, deferred: 1, total: 5 };
    for (const [kind, n] of Object.entries(etl)) assert.equal(v.get(`updraft_pool_slots{pool="etl",kind="${kind}"}`), n, kind);
    // Scheduled and up_for_retry instances hold no slot.
    assert.equal(v.get('updraft_pool_slots{pool="default_pool",kind="occupied"}'), 0);
    assert.equal(v.get('updraft_pool_slots{pool="default_pool",kind="open"}'), 128);
    assert.equal(v.get('updraft_pool_slots{pool="default_pool",kind="total"}'), 128);
    assert.equal(v.get('updraft_pool_slots{pool="we\\"ird\\\\pool",kind="open"}'), Infinity);
  });

  test('counts finished tries and their durations from the history', () => {
    const v = series(text);
    assert.equal(v.get('updraft_task_finished_total{state="success"}'), 2);
    assert.equal(v.get('updraft_task_finished_total{state="failed"}'), 1);
    assert.equal(v.get('updraft_task_finished_total{state="upstream_failed"}'), 0);
    assert.equal(v.get('updraft_task_duration_seconds_count{state="success"}'), 2);
    assert.equal(v.get('updraft_task_duration_seconds_sum{state="success"}'), 45.25);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="success",le="0.5"}'), 1);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="success",le="30"}'), 1);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="success",le="60"}'), 2);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="success",le="+Inf"}'), 2);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="failed",le="1"}'), 0);
    assert.equal(v.get('updraft_task_duration_seconds_bucket{state="failed",le="5"}'), 1);
  });

  test("reports the scheduler's heartbeat age, health and loop time", () => {
    const v = series(text);
    assert.equal(v.get('updraft_scheduler_heartbeat_age_seconds{hostname="sched-host",pid="4242"}'), 7);
    assert.equal(v.get('updraft_scheduler_up'), 1);
    assert.equal(v.get('updraft_scheduler_loop_last_seconds{hostname="sched-host",pid="4242"}'), 0.012);
    assert.equal(v.get('updraft_scheduler_loop_avg_seconds{hostname="sched-host",pid="4242"}'), 0.004);
  });

  test('includes the API process metrics under their standard names', () => {
    const v = series(text);
    assert.ok((v.get('process_resident_memory_bytes') ?? 0) > 0);
    assert.ok((v.get('process_cpu_seconds_total') ?? 0) > 0);
    const started = v.get('process_start_time_seconds') ?? 0;
    assert.ok(started > 1_600_000_000 && started <= Date.now() / 1000, `start time ${started}`);
    assert.ok((v.get('nodejs_eventloop_lag_seconds') ?? -1) >= 0);
  });

  test('a scheduler whose heartbeat is older than 30 s is down', async () => {
    const [job] = await s.app.store.jobs.list({ kind: 'scheduler' });
    await s.app.store.jobs.heartbeat(job!.id, new Date(NOW.getTime() - 31_000));
    const v = series(await (await s.get()).text());
    assert.equal(v.get('updraft_scheduler_up'), 0);
    assert.equal(v.get('updraft_scheduler_heartbeat_age_seconds{hostname="sched-host",pid="4242"}'), 31);
  });
});

describe('GET /metrics options', () => {
  test('metrics.enabled = false: 404, not the web UI', async () => {
    const s = await serve({ UPDRAFT__METRICS__ENABLED: 'false' });
    try {
      const response = await s.get();
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), { detail: 'Not Found' });
    } finally {
      await s.close();
    }
  });

  test('metrics.require_auth = true: 401 without a token or with a bad one, 200 with any role', async () => {
    const s = await serve({ UPDRAFT__METRICS__REQUIRE_AUTH: 'true' });
    try {
      const missing = await s.get();
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await s.get('not-a-jwt')).status, 401);
      await s.app.store.users.create({ username: 'ops', email: null, firstName: null, lastName: null, passwordHash: 'x', roles: ['Viewer'], active: true }, NOW);
      const secret = resolveJwtSecret(s.app.config.apiJwtSecret, s.app.config.home);
      const iat = Math.floor(Date.now() / 1000);
      const ok = await s.get(signJwt({ sub: 'ops', roles: ['Viewer'], iat, exp: iat + 600 }, secret));
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /updraft_scheduler_up 0/);
    } finally {
      await s.close();
    }
  });
});
