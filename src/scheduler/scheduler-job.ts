/**
 * The scheduler's row in the jobs table: registered on start, heartbeat while
 * alive, ended on stop. On PostgreSQL any number of schedulers run at once; on
 * SQLite only one may (one writer; no row locks to share work), so a second one
 * is refused with the reason. A job is dead when its heartbeat is older than the
 * health check threshold, or at once when its process is gone from this host (a
 * crash or `kill -9`): it is ended as failed, so a restart is never blocked by it,
 * and its task instances are settled by recover-orphans.ts.
 *
 *   claim ──> running ──heartbeat every interval──> end(): success
 *                │
 *                └─ found dead by another scheduler (our heartbeat stalled past the
 *                   threshold): our instances were settled; registered again as a new job
 */
import { hostname } from 'node:os';
import type { Store } from '../store/store.js';
import type { Job, JobLoopTime } from '../store/types.js';

export interface SchedulerJob {
  /** The current job id (a new one after being found dead and registered again). */
  readonly id: number;
  /** Stops the heartbeats and records the end. */
  end(now: Date): Promise<void>;
}

export interface SchedulerJobOptions {
  /** `[scheduler] health_check_threshold`: a heartbeat older than this is a dead scheduler. */
  readonly thresholdMs: number;
  readonly heartbeatIntervalMs: number;
  readonly clock: () => Date;
  /** The loop time sent with each heartbeat (for `/metrics`). */
  readonly loopTime: () => JobLoopTime | undefined;
  readonly log: (message: string) => void;
  /** Our job was ended by another scheduler and we registered again: tries it settled must stop here. */
  readonly onRevived: () => void;
}

/** Airflow's `scheduler_health_check_threshold` is 30 s. */
export const SCHEDULER_HEARTBEAT_TIMEOUT_MS = 30_000;

/** Dead: silent longer than the threshold, or its process is gone from this host (no need to wait). */
export function isSchedulerJobDead(job: Job, now: Date, thresholdMs: number): boolean {
  return now.getTime() - job.latestHeartbeat.getTime() > thresholdMs || (job.hostname === hostname() && !processExists(job.pid));
}

export async function claimSchedulerJob(store: Store, options: SchedulerJobOptions): Promise<SchedulerJob> {
  const now = options.clock();
  for (const job of await store.jobs.list({ kind: 'scheduler', state: 'running' })) {
    if (isSchedulerJobDead(job, now, options.thresholdMs)) {
      await store.jobs.markEnded(job.id, 'failed', now);
      continue;
    }
    if (store.dialect === 'sqlite') {
      throw new Error(
        `another scheduler is already running on this SQLite database (pid ${job.pid} on ${job.hostname}, last heartbeat ${job.latestHeartbeat.toISOString()}). ` +
          'SQLite supports one scheduler: stop the other one, or use PostgreSQL (UPDRAFT_DATABASE_URL) to run several.',
      );
    }
  }
  const register = async (at: Date) => (await store.jobs.register({ kind: 'scheduler', hostname: hostname(), pid: process.pid }, at)).id;
  let id = await register(now);
  let failing = false;
  const beat = async () => {
    try {
      const at = options.clock();
      const recorded = await store.jobs.heartbeat(id, at, options.loopTime());
      if (failing) options.log(`heartbeats of scheduler job ${id} are recorded again`);
      failing = false;
      if (recorded) return;
      const ended = id;
      id = await register(at);
      options.log(
        `scheduler job ${ended} was ended by another scheduler (no heartbeat for over ${options.thresholdMs / 1000} s): ` +
          `the task instances it queued were handed on; carrying on as job ${id}`,
      );
      options.onRevived();
    } catch (error) {
      // The database restarting must not end the scheduler: the next heartbeat tries again.
      if (!failing) options.log(`could not record a heartbeat of scheduler job ${id} (retrying every ${interval} ms): ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    }
  };
  // A heartbeat interval at or past the threshold would make every scheduler look dead to the others.
  const interval = Math.min(options.heartbeatIntervalMs, options.thresholdMs / 3);
  let beating: Promise<void> | null = null;
  const timer = setInterval(() => {
    // One at a time: a heartbeat stuck behind a lock must not pile up others behind it.
    if (beating === null) beating = beat().finally(() => (beating = null));
  }, interval);
  timer.unref();
  return {
    get id() {
      return id;
    },
    end: async (at) => {
      clearInterval(timer);
      await beating;
      await store.jobs.markEnded(id, 'success', at);
    },
  };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
