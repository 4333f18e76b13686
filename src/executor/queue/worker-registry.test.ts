/**
 * The worker registry on the real local Redis: reports replace each other, the
 * list comes back sorted by name, day-old and corrupt entries are pruned, and a
 * worker is alive only while running or draining with a fresh heartbeat.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisForTests } from './testing/redis-prefix.js';
import { isWorkerAlive, WORKER_ALIVE_THRESHOLD_MS, WORKER_HEARTBEAT_MS, WorkerRegistry, workersKey, type WorkerStatus } from './worker-registry.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function status(name: string, overrides: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    name,
    hostname: `${name}-host`,
    pid: 1000,
    queues: ['default'],
    concurrency: 4,
    running: [],
    startedAt: ago(3600_000),
    lastHeartbeat: ago(1000),
    version: '0.1.0',
    state: 'running',
    ...overrides,
  };
}

describe('WorkerRegistry', () => {
  const { redis: connection, prefix: newPrefix } = redisForTests();
  const registry = (label: string) => {
    const prefix = newPrefix(label);
    return { prefix, redis: connection(), registry: new WorkerRegistry(connection(), prefix) };
  };

  it('a report replaces the previous one; the list is sorted by name and round-trips every field', async () => {
    const { prefix, redis, registry: r } = registry('report');
    const tries = [{ dagId: 'etl', runId: 'manual__1', taskId: 'load', mapIndex: 2, tryNumber: 3, startedAt: ago(500) }];
    await r.report(status('worker-b', { concurrency: 2 }));
    await r.report(status('worker-a'));
    await r.report(status('worker-b', { concurrency: 8, running: tries, queues: ['default', 'etl'] }));
    const listed = await r.list(NOW);
    assert.deepEqual(listed.map((w) => w.name), ['worker-a', 'worker-b']);
    assert.deepEqual(listed[1], status('worker-b', { concurrency: 8, running: tries, queues: ['default', 'etl'] }));
    assert.equal(await redis.hlen(workersKey(prefix)), 2, 'one hash field per worker');
  });

  it('entries silent for more than a day and entries that are not a status are deleted from Redis', async () => {
    const { prefix, redis, registry: r } = registry('prune');
    await r.report(status('fresh'));
    await r.report(status('yesterday', { lastHeartbeat: ago(24 * 3600_000 + 1000) }));
    await r.report(status('almost-a-day', { lastHeartbeat: ago(24 * 3600_000 - 1000), state: 'stopped' }));
    await redis.hset(workersKey(prefix), 'garbage', '{not json', 'half', JSON.stringify({ name: 'half' }));
    await r.report(status('bad-try', { running: [{ dagId: 'd' } as unknown as WorkerStatus['running'][number]] }));
    assert.deepEqual((await r.list(NOW)).map((w) => w.name), ['almost-a-day', 'fresh']);
    assert.deepEqual((await redis.hkeys(workersKey(prefix))).sort(), ['almost-a-day', 'fresh']);
  });

  it('remove forgets one worker; an empty registry lists nothing', async () => {
    const { registry: r } = registry('remove');
    assert.deepEqual(await r.list(NOW), []);
    await r.report(status('one'));
    await r.report(status('two'));
    await r.remove('one');
    assert.deepEqual((await r.list(NOW)).map((w) => w.name), ['two']);
  });

  it('isWorkerAlive: running or stopping with a heartbeat within the threshold; stopped never', () => {
    assert.equal(WORKER_ALIVE_THRESHOLD_MS, 3 * WORKER_HEARTBEAT_MS);
    assert.equal(isWorkerAlive(status('w', { lastHeartbeat: ago(WORKER_ALIVE_THRESHOLD_MS) }), NOW, WORKER_ALIVE_THRESHOLD_MS), true, 'exactly at the threshold');
    assert.equal(isWorkerAlive(status('w', { lastHeartbeat: ago(WORKER_ALIVE_THRESHOLD_MS + 1) }), NOW, WORKER_ALIVE_THRESHOLD_MS), false);
    assert.equal(isWorkerAlive(status('w', { state: 'stopping' }), NOW, WORKER_ALIVE_THRESHOLD_MS), true, 'draining is still alive');
    assert.equal(isWorkerAlive(status('w', { state: 'stopped' }), NOW, WORKER_ALIVE_THRESHOLD_MS), false);
    assert.equal(isWorkerAlive(status('w', { lastHeartbeat: 'not a date' }), NOW, WORKER_ALIVE_THRESHOLD_MS), false);
    assert.equal(isWorkerAlive(status('w', { lastHeartbeat: ago(20_000) }), NOW, 30_000), true, 'the threshold is the caller’s');
  });
});
