/**
 * Why a task instance is not running (Airflow's `tasks failed-deps` and the
 * API's `dependencies`): the run conditions that do not hold, each with its
 * reason, from the same planner the scheduler uses.
 */
import type { TaskInstanceKey } from '../core/run-model.js';
import { planRun } from '../scheduler/plan-run.js';
import { loadRunSnapshot } from '../scheduler/run-snapshot.js';
import type { Store } from '../store/store.js';
import { NotFoundError } from './errors.js';

export interface UnmetDependency {
  readonly name: string;
  readonly reason: string;
}

export async function unmetDependencies(store: Store, key: TaskInstanceKey, now: Date): Promise<UnmetDependency[]> {
  const ti = await store.taskInstances.get(key);
  const run = await store.dagRuns.get(key);
  if (!ti || !run) {
    throw new NotFoundError(`task instance ${key.dagId}.${key.taskId}${key.mapIndex >= 0 ? `[${key.mapIndex}]` : ''} of run ${key.runId} not found`);
  }
  if (ti.state !== null && !['scheduled', 'up_for_retry', 'up_for_reschedule'].includes(ti.state)) {
    return [{ name: 'Task Instance State', reason: `task instance is ${ti.state}${ti.stateReason ? ` (${ti.stateReason})` : ''}` }];
  }
  const version = await store.dags.getVersion(run.dagVersionId);
  if (!version) return [{ name: 'DAG Version', reason: `version ${run.dagVersionId} of DAG ${run.dagId} is missing` }];
  const plan = planRun(await loadRunSnapshot(store, version.spec, run, now));
  const waiting = plan.waiting.find((w) => w.key.taskId === key.taskId && w.key.mapIndex === key.mapIndex);
  if (!waiting) return [];
  return [...waiting.unmet];
}
