/**
 * The scheduler's row in the jobs table: registered on start, heartbeat while
 * alive, ended on stop. On SQLite only one scheduler may run (one writer; no
 * row locks to share work), so a second one is refused with the reason; a job
 * whose process is gone (a crash or `kill -9` on this host, or a heartbeat
 * older than the timeout) is closed so a restart is never blocked by it.
 */
import { hostname } from 'node:os';
import type { Store } from '../store/store.js';
import type { JobLoopTime } from '../store/types.js';

export interface SchedulerJob {
  readonly id: number;
  /** `loop`: the scheduler's tick time, kept with the heartbeat. */
  heartbeat(now: Date, loop?: JobLoopTime): Promise<void>;
  end(now: Date): Promise<void>;
}

/** Airflow's `scheduler_health_check_threshold` is 30 s. */
export const SCHEDULER_HEARTBEAT_TIMEOUT_MS = 30_000;

export async function claimSchedulerJob(store: Store, now: Date): Promise<SchedulerJob> {
  const host = hostname();
  for (const job of await store.jobs.list({ kind: 'scheduler', state: 'running' })) {
    const stale = now.getTime() - job.latestHeartbeat.getTime() > SCHEDULER_HEARTBEAT_TIMEOUT_MS;
    const gone = job.hostname === host && !processExists(job.pid);
    if (stale || gone) {
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
  const job = await store.jobs.register({ kind: 'scheduler', hostname: host, pid: process.pid }, now);
  return {
    id: job.id,
    heartbeat: async (at, loop) => {
      await store.jobs.heartbeat(job.id, at, loop);
    },
    end: async (at) => {
      await store.jobs.markEnded(job.id, 'success', at);
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
