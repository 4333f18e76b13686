/**
 * The worker fleet's self-reported state, kept in Redis where every worker can
 * write without metadata-DB credentials and the API can read it (as Flower reads
 * Celery's events). One hash, `<prefix>:workers`, field = worker name, value =
 * the worker's latest `WorkerStatus` as JSON: each heartbeat is one HSET, and one
 * HGETALL lists the whole fleet.
 *
 *   running --SIGTERM--> stopping --drained--> stopped
 *      \________ silent for WORKER_ALIVE_THRESHOLD_MS: shown unhealthy ________/
 *
 * A worker that dies without saying so keeps its last entry: it turns unhealthy
 * once its heartbeat is older than the threshold, and is pruned after a day.
 */
import type { Redis } from 'ioredis';

/** A task try a worker is running; the keys are the ones the UI and API link task instances by. */
export interface WorkerTry {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  tryNumber: number;
  /** ISO 8601. */
  startedAt: string;
}

export type WorkerState = 'running' | 'stopping' | 'stopped';

export interface WorkerStatus {
  name: string;
  hostname: string;
  pid: number;
  queues: string[];
  concurrency: number;
  running: WorkerTry[];
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  lastHeartbeat: string;
  /** Updraft's version on the worker. */
  version: string;
  state: WorkerState;
}

/** How often a worker reports its status. */
export const WORKER_HEARTBEAT_MS = 5000;
/** Three missed heartbeats: one late beat (a GC pause, a slow Redis) is not yet a dead worker. */
export const WORKER_ALIVE_THRESHOLD_MS = 3 * WORKER_HEARTBEAT_MS;
/** A silent worker's entry is dropped after a day: long enough to see what died overnight. */
export const WORKER_RETENTION_MS = 24 * 3600_000;

export const workersKey = (prefix: string): string => `${prefix}:workers`;

/** Running (or draining) with a heartbeat no older than `thresholdMs`. */
export function isWorkerAlive(status: WorkerStatus, now: Date, thresholdMs: number = WORKER_ALIVE_THRESHOLD_MS): boolean {
  if (status.state === 'stopped') return false;
  const beat = Date.parse(status.lastHeartbeat);
  return Number.isFinite(beat) && now.getTime() - beat <= thresholdMs;
}

/** The entry as a WorkerStatus, or null when it is not one (corrupt, or written by something else). */
function parseStatus(json: string): WorkerStatus | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Partial<WorkerStatus>;
  const ok =
    typeof s.name === 'string' &&
    typeof s.hostname === 'string' &&
    typeof s.pid === 'number' &&
    Array.isArray(s.queues) &&
    s.queues.every((q) => typeof q === 'string') &&
    typeof s.concurrency === 'number' &&
    Array.isArray(s.running) &&
    s.running.every(isTry) &&
    isDate(s.startedAt) &&
    isDate(s.lastHeartbeat) &&
    typeof s.version === 'string' &&
    (s.state === 'running' || s.state === 'stopping' || s.state === 'stopped');
  return ok ? (s as WorkerStatus) : null;
}

const isDate = (value: unknown): value is string => typeof value === 'string' && Number.isFinite(Date.parse(value));

function isTry(value: unknown): value is WorkerTry {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<WorkerTry>;
  return typeof t.dagId === 'string' && typeof t.runId === 'string' && typeof t.taskId === 'string' && typeof t.mapIndex === 'number' && typeof t.tryNumber === 'number' && isDate(t.startedAt);
}

export class WorkerRegistry {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = workersKey(prefix);
  }

  /** Records a worker's latest status (its heartbeat), replacing the previous one. */
  async report(status: WorkerStatus): Promise<void> {
    await this.redis.hset(this.key, status.name, JSON.stringify(status));
  }

  /**
   * Every worker, sorted by name. Entries silent for more than a day, and entries
   * that are not a WorkerStatus, are deleted on the way (a worker that comes back
   * re-adds itself with its next heartbeat).
   */
  async list(now: Date = new Date()): Promise<WorkerStatus[]> {
    const entries = await this.redis.hgetall(this.key);
    const workers: WorkerStatus[] = [];
    const prune: string[] = [];
    for (const [name, json] of Object.entries(entries)) {
      const status = parseStatus(json);
      if (!status || now.getTime() - Date.parse(status.lastHeartbeat) > WORKER_RETENTION_MS) prune.push(name);
      else workers.push(status);
    }
    if (prune.length > 0) await this.redis.hdel(this.key, ...prune);
    return workers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Forgets a worker (it stopped for good, or an operator cleared it). */
  async remove(name: string): Promise<void> {
    await this.redis.hdel(this.key, name);
  }
}

export interface WorkerSlots {
  /** Workers alive now (running or draining, fresh heartbeat). */
  readonly liveWorkers: number;
  /** Sum of the live workers' concurrency: the queue executor's slots. */
  readonly total: number;
  /** Task tries the live workers are running. */
  readonly running: number;
  readonly open: number;
}

/** The fleet's executor slots: only live workers count (a dead one's slots run nothing). */
export function workerSlots(workers: readonly WorkerStatus[], now: Date, thresholdMs: number = WORKER_ALIVE_THRESHOLD_MS): WorkerSlots {
  const live = workers.filter((w) => isWorkerAlive(w, now, thresholdMs));
  // A draining worker takes no new work: its free slots are not open.
  const total = live.reduce((sum, w) => sum + w.concurrency, 0);
  const running = live.reduce((sum, w) => sum + w.running.length, 0);
  const open = live.reduce((sum, w) => sum + (w.state === 'running' ? Math.max(0, w.concurrency - w.running.length) : 0), 0);
  return { liveWorkers: live.length, total, running, open };
}
