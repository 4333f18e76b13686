/** The queue executor's fleet as `/ui/cluster` shows it: workers with their health, queue depths, worker slots. */
import type { z } from '@hono/zod-openapi';
import { isWorkerAlive, WORKER_ALIVE_THRESHOLD_MS, workerSlots, type WorkerStatus } from '../../executor/queue/worker-registry.js';
import type { FleetRead } from '../fleet-monitor.js';
import type { UiClusterFleet, UiClusterWorker } from '../schemas/ui-admin.js';

const iso = (text: string) => new Date(text).toISOString();

function presentWorker(w: WorkerStatus, now: Date): z.infer<typeof UiClusterWorker> {
  return {
    name: w.name,
    hostname: w.hostname,
    pid: w.pid,
    queues: w.queues,
    concurrency: w.concurrency,
    running: w.running.map((t) => ({ dag_id: t.dagId, run_id: t.runId, task_id: t.taskId, map_index: t.mapIndex, try_number: t.tryNumber, start_date: iso(t.startedAt) })),
    start_date: iso(w.startedAt),
    latest_heartbeat: iso(w.lastHeartbeat),
    heartbeat_age_seconds: Math.max(0, (now.getTime() - Date.parse(w.lastHeartbeat)) / 1000),
    version: w.version,
    state: w.state,
    healthy: isWorkerAlive(w, now, WORKER_ALIVE_THRESHOLD_MS),
  };
}

export function presentFleet(fleet: FleetRead, now: Date): z.infer<typeof UiClusterFleet> {
  const live = fleet.workers.filter((w) => isWorkerAlive(w, now, WORKER_ALIVE_THRESHOLD_MS));
  const slots = workerSlots(fleet.workers, now, WORKER_ALIVE_THRESHOLD_MS);
  return {
    redis: { status: fleet.redis.status, address: fleet.address, latency_ms: fleet.redis.latencyMs, error: fleet.redis.error },
    health_threshold_seconds: WORKER_ALIVE_THRESHOLD_MS / 1000,
    workers: fleet.workers.map((w) => presentWorker(w, now)),
    queues: fleet.queues.map((q) => ({ ...q, workers: live.filter((w) => w.queues.includes(q.queue)).length })),
    slots: { workers: slots.liveWorkers, total: slots.total, running: slots.running, open: slots.open },
  };
}
