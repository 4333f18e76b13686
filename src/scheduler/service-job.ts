/**
 * The jobs-table row of a long-running service other than the scheduler (the
 * triggerer, a separate DAG processor; the scheduler has scheduler-job.ts):
 * registered on start, a heartbeat every interval while alive, ended on stop.
 * `/health` and `updraft jobs check` judge the service by it.
 *
 *   register ──> running ──heartbeat, heartbeat, …──> end(): success | failed
 *
 * A heartbeat that fails (the database is down) or hangs (its row is locked)
 * is logged and the next one tries again: the service carries on meanwhile, and
 * its health turns unhealthy once the heartbeat is older than the threshold.
 */
import { hostname } from 'node:os';
import type { Store } from '../store/store.js';
import type { JobKind } from '../store/types.js';

export interface ServiceJob {
  readonly id: number;
  /** Stops the heartbeats and records the end. */
  end(state?: 'success' | 'failed'): Promise<void>;
}

export interface ServiceJobOptions {
  readonly intervalMs: number;
  readonly clock?: () => Date;
  readonly log?: (message: string) => void;
}

export async function startServiceJob(store: Store, kind: JobKind, options: ServiceJobOptions): Promise<ServiceJob> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.log(message));
  const job = await store.jobs.register({ kind, hostname: hostname(), pid: process.pid }, clock());
  let beating: Promise<void> | null = null;
  let failing = false;
  let endedElsewhere = false;
  const beat = async () => {
    try {
      const recorded = await store.jobs.heartbeat(job.id, clock());
      if (failing) log(`heartbeats of the ${kind} job ${job.id} are recorded again`);
      failing = false;
      if (!recorded && !endedElsewhere) log(`the ${kind} job ${job.id} was ended by another process: this ${kind} counts as dead; restart it`);
      endedElsewhere = !recorded;
    } catch (error) {
      if (!failing) log(`could not record a heartbeat of the ${kind} job ${job.id} (retrying every ${options.intervalMs} ms): ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    }
  };
  const timer = setInterval(() => {
    // One heartbeat at a time: one stuck behind a lock must not pile up others behind it.
    if (beating) return;
    beating = beat().finally(() => (beating = null));
  }, options.intervalMs);
  timer.unref();
  return {
    id: job.id,
    async end(state = 'success') {
      clearInterval(timer);
      await beating;
      await store.jobs.markEnded(job.id, state, clock());
    },
  };
}
