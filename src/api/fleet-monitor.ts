/**
 * The API server's view of the queue executor's fleet, read from Redis (the
 * workers never touch the metadata database): the workers' self-reported status
 * and the BullMQ queue depths. One ioredis client per server, made on the first
 * read and closed with the server. A Redis that is down or slow is an answer
 * (`redis.status = 'unhealthy'` with its error), never an exception: the client
 * does not retry in the background; each read after a failure connects afresh,
 * so a recovered Redis shows up on the next poll.
 */
import { Redis } from 'ioredis';
import { settingOf, type UpdraftConfig } from '../config/config.js';
import type { QueueDepth, QueueDepthReader } from '../executor/queue/queue-depths.js';
import { WorkerRegistry, type WorkerStatus } from '../executor/queue/worker-registry.js';

export type RedisHealth =
  | { readonly status: 'healthy'; readonly latencyMs: number; readonly error: null }
  | { readonly status: 'unhealthy'; readonly latencyMs: null; readonly error: string };

export interface FleetRead {
  readonly redis: RedisHealth;
  /** The Redis URL without its credentials (null when none is configured). */
  readonly address: string | null;
  readonly workers: readonly WorkerStatus[];
  readonly queues: readonly QueueDepth[];
}

export interface FleetMonitorOptions {
  readonly url: string | null;
  readonly prefix: string;
  readonly log: (message: string) => void;
  /** The longest one read may take before Redis is reported unhealthy. */
  readonly timeoutMs?: number;
}

/** Long enough for a Redis on another machine, short enough that the Cluster page (polling every 2 s) stays live. */
const READ_TIMEOUT_MS = 3000;
const CONNECT_TIMEOUT_MS = 2000;
/** Shown even before anything was enqueued on it: it is where a task without a `queue` goes. */
const DEFAULT_QUEUE = 'default';

/** `redis://user:secret@host:6379/0` -> `redis://host:6379/0`: shown in the UI, so never the password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(an unparsable queue.redis_url)';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class FleetMonitor {
  private redis: Redis | null = null;
  private ready: Promise<void> | null = null;
  private depths: QueueDepthReader | null = null;
  private inFlight: Promise<FleetRead> | null = null;
  private socketError: string | null = null;
  /** The last error logged, so a Redis that stays down is logged once, not every poll. */
  private lastLogged: string | null = null;
  readonly address: string | null;

  /** The monitor when `core.executor` is `queue`; null with the local executor (there is no fleet). */
  static fromConfig(config: UpdraftConfig, log: (message: string) => void): FleetMonitor | null {
    if (config.executor !== 'queue') return null;
    const url = settingOf(config, 'queue', 'redis_url').value;
    const prefix = settingOf(config, 'queue', 'prefix').value;
    return new FleetMonitor({ url: typeof url === 'string' ? url : null, prefix: String(prefix), log });
  }

  constructor(private readonly options: FleetMonitorOptions) {
    this.address = options.url ? redisAddress(options.url) : null;
  }

  /** The fleet now; concurrent callers (several pages polling, a scrape) share one read. */
  read(now: Date): Promise<FleetRead> {
    if (!this.inFlight) this.inFlight = this.readOnce(now).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async readOnce(now: Date): Promise<FleetRead> {
    if (!this.options.url) {
      return this.unhealthy('core.executor is queue but queue.redis_url is not set: set UPDRAFT_REDIS_URL (redis://host:6379) for the API server too, so it can see the workers and queues');
    }
    const started = performance.now();
    try {
      const { workers, queues } = await withTimeout(this.readRedis(now), this.options.timeoutMs ?? READ_TIMEOUT_MS, `Redis at ${this.address}`);
      if (this.lastLogged !== null) this.options.log(`[api] Redis at ${this.address} answers again`);
      this.lastLogged = null;
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { redis: { status: 'healthy', latencyMs, error: null }, address: this.address, workers, queues };
    } catch (error) {
      const message = this.socketError ?? (error instanceof Error ? error.message : String(error));
      this.reset();
      return this.unhealthy(`${message}: check that Redis runs at ${this.address} (queue.redis_url) and that this API server can reach it`);
    }
  }

  private unhealthy(error: string): FleetRead {
    if (this.lastLogged !== error) this.options.log(`[api] cannot read the worker fleet: ${error}`);
    this.lastLogged = error;
    return { redis: { status: 'unhealthy', latencyMs: null, error }, address: this.address, workers: [], queues: [] };
  }

  private async readRedis(now: Date): Promise<{ workers: WorkerStatus[]; queues: QueueDepth[] }> {
    const { redis, depths } = await this.connection();
    const workers = await new WorkerRegistry(redis, this.options.prefix).list(now);
    const queues = await depths.read([DEFAULT_QUEUE, ...workers.flatMap((w) => w.queues)]);
    return { workers, queues };
  }

  private async connection(): Promise<{ redis: Redis; depths: QueueDepthReader }> {
    if (!this.redis || !this.ready) {
      const redis = new Redis(this.options.url as string, {
        lazyConnect: true,
        connectTimeout: CONNECT_TIMEOUT_MS,
        maxRetriesPerRequest: 1,
        // No reconnecting in the background: the next read connects again (see reset).
        retryStrategy: () => null,
        enableOfflineQueue: false,
      });
      // Without a listener ioredis prints each error; the socket's own error (ECONNREFUSED...) says more than
      // the "Connection is closed." the pending connect() then rejects with.
      redis.on('error', (error: Error) => {
        if (this.redis === redis) this.socketError = error.message;
      });
      this.socketError = null;
      this.redis = redis;
      this.depths = null;
      // BullMQ takes ~300 ms to load: only API servers of a queue executor pay for it, once.
      this.ready = Promise.all([redis.connect(), import('../executor/queue/queue-depths.js')]).then(([, { QueueDepthReader: Reader }]) => {
        if (this.redis === redis) this.depths = new Reader(redis, this.options.prefix);
      });
    }
    const redis = this.redis;
    await this.ready;
    if (!this.depths || this.redis !== redis) throw new Error('the connection was closed while it opened');
    return { redis, depths: this.depths };
  }

  /** Drops the client after a failure (synchronously: the next read starts a fresh connection). */
  private reset(): void {
    void this.close();
  }

  async close(): Promise<void> {
    const { redis, depths } = this;
    this.redis = null;
    this.depths = null;
    this.ready = null;
    await depths?.close();
    redis?.disconnect();
  }
}
