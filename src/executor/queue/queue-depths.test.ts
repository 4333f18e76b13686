/**
 * Queue depths on the real local Redis through BullMQ: counts by state for the
 * queues asked for and for those found by their meta key (a task queue with ':'
 * read from its BullMQ name and shown as the task queue), prioritized jobs counted
 * as waiting, nothing written for a queue that was only looked at, and names
 * under another prefix (or that only look like a queue) ignored.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { discoverQueueNames, QueueDepthReader, queueDepths } from './queue-depths.js';
import { bullQueueName } from './queue-keys.js';
import { redisForTests } from './testing/redis-prefix.js';

describe('queue depths', () => {
  const { redis: connection, prefix } = redisForTests();

  it('waiting (with prioritized), delayed and failed per queue; queues found by their meta key; sorted by name', async () => {
    const redis = connection();
    const p = prefix('depths');
    const etl = new Queue(bullQueueName('team:etl'), { connection: redis, prefix: p });
    const other = new Queue('reports', { connection: redis, prefix: p });
    try {
      await etl.add('t', { n: 1 });
      await etl.add('t', { n: 2 });
      await etl.add('t', { n: 3 }, { priority: 5 });
      await etl.add('t', { n: 4 }, { delay: 60_000 });
      await other.waitUntilReady();
      await other.add('t', {});
      // A job moved to failed the way a worker would, without running one.
      const failing = await other.add('t', { fail: true });
      await redis.zadd(`${p}:reports:failed`, Date.now(), failing.id as string);
      await redis.lrem(`${p}:reports:wait`, 0, failing.id as string);

      const depths = await queueDepths(redis, p, ['default', 'team:etl']);
      assert.deepEqual(depths, [
        { queue: 'default', waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 },
        { queue: 'reports', waiting: 1, active: 0, delayed: 0, failed: 1, completed: 0 },
        { queue: 'team:etl', waiting: 3, active: 0, delayed: 1, failed: 0, completed: 0 },
      ]);
      assert.equal(await redis.exists(`${p}:default:meta`), 0, 'looking at a queue does not create it');
    } finally {
      await etl.close();
      await other.close();
    }
  });

  it('discovery ignores other prefixes, nested keys and glob characters in the prefix', async () => {
    const redis = connection();
    const p = prefix('disc[o]*');
    const neighbour = prefix('disc');
    await redis.hset(`${p}:alpha:meta`, 'version', 'bullmq:test');
    await redis.hset(`${p}:beta:meta`, 'version', 'bullmq:test');
    await redis.hset(`${p}:alpha:123:meta`, 'x', '1');
    await redis.hset(`${neighbour}:gamma:meta`, 'version', 'bullmq:test');
    await redis.hset(`${p}xx:delta:meta`, 'version', 'bullmq:test');
    try {
      assert.deepEqual(await discoverQueueNames(redis, p), ['alpha', 'beta']);
      assert.deepEqual(await discoverQueueNames(redis, neighbour), ['gamma']);
    } finally {
      await redis.del(`${p}xx:delta:meta`);
    }
  });

  it('a reader reuses its Queue objects and re-discovers names after its cache expires', async () => {
    const redis = connection();
    const p = prefix('reader');
    let clock = 1_000_000;
    const reader = new QueueDepthReader(redis, p, () => clock);
    try {
      assert.deepEqual(await reader.read(), []);
      await redis.hset(`${p}:late:meta`, 'version', 'bullmq:test');
      assert.deepEqual(await reader.read(), [], 'within the discovery cache');
      clock += 31_000;
      assert.deepEqual((await reader.read()).map((d) => d.queue), ['late']);
      await redis.rpush(`${p}:late:wait`, 'job-1', 'job-2');
      assert.equal((await reader.read())[0]?.waiting, 2, 'counts are never cached');
    } finally {
      await reader.close();
    }
    assert.equal(redis.status, 'ready', 'closing the reader leaves the caller’s connection open');
  });
});
