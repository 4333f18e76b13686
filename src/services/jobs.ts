/**
 * Updraft's long-running processes as Airflow's jobs API lists them: Airflow's
 * job type names, "alive" meaning running with a recent heartbeat, and date
 * ranges on start and end.
 */
import type { Page, Store } from '../store/store.js';
import { JOB_KINDS, type Job, type JobKind, type JobState } from '../store/types.js';
import { pageInMemory } from './list-page.js';

/** Airflow's job_type for each of our kinds. */
export const AIRFLOW_JOB_TYPE: Readonly<Record<JobKind, string>> = {
  scheduler: 'SchedulerJob',
  dag_processor: 'DagProcessorJob',
  triggerer: 'TriggererJob',
  worker: 'WorkerJob',
  api_server: 'ApiServerJob',
};

/** A running job whose heartbeat is older than this is presumed dead (Airflow's scheduler_health_check_threshold). */
export const JOB_ALIVE_THRESHOLD_MS = 30_000;

/** `thresholdMs`: the scheduler.health_check_threshold setting where the caller has the config. */
export function isJobAlive(job: Job, now: Date, thresholdMs = JOB_ALIVE_THRESHOLD_MS): boolean {
  return job.state === 'running' && now.getTime() - job.latestHeartbeat.getTime() < thresholdMs;
}

/** Our kind for `scheduler` or Airflow's `SchedulerJob`; null when neither. */
export function jobKindOf(name: string): JobKind | null {
  const kind = JOB_KINDS.find((k) => k === name || AIRFLOW_JOB_TYPE[k] === name);
  return kind ?? null;
}

export interface DateRange {
  readonly gte?: Date | undefined;
  readonly lte?: Date | undefined;
}

export interface JobQuery {
  readonly kind?: JobKind | undefined;
  readonly state?: JobState | undefined;
  readonly hostname?: string | undefined;
  readonly isAlive?: boolean | undefined;
  readonly start?: DateRange;
  readonly end?: DateRange;
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

const within = (date: Date | null, range: DateRange | undefined) =>
  !range || ((range.gte === undefined || (date !== null && date >= range.gte)) && (range.lte === undefined || (date !== null && date <= range.lte)));

export async function listJobs(store: Store, q: JobQuery, now: Date): Promise<Page<Job>> {
  const jobs = await store.jobs.list({ ...(q.kind ? { kind: q.kind } : {}), ...(q.state ? { state: q.state } : {}) });
  const keep = (j: Job) =>
    (q.hostname === undefined || j.hostname === q.hostname) &&
    (q.isAlive === undefined || isJobAlive(j, now) === q.isAlive) &&
    within(j.startedAt, q.start) &&
    within(j.endedAt, q.end);
  return pageInMemory(jobs, { sort: q.sort, limit: q.limit, offset: q.offset, keep });
}
