/**
 * The orchestrator's metrics, read from the metadata store at scrape time: a few
 * aggregate queries (GROUP BY over indexed state columns, the running jobs), so the
 * answer is the same whichever API process Prometheus asks and whichever process
 * (scheduler, worker, another machine) did the work.
 */
import type { Store } from '../../store/store.js';
import type { Job } from '../../store/types.js';
import { poolSlots } from '../../services/pools.js';
import { histogramSamples, type MetricFamily, type Sample } from './prometheus-text.js';

/** The task instance states that are the queue depth: waiting for, or holding, a worker. */
const QUEUE_STATES = ['scheduled', 'queued', 'running', 'deferred', 'up_for_retry', 'up_for_reschedule'] as const;

/** Upper bounds of the task duration histogram, in seconds: a sub-second task to an hour-long load. */
export const TASK_DURATION_BUCKETS_SECONDS = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600] as const;

export async function storeMetrics(store: Store, now: Date, healthThresholdMs: number): Promise<MetricFamily[]> {
  const [tiCounts, pools, usage, runCounts, tries, schedulers] = await Promise.all([
    store.taskInstances.countByState({}),
    store.pools.list({ orderBy: 'name' }),
    store.taskInstances.slotsByPool(),
    store.dagRuns.countByState(),
    // Counted from the try history rather than by counters in this process: the tries end in the
    // scheduler's or a worker's process, and a counter here would restart at 0 with the API server
    // and differ between API workers. History is the durable record every process shares.
    store.taskInstances.finishedTryStats(TASK_DURATION_BUCKETS_SECONDS.map((s) => s * 1000)),
    store.jobs.list({ kind: 'scheduler', state: 'running' }),
  ]);

  const poolSamples: Sample[] = pools.items.flatMap((pool) => {
    const slots = poolSlots(pool, usage[pool.name]);
    const unlimited = pool.slots === -1;
    const kinds: Record<string, number> = {
      open: unlimited ? Infinity : slots.open,
      occupied: slots.occupied,
      running: slots.running,
      queued: slots.queued,
      deferred: slots.deferred,
      total: unlimited ? Infinity : pool.slots,
    };
    return Object.entries(kinds).map(([kind, value]) => ({ labels: { pool: pool.name, kind }, value }));
  });

  const jobLabels = (job: Job) => ({ hostname: job.hostname, pid: String(job.pid) });
  const ageSeconds = (job: Job) => Math.max(0, now.getTime() - job.latestHeartbeat.getTime()) / 1000;
  const healthy = schedulers.some((job) => ageSeconds(job) * 1000 <= healthThresholdMs);
  const looping = schedulers.filter((job) => job.loop !== null);

  return [
    {
      name: 'updraft_task_instances',
      help: 'Task instances in each unfinished state (the queue depth)',
      type: 'gauge',
      samples: QUEUE_STATES.map((state) => ({ labels: { state }, value: tiCounts[state] ?? 0 })),
    },
    { name: 'updraft_pool_slots', help: 'Slots of each pool by kind (+Inf for an unlimited pool)', type: 'gauge', samples: poolSamples },
    {
      name: 'updraft_dag_runs',
      help: 'DAG runs queued or running',
      type: 'gauge',
      samples: (['queued', 'running'] as const).map((state) => ({ labels: { state }, value: runCounts[state] })),
    },
    {
      name: 'updraft_task_finished_total',
      help: 'Task tries finished, by final state (from the task instance history)',
      type: 'counter',
      samples: tries.map((t) => ({ labels: { state: t.state }, value: t.count })),
    },
    {
      name: 'updraft_task_duration_seconds',
      help: 'Duration of finished task tries, by final state (from the task instance history)',
      type: 'histogram',
      samples: tries.flatMap((t) => histogramSamples(TASK_DURATION_BUCKETS_SECONDS, t.buckets, t.timed, t.sumMs / 1000, { state: t.state })),
    },
    {
      name: 'updraft_scheduler_heartbeat_age_seconds',
      help: 'Seconds since each running scheduler last heartbeat',
      type: 'gauge',
      samples: schedulers.map((job) => ({ labels: jobLabels(job), value: ageSeconds(job) })),
    },
    {
      name: 'updraft_scheduler_up',
      help: `1 when a scheduler heartbeat within the last ${healthThresholdMs / 1000} s, else 0`,
      type: 'gauge',
      samples: [{ value: healthy ? 1 : 0 }],
    },
    {
      name: 'updraft_scheduler_loop_last_seconds',
      help: "Duration of each running scheduler's last loop (tick), as of its latest heartbeat",
      type: 'gauge',
      samples: looping.map((job) => ({ labels: jobLabels(job), value: (job.loop?.lastMs ?? 0) / 1000 })),
    },
    {
      name: 'updraft_scheduler_loop_avg_seconds',
      help: "Moving average of each running scheduler's loop (tick) duration, as of its latest heartbeat",
      type: 'gauge',
      samples: looping.map((job) => ({ labels: jobLabels(job), value: (job.loop?.avgMs ?? 0) / 1000 })),
    },
  ];
}
