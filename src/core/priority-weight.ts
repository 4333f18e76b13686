/**
 * Effective priority weight of each task, Airflow's weight rules:
 * - downstream: own weight + the weights of all tasks downstream (transitively);
 * - upstream:   own weight + the weights of all tasks upstream (transitively);
 * - absolute:   own weight.
 * Each relative counts once even when reachable by several paths, and the sum is
 * clamped to a 32-bit signed integer as Airflow does to keep it storable.
 */
import type { TaskSpec } from './dag-spec.js';

export const DB_SAFE_MINIMUM = -2_147_483_648;
export const DB_SAFE_MAXIMUM = 2_147_483_647;

export function dbSafePriority(weight: number): number {
  return Math.max(DB_SAFE_MINIMUM, Math.min(DB_SAFE_MAXIMUM, weight));
}

type WeightTask = Pick<TaskSpec, 'taskId' | 'upstream' | 'priorityWeight' | 'weightRule'>;

/** Effective weight per task id, for every task of the DAG. */
export function effectivePriorityWeights(tasks: readonly WeightTask[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const downstream = new Map<string, string[]>();
  for (const t of tasks) for (const up of t.upstream) downstream.set(up, [...(downstream.get(up) ?? []), t.taskId]);
  const relatives = (start: string, next: (id: string) => readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || id === start) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  };
  const result = new Map<string, number>();
  for (const task of tasks) {
    let total = task.priorityWeight;
    if (task.weightRule !== 'absolute') {
      const ids =
        task.weightRule === 'downstream'
          ? relatives(task.taskId, (id) => downstream.get(id) ?? [])
          : relatives(task.taskId, (id) => byId.get(id)?.upstream ?? []);
      for (const id of ids) total += byId.get(id)?.priorityWeight ?? 0;
    }
    result.set(task.taskId, dbSafePriority(total));
  }
  return result;
}
