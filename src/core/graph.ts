/** Walking a DAG's task graph: direct and transitive neighbours of a task, in the DAG's task order. */
import type { DagSpec, TaskSpec } from './dag-spec.js';

/** Task id -> ids of its direct downstream tasks, in the order the tasks are given. */
export function downstreamIndex(tasks: readonly Pick<TaskSpec, 'taskId' | 'upstream'>[]): Map<string, string[]> {
  const downstream = new Map<string, string[]>();
  for (const t of tasks) {
    for (const up of t.upstream) {
      const list = downstream.get(up);
      if (list) list.push(t.taskId);
      else downstream.set(up, [t.taskId]);
    }
  }
  return downstream;
}

export function directDownstreamOf(spec: DagSpec, taskId: string): string[] {
  return spec.tasks.filter((t) => t.upstream.includes(taskId)).map((t) => t.taskId);
}

export function allDownstreamOf(spec: DagSpec, taskId: string): string[] {
  const found = new Set<string>();
  const pending = [taskId];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const down of directDownstreamOf(spec, current)) {
      if (!found.has(down)) {
        found.add(down);
        pending.push(down);
      }
    }
  }
  return spec.tasks.map((t) => t.taskId).filter((id) => found.has(id));
}

export function allUpstreamOf(spec: { readonly tasks: readonly Pick<TaskSpec, 'taskId' | 'upstream'>[] }, taskId: string): string[] {
  const byId = new Map(spec.tasks.map((t) => [t.taskId, t]));
  const found = new Set<string>();
  const pending = [...(byId.get(taskId)?.upstream ?? [])];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(byId.get(id)?.upstream ?? []));
  }
  return spec.tasks.map((t) => t.taskId).filter((id) => found.has(id));
}
