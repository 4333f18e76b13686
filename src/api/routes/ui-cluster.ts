/**
 * `GET /ui/cluster`: the health of the installation in one round trip, polled
 * every few seconds by the Cluster page (what Airflow users opened Flower for):
 * the metadata database (and how fast it answers), each component's latest
 * heartbeat, the jobs, executor slots, task instances waiting for or holding a
 * slot, the pools, and with the queue executor its fleet from Redis (workers,
 * queue depths, worker slots). Every count is an indexed query (task instances by
 * state, pool slots grouped by pool and state), never a scan of the history.
 * A database that does not answer is reported here, not turned into a 500.
 */
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { AIRFLOW_JOB_TYPE, isJobAlive, JOB_ALIVE_THRESHOLD_MS } from '../../services/jobs.js';
import { listPoolSlots } from '../../services/pools.js';
import type { Store } from '../../store/store.js';
import type { TaskInstanceStateOrNone } from '../../core/states.js';
import type { Job, JobKind } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { presentFleet } from '../present/fleet.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent } from '../schemas/common.js';
import { UiClusterResponse, type UiClusterComponent, type UiClusterJob } from '../schemas/ui-admin.js';

type Cluster = z.infer<typeof UiClusterResponse>;

export const getUiCluster = defineRoute(permission('read', 'jobs'), {
  method: 'get',
  path: '/ui/cluster',
  operationId: 'get_cluster_ui',
  tags: ['UI'],
  summary: "Health of the database, scheduler, DAG processor and workers; executor slots, queue depths and pools (the web UI's Cluster page)",
  responses: { 200: jsonContent(UiClusterResponse), ...errorResponses(401, 403) },
});

/** Ended jobs stay listed this long, so a crash that just happened is still visible. */
const RECENT_JOBS_MS = 24 * 3600_000;
const MAX_JOBS = 50;
const MAX_POOLS = 100;
/** The components every installation has; others (triggerer, workers) appear once they have a job. */
const CORE_COMPONENTS: readonly JobKind[] = ['scheduler', 'dag_processor'];
const SLOT_STATES = ['scheduled', 'queued', 'running', 'deferred', 'up_for_retry', 'up_for_reschedule'] as const;

const ageSeconds = (at: Date, now: Date) => Math.max(0, (now.getTime() - at.getTime()) / 1000);

function presentJob(job: Job, now: Date): z.infer<typeof UiClusterJob> {
  return {
    id: job.id,
    kind: job.kind,
    job_type: AIRFLOW_JOB_TYPE[job.kind],
    hostname: job.hostname,
    pid: job.pid,
    state: job.state,
    alive: isJobAlive(job, now),
    start_date: job.startedAt.toISOString(),
    end_date: job.endedAt?.toISOString() ?? null,
    latest_heartbeat: job.latestHeartbeat.toISOString(),
    heartbeat_age_seconds: ageSeconds(job.latestHeartbeat, now),
  };
}

/** One component's health from its running jobs: healthy when the newest heartbeat is recent. */
function component(kind: JobKind, jobs: readonly Job[], now: Date): z.infer<typeof UiClusterComponent> {
  const running = jobs.filter((j) => j.kind === kind && j.state === 'running');
  const newest = running.reduce<Job | null>((a, b) => (a && a.latestHeartbeat >= b.latestHeartbeat ? a : b), null);
  return {
    kind,
    status: !newest ? 'not_running' : isJobAlive(newest, now) ? 'healthy' : 'unhealthy',
    latest_heartbeat: newest?.latestHeartbeat.toISOString() ?? null,
    heartbeat_age_seconds: newest ? ageSeconds(newest.latestHeartbeat, now) : null,
    running_jobs: running.length,
    embedded_in: null,
    last_activity: null,
  };
}

async function countInState(store: Store, state: TaskInstanceStateOrNone): Promise<number> {
  // limit 0: no rows, just the (indexed) count of the state.
  return (await store.taskInstances.list({ states: [state], limit: 0 })).total;
}

