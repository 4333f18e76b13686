/**
 * How many jobs each BullMQ queue holds, by state: the queue executor's depth,
 * read by the API for the Cluster page and `/metrics`. Queues are found by name
 * (the ones asked for, e.g. those workers consume) and by their `<prefix>:<queue>:meta`
 * hash, which BullMQ writes whenever a `Queue` is opened (the scheduler's executor
 * opens one per queue it enqueues on), so no registration step is needed.
 * Reading never writes: the monitor's own `Queue` objects skip the meta update,
 * so looking at a queue does not make it exist.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullQueueName, taskQueueOf } from './queue-keys.js';

export interface QueueDepth {
  /** The task `queue` (a BullMQ queue name with its ':' restored). */
  queue: string;
  /** Ready for a worker: BullMQ's `waiting` plus `prioritized` (jobs with a priority wait in a list of their own). */
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Discovered names are cached this long: SCAN walks the whole keyspace (every job is a key), and queues appear rarely. */
const DISCOVERY_TTL_MS = 30_000;
const SCAN_COUNT = 1000;

/** `*`, `?`, `[`, `]` and `\` are glob syntax in SCAN MATCH: a prefix containing them must match literally. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** Names of the BullMQ queues under `prefix` (those with a meta hash), as task queues, sorted. */
export async function discoverQueueNames(redis: Redis, prefix: string): Promise<string[]> {
  const head = `${prefix}:`;
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${globEscape(head)}*:meta`, 'COUNT', SCAN_COUNT);
    cursor = next;
    for (const key of keys) {
      const name = key.slice(head.length, -':meta'.length);
      // BullMQ forbids ':' in queue names; a longer key is something else's (a job id, another prefix).
      if (name.length > 0 && !name.includes(':')) names.add(taskQueueOf(name));
    }
  } while (cursor !== '0');
  return [...names].sort();
}

/** Reads queue depths on one connection, keeping a `Queue` object per name between reads. */
export class QueueDepthReader {
  private readonly queues = new Map<string, Queue>();
  private discovered: { names: string[]; at: number } | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Depths of the task queues `names` and of every queue found under the prefix, sorted by queue name. */
  async read(names: Iterable<string> = []): Promise<QueueDepth[]> {
    const now = this.clock();
    if (!this.discovered || now - this.discovered.at > DISCOVERY_TTL_MS) {
      this.discovered = { names: await discoverQueueNames(this.redis, this.prefix), at: now };
    }
    const all = [...new Set([...names, ...this.discovered.names])].filter((n) => n.length > 0).sort();
    return Promise.all(all.map((name) => this.depth(name)));
  }

  private async depth(name: string): Promise<QueueDepth> {
    const counts = await this.queue(bullQueueName(name)).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
    const n = (state: string) => counts[state] ?? 0;
    return { queue: name, waiting: n('waiting') + n('prioritized'), active: n('active'), delayed: n('delayed'), failed: n('failed'), completed: n('completed') };
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix, skipMetasUpdate: true });
      // Connection errors surface as the rejected read; without a listener an 'error' event would throw.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Closes the Queue objects (the connection is the caller's and stays open). */
  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.allSettled(queues.map((q) => q.close()));
  }
}

/** One-off depths (a reader opened and closed around one read). */
export async function queueDepths(redis: Redis, prefix: string, names: Iterable<string> = []): Promise<QueueDepth[]> {
  const reader = new QueueDepthReader(redis, prefix);
  try {
    return await reader.read(names);
  } finally {
    await reader.close();
  }
}
