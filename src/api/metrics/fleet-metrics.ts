/**
 * The queue executor's metrics, read from Redis at scrape time (as the Cluster
 * page reads them): BullMQ queue depths by state, workers by health, the
 * fleet's slots, and whether Redis answered at all (so an alert can tell "no
 * workers" from "cannot see the workers").
 */
import { isWorkerAlive, WORKER_ALIVE_THRESHOLD_MS, workerSlots } from '../../executor/queue/worker-registry.js';
import type { FleetRead } from '../fleet-monitor.js';
import type { MetricFamily } from './prometheus-text.js';

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export function fleetMetrics(fleet: FleetRead, now: Date): MetricFamily[] {
  // Cleanly stopped workers are neither: they are not expected to beat.
  const reporting = fleet.workers.filter((w) => w.state !== 'stopped');
  const healthy = reporting.filter((w) => isWorkerAlive(w, now, WORKER_ALIVE_THRESHOLD_MS)).length;
  const slots = workerSlots(fleet.workers, now, WORKER_ALIVE_THRESHOLD_MS);
  return [
    { name: 'updraft_redis_up', help: "1 when the queue executor's Redis answered this scrape, else 0", type: 'gauge', samples: [{ value: fleet.redis.status === 'healthy' ? 1 : 0 }] },
    {
      name: 'updraft_queue_depth',
      help: 'Jobs in each BullMQ queue of the queue executor, by state (waiting includes prioritized)',
      type: 'gauge',
      samples: fleet.queues.flatMap((q) => DEPTH_STATES.map((state) => ({ labels: { queue: q.queue, state }, value: q[state] }))),
    },
    {
      name: 'updraft_workers',
      help: `Workers by health: healthy while their heartbeat is under ${WORKER_ALIVE_THRESHOLD_MS / 1000} s old (cleanly stopped ones are not counted)`,
      type: 'gauge',
      samples: [
        { labels: { state: 'healthy' }, value: healthy },
        { labels: { state: 'unhealthy' }, value: reporting.length - healthy },
      ],
    },
    {
      name: 'updraft_worker_slots',
      help: "The queue executor's slots: the healthy workers' concurrency (total), tries they run, and free slots of workers taking work",
      type: 'gauge',
      samples: (['total', 'running', 'open'] as const).map((kind) => ({ labels: { kind }, value: slots[kind] })),
    },
  ];
}
