/**
 * The queue executor's fleet on `GET /ui/cluster` and `/metrics`, read from the
 * real local Redis: workers from the registry with their health (a fresh one
 * healthy, a silent one and a stopped one not), the running tries with the keys
 * the UI links by, BullMQ queue depths (3 waiting jobs), worker slots from the
 * healthy workers only; a Redis that does not answer is a 200 that says so; the
 * local executor has no fleet.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { UiCluster } from '../../src/client/index.js';
import { deletePrefix, testRedis, TEST_REDIS_URL, uniquePrefix } from '../../src/executor/queue/testing/redis-prefix.js';
import { WorkerRegistry, type WorkerStatus } from '../../src/executor/queue/worker-registry.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';
import { freePort } from '../support/private-services.js';

function worker(name: string, heartbeatAgoMs: number, overrides: Partial<WorkerStatus> = {}): WorkerStatus {
  const at = (ms: number) => new Date(Date.now() - ms).toISOString();
  return {
    name,
    hostname: `${name}.example`,
    pid: 4000,
    queues: ['default'],
    concurrency: 4,
    running: [],
    startedAt: at(3600_000),
    lastHeartbeat: at(heartbeatAgoMs),
    version: '0.1.0',
    state: 'running',
    ...overrides,
  };
}

async function cluster(f: ApiFixture): Promise<UiCluster> {
  const response = await f.call('GET', '/ui/cluster');
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as UiCluster;
}

describe('/ui/cluster with the queue executor', () => {
  const prefix = uniquePrefix('ui-cluster');
  let redis: Redis;
  let f: ApiFixture;
  let etl: Queue;
  before(async () => {
    redis = testRedis();
    const registry = new WorkerRegistry(redis, prefix);
    await registry.report(
      worker('worker-a', 1000, {
        queues: ['default', 'etl'],
        concurrency: 4,
        running: [{ dagId: 'api_etl', runId: 'manual__1', taskId: 'load', mapIndex: 2, tryNumber: 1, startedAt: new Date(Date.now() - 4000).toISOString() }],
      }),
    );
    await registry.report(worker('worker-b', 60_000, { queues: ['etl'], concurrency: 8 }));
    await registry.report(worker('worker-c', 2000, { state: 'stopped', concurrency: 16 }));
    etl = new Queue('etl', { connection: redis, prefix });
    for (let i = 0; i < 3; i += 1) await etl.add('task', { i });
    f = await startApiFixture({ env: { UPDRAFT__CORE__EXECUTOR: 'queue', UPDRAFT_REDIS_URL: TEST_REDIS_URL, UPDRAFT__QUEUE__PREFIX: prefix } });
  });
  after(async () => {
    await f?.close();
    await etl?.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('lists the workers by name with their health, running tries, queues with 3 waiting on etl, and the healthy workers’ slots', async () => {
    const body = await cluster(f);
    assert.equal(body.metadatabase.status, 'healthy');
    assert.equal(body.executor.kind, 'queue');
    const fleet = body.fleet;
    assert.ok(fleet, 'a fleet with the queue executor');
    assert.equal(fleet.redis.status, 'healthy');
    assert.equal(fleet.redis.error, null);
    assert.equal(fleet.redis.address, 'redis://127.0.0.1:6379');
    assert.equal(fleet.health_threshold_seconds, 15);

    assert.deepEqual(
      fleet.workers.map((w) => [w.name, w.state, w.healthy]),
      [
        ['worker-a', 'running', true],
        ['worker-b', 'running', false],
        ['worker-c', 'stopped', false],
      ],
    );
    const a = fleet.workers[0];
    assert.ok(a);
    assert.deepEqual([a.hostname, a.pid, a.queues, a.concurrency, a.version], ['worker-a.example', 4000, ['default', 'etl'], 4, '0.1.0']);
    assert.deepEqual(a.running.map(({ start_date: _, ...keys }) => keys), [{ dag_id: 'api_etl', run_id: 'manual__1', task_id: 'load', map_index: 2, try_number: 1 }]);
    assert.ok(a.heartbeat_age_seconds >= 1 && a.heartbeat_age_seconds < 10, `age ${a.heartbeat_age_seconds}`);
    assert.ok((fleet.workers[1]?.heartbeat_age_seconds ?? 0) >= 60);

    assert.deepEqual(fleet.queues, [
      { queue: 'default', waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, workers: 1 },
      { queue: 'etl', waiting: 3, active: 0, delayed: 0, failed: 0, completed: 0, workers: 1 },
    ]);
    // Only worker-a is alive: its 4 slots, 1 of them running.
    assert.deepEqual(fleet.slots, { workers: 1, total: 4, running: 1, open: 3 });
  });

  it('/metrics has the queue depths, workers by health, slots and Redis up', async () => {
    const response = await f.call('GET', '/metrics', { token: null });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^updraft_queue_depth\{queue="etl",state="waiting"\} 3$/m);
    assert.match(text, /^updraft_queue_depth\{queue="default",state="waiting"\} 0$/m);
    assert.match(text, /^updraft_workers\{state="healthy"\} 1$/m);
    assert.match(text, /^updraft_workers\{state="unhealthy"\} 1$/m, 'the silent worker; the stopped one is not counted');
    assert.match(text, /^updraft_worker_slots\{kind="total"\} 4$/m);
    assert.match(text, /^updraft_redis_up 1$/m);
  });
});

/** A throwaway redis-server on `port` (no persistence), ready when it logs so. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve();
    });
  });
  return child;
}

describe('/ui/cluster when Redis does not answer', () => {
  let f: ApiFixture;
  let url: string;
  let port: number;
  let server: ChildProcess | null = null;
  before(async () => {
    port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    f = await startApiFixture({ env: { UPDRAFT__CORE__EXECUTOR: 'queue', UPDRAFT_REDIS_URL: url } });
  });
  after(async () => {
    await f?.close();
    server?.kill('SIGKILL');
  });

  it('is a 200 with Redis unhealthy and its error, the database part intact, and says so once in the log', async () => {
    const started = Date.now();
    const body = await cluster(f);
    assert.ok(Date.now() - started < 5000, 'does not hang on a closed port');
    assert.equal(body.metadatabase.status, 'healthy');
    assert.ok(body.components.some((c) => c.kind === 'scheduler'));
    const fleet = body.fleet;
    assert.ok(fleet);
    assert.equal(fleet.redis.status, 'unhealthy');
    assert.equal(fleet.redis.latency_ms, null);
    assert.match(fleet.redis.error ?? '', /ECONNREFUSED/);
    assert.match(fleet.redis.error ?? '', new RegExp(`check that Redis runs at ${url}`));
    assert.deepEqual([fleet.workers, fleet.queues, fleet.slots], [[], [], { workers: 0, total: 0, running: 0, open: 0 }]);

    await cluster(f);
    assert.equal(f.logs.filter((l) => l.includes('cannot read the worker fleet')).length, 1, f.logs.join('\n'));
    const metrics = await (await f.call('GET', '/metrics', { token: null })).text();
    assert.match(metrics, /^updraft_redis_up 0$/m);
    assert.match(metrics, /^updraft_workers\{state="healthy"\} 0$/m);
  });

  it('a Redis that comes up is seen on the next read, and one killed under it is reported again', async () => {
    server = await startRedisServer(port);
    const up = await cluster(f);
    assert.equal(up.fleet?.redis.status, 'healthy', up.fleet?.redis.error ?? '');
    assert.deepEqual(up.fleet?.queues.map((q) => q.queue), ['default']);
    assert.ok(f.logs.some((l) => l.includes(`Redis at ${url} answers again`)), f.logs.join('\n'));

    server.kill('SIGKILL');
    await once(server, 'exit');
    server = null;
    const started = Date.now();
    const down = await cluster(f);
    assert.ok(Date.now() - started < 5000, 'no hang on the dead connection');
    assert.equal(down.fleet?.redis.status, 'unhealthy');
    assert.equal(down.metadatabase.status, 'healthy');
  });
});

describe('/ui/cluster with the local executor', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f?.close());

  it('has no fleet and no fleet metrics', async () => {
    assert.equal((await cluster(f)).fleet, null);
    const metrics = await (await f.call('GET', '/metrics', { token: null })).text();
    assert.doesNotMatch(metrics, /updraft_queue_depth|updraft_workers|updraft_redis_up/);
  });
});
