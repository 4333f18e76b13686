/**
 * The task instances a new run starts with: one per task, no state yet. Mapped
 * tasks start as one placeholder at map index -1 that expands once the list it
 * maps over is known (as Airflow does).
 */
import type { DagSpec } from '../core/dag-spec.js';
import { dbSafePriority, effectivePriorityWeights } from '../core/priority-weight.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';

export function taskInstancesForRun(spec: DagSpec, run: DagRun): TaskInstance[] {
  const weights = effectivePriorityWeights(spec.tasks);
  return spec.tasks.map((task) => ({
    dagId: run.dagId,
    runId: run.runId,
    taskId: task.taskId,
    mapIndex: -1,
    state: null,
    tryNumber: 0,
    maxTries: task.retries,
    startDate: null,
    endDate: null,
    durationMs: null,
    queuedAt: null,
    nextRetryAt: null,
    pool: task.pool,
    poolSlots: task.poolSlots,
    queue: task.queue,
    priorityWeight: dbSafePriority(weights.get(task.taskId) ?? task.priorityWeight),
    operator: task.operator,
    hostname: null,
    pid: null,
    executor: null,
    lastHeartbeatAt: null,
    queuedByJobId: null,
    dagVersionId: run.dagVersionId,
    note: null,
    stateReason: null,
    renderedFields: null,
    waitState: null,
  }));
}
