/**
 * Tests' Redis: the local server at 127.0.0.1:6379 (UPDRAFT_TEST_REDIS_URL to
 * change it), with a key prefix of their own so parallel test files never see
 * each other's keys, deleted afterwards.
 */
import { Redis } from 'ioredis';
import { after, before } from 'node:test';

export const TEST_REDIS_URL = process.env.UPDRAFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let sequence = 0;

/** A prefix no other test uses: the process id, the time and a counter. */
export function uniquePrefix(label: string): string {
  sequence += 1;
  return `updraft-test-${label}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** Deletes every key under `prefix:` (SCAN, not KEYS: the server may be shared). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  const glob = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', glob, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** For a test file: one connection opened before its tests, and every prefix it asked for deleted after them. */
export function redisForTests(): { redis(): Redis; prefix(label: string): string } {
  let redis: Redis | null = null;
  const prefixes: string[] = [];
  before(() => {
    redis = testRedis();
  });
  after(async () => {
    if (!redis) return;
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    await redis.quit();
  });
  return {
    redis: () => {
      if (!redis) throw new Error('redisForTests: the connection opens in a before hook; use it inside tests');
      return redis;
    },
    prefix(label) {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      return prefix;
    },
  };
}
