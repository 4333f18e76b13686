/**
 * `GET /ui/cluster`, the Cluster page's one round trip: the database's health
 * and dialect, each component's latest heartbeat and age (healthy, unhealthy
 * once older than the threshold, not running), the DAG processor reported
 * inside the scheduler's process, the jobs, executor slots from core.parallelism,
 * task instances by waiting/active state, pools with their slots by state, and
 * who may read it (Viewer and above, as jobs).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UiCluster } from '../../src/client/index.js';
import { dagRun, taskInstance } from '../../src/store/testing/fixtures.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

const RUN = 'manual__cluster_probe';

describe('/ui/cluster', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  const cluster = async (token?: string): Promise<UiCluster> => {
    const response = await f.call('GET', '/ui/cluster', token ? { token } : {});
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as UiCluster;
  };

  it('the database, a healthy scheduler with a fresh heartbeat, the DAG processor inside it, the jobs', async () => {
    const body = await cluster();
    assert.equal(body.metadatabase.status, 'healthy');
    assert.equal(body.metadatabase.dialect, 'sqlite');
    assert.equal(body.metadatabase.error, null);
    assert.ok(typeof body.metadatabase.latency_ms === 'number' && body.metadatabase.latency_ms >= 0);
    assert.equal(body.health_threshold_seconds, 30);

    const scheduler = body.components.find((c) => c.kind === 'scheduler');
    assert.ok(scheduler);
    assert.equal(scheduler.status, 'healthy');
    assert.equal(scheduler.running_jobs, 1);
    assert.ok(scheduler.heartbeat_age_seconds !== null && scheduler.heartbeat_age_seconds < 30, `age ${scheduler.heartbeat_age_seconds}`);
    const processor = body.components.find((c) => c.kind === 'dag_processor');
    assert.deepEqual([processor?.embedded_in, processor?.status, processor?.latest_heartbeat], ['scheduler', 'healthy', scheduler.latest_heartbeat]);
    assert.equal(processor?.last_activity, '2025-01-05T00:00:00.000Z', 'the latest DAG file parse (the mapped DAG\'s second version)');
    assert.deepEqual(
      body.components.map((c) => c.kind),
      ['scheduler', 'dag_processor'],
      'no triggerer or worker rows until one runs',
    );

    const job = body.jobs.find((j) => j.kind === 'scheduler');
    assert.ok(job);
    assert.deepEqual([job.job_type, job.hostname, job.pid, job.state, job.alive], ['SchedulerJob', 'api-host', 4242, 'running', true]);
  });

  it('a silent scheduler turns unhealthy, an ended job stays listed, a worker gets its row', async () => {
    const now = new Date();
    const stale = await f.app.store.jobs.register({ kind: 'worker', hostname: 'old-box', pid: 1 }, new Date(now.getTime() - 120_000));
    const ended = await f.app.store.jobs.register({ kind: 'triggerer', hostname: 'gone-box', pid: 2 }, new Date(now.getTime() - 60_000));
    await f.app.store.jobs.markEnded(ended.id, 'failed', new Date(now.getTime() - 50_000));
    try {
      const body = await cluster();
      const worker = body.components.find((c) => c.kind === 'worker');
      assert.equal(worker?.status, 'unhealthy');
      assert.ok((worker?.heartbeat_age_seconds ?? 0) >= 119);
      const triggerer = body.components.find((c) => c.kind === 'triggerer');
      assert.equal(triggerer?.status, 'not_running', 'its only job ended');
      const listed = body.jobs.find((j) => j.id === ended.id);
      assert.deepEqual([listed?.state, listed?.alive, listed?.end_date !== null], ['failed', false, true]);
      assert.equal(body.jobs.find((j) => j.id === stale.id)?.alive, false);
      // Newest heartbeat first.
      const beats = body.jobs.map((j) => Date.parse(j.latest_heartbeat));
      assert.deepEqual(beats, [...beats].sort((a, b) => b - a));
    } finally {
      await f.app.store.jobs.markEnded(stale.id, 'success', new Date());
    }
  });

  it('executor slots, task instances by state and pool usage count what is waiting and running', async () => {
    const before = await cluster();
    assert.equal(before.executor.kind, 'local');
    assert.equal(before.executor.parallelism, f.app.config.parallelism);

    await f.app.store.pools.upsert({ name: 'cluster_pool', slots: 5, description: null, includeDeferred: false });
    const run = await f.app.store.dagRuns.create(dagRun(SEEDED.dag, RUN, (await f.app.store.dags.latestVersion(SEEDED.dag))?.id ?? 1, { state: 'running' }));
    const ti = (taskId: string, state: 'queued' | 'running' | 'scheduled' | 'deferred' | 'up_for_retry', poolSlots = 1) =>
      taskInstance(run, taskId, { state, pool: 'cluster_pool', poolSlots });
    await f.app.store.taskInstances.createMany([
      ti('q1', 'queued'),
      ti('q2', 'queued'),
      ti('r1', 'running', 2),
      ti('s1', 'scheduled'),
      ti('s2', 'scheduled'),
      ti('s3', 'scheduled'),
      ti('d1', 'deferred'),
      ti('u1', 'up_for_retry'),
    ]);

    const after = await cluster();
    const delta = (k: keyof UiCluster['task_instances']) => after.task_instances[k] - before.task_instances[k];
    assert.deepEqual(
      { scheduled: delta('scheduled'), queued: delta('queued'), running: delta('running'), deferred: delta('deferred'), up_for_retry: delta('up_for_retry'), up_for_reschedule: delta('up_for_reschedule') },
      { scheduled: 3, queued: 2, running: 1, deferred: 1, up_for_retry: 1, up_for_reschedule: 0 },
    );
    // The same numbers as a full count by state (an independent query).
    const all = await f.app.store.taskInstances.countByState({});
    assert.deepEqual(
      [after.task_instances.queued, after.task_instances.running, after.task_instances.scheduled, after.task_instances.deferred],
      [all.queued ?? 0, all.running ?? 0, all.scheduled ?? 0, all.deferred ?? 0],
    );
    assert.equal(after.executor.running, after.task_instances.running);
    assert.equal(after.executor.queued, after.task_instances.queued);
    assert.equal(after.executor.used, after.executor.running + after.executor.queued);
    assert.equal(after.executor.used - before.executor.used, 3, 'the 2 queued and the 1 running');
    assert.equal(after.executor.open, Math.max(0, after.executor.parallelism - after.executor.running - after.executor.queued));

    const pool = after.pools.find((p) => p.name === 'cluster_pool');
    // Slots, not instances: the running one holds 2; deferred ones do not occupy this pool.
    assert.deepEqual(pool, { name: 'cluster_pool', slots: 5, include_deferred: false, running: 2, queued: 2, scheduled: 3, deferred: 1, occupied: 4, open: 1 });
    assert.ok(after.pools.some((p) => p.name === 'default_pool'));
    assert.equal(after.pools_total, after.pools.length);
  });

  it('Viewers may read it (as jobs); no token is a 401; the answer has an ETag', async () => {
    assert.equal((await cluster(f.tokens.Viewer)).metadatabase.status, 'healthy');
    assert.equal((await f.call('GET', '/ui/cluster', { token: null })).status, 401);
    assert.equal((await f.call('GET', '/ui/cluster', { token: f.token('nobody') })).status, 403);
    const response = await f.call('GET', '/ui/cluster');
    assert.ok(response.headers.get('etag'));
    assert.match(response.headers.get('cache-control') ?? '', /no-cache/);
  });
});