async function readCluster(store: Store, parallelism: number, executorKind: string, now: Date): Promise<Omit<Cluster, 'generated_at' | 'health_threshold_seconds' | 'metadatabase' | 'fleet'>> {
  const [running, recent, counts, pools, lastParsed] = await Promise.all([
    store.jobs.list({ state: 'running' }),
    store.jobs.list({ heartbeatSince: new Date(now.getTime() - RECENT_JOBS_MS) }),
    Promise.all(SLOT_STATES.map((s) => countInState(store, s))),
    listPoolSlots(store, { sort: 'name', limit: MAX_POOLS, offset: 0 }),
    store.dags.list({ orderBy: '-lastParsedAt', limit: 1 }),
  ]);
  const byId = new Map<number, Job>();
  for (const job of [...running, ...recent]) byId.set(job.id, job);
  const jobs = [...byId.values()].sort((a, b) => b.latestHeartbeat.getTime() - a.latestHeartbeat.getTime() || b.id - a.id);

  const kinds = new Set<JobKind>([...CORE_COMPONENTS, ...jobs.filter((j) => j.kind !== 'api_server').map((j) => j.kind)]);
  const components = [...kinds].map((kind) => component(kind, jobs, now));
  const scheduler = components.find((c) => c.kind === 'scheduler');
  const processorIndex = components.findIndex((c) => c.kind === 'dag_processor');
  const processor = components[processorIndex];
  // The DAG processor runs inside the scheduler's process unless it has a job of its own.
  if (processor && processor.running_jobs === 0 && scheduler) {
    components[processorIndex] = {
      ...processor,
      status: scheduler.status,
      latest_heartbeat: scheduler.latest_heartbeat,
      heartbeat_age_seconds: scheduler.heartbeat_age_seconds,
      embedded_in: 'scheduler',
    };
  }
  const lastParsedAt = lastParsed.items[0]?.lastParsedAt ?? null;
  const withActivity = components.map((c) => (c.kind === 'dag_processor' ? { ...c, last_activity: lastParsedAt?.toISOString() ?? null } : c));

  const [scheduled, queued, runningTis, deferred, upForRetry, upForReschedule] = counts as [number, number, number, number, number, number];
  return {
    components: withActivity,
    jobs: jobs.slice(0, MAX_JOBS).map((j) => presentJob(j, now)),
    executor: { kind: executorKind, parallelism, used: runningTis + queued, running: runningTis, queued, open: Math.max(0, parallelism - runningTis - queued) },
    task_instances: { scheduled, queued, running: runningTis, deferred, up_for_retry: upForRetry, up_for_reschedule: upForReschedule },
    pools: pools.items.map((p) => ({
      name: p.pool.name,
      slots: p.pool.slots,
      include_deferred: p.pool.includeDeferred,
      running: p.running,
      queued: p.queued,
      scheduled: p.scheduled,
      deferred: p.deferred,
      occupied: p.occupied,
      open: p.open,
    })),
    pools_total: pools.total,
  };
}

export function registerUiClusterRoute(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const { store, config } = deps.app;
  api.openapi(getUiCluster, async (c) => {
    const now = deps.now();
    const started = performance.now();
    // Redis is read beside the database: either one failing is reported on its own (the fleet read never throws).
    const fleetRead = deps.fleet ? deps.fleet.read(now) : null;
    const fleet = async () => (fleetRead ? presentFleet(await fleetRead, now) : null);
    const base = { generated_at: now.toISOString(), health_threshold_seconds: JOB_ALIVE_THRESHOLD_MS / 1000 };
    try {
      const cluster = await readCluster(store, config.parallelism, config.executor, now);
      const latency = Math.round((performance.now() - started) * 10) / 10;
      return c.json({ ...base, metadatabase: { status: 'healthy' as const, dialect: store.dialect, latency_ms: latency, error: null }, ...cluster, fleet: await fleet() }, 200);
    } catch (error) {
      deps.log(`[api] cluster: the metadata database did not answer: ${String(error)}`);
      return c.json(
        {
          ...base,
          metadatabase: { status: 'unhealthy' as const, dialect: store.dialect, latency_ms: null, error: error instanceof Error ? error.message : String(error) },
          components: CORE_COMPONENTS.map((kind) => ({ kind, status: 'not_running' as const, latest_heartbeat: null, heartbeat_age_seconds: null, running_jobs: 0, embedded_in: null, last_activity: null })),
          jobs: [],
          executor: { kind: config.executor, parallelism: config.parallelism, used: 0, running: 0, queued: 0, open: 0 },
          task_instances: { scheduled: 0, queued: 0, running: 0, deferred: 0, up_for_retry: 0, up_for_reschedule: 0 },
          pools: [],
          pools_total: 0,
          fleet: await fleet(),
        },
        200,
      );
    }
  });
}
