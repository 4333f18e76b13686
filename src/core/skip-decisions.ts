/**
 * Which tasks a branch or a short-circuit skips (Airflow's SkipMixin), decided
 * from the DAG alone. The caller sets those task instances to `skipped` before
 * they start; trigger rules then carry the skip further as usual.
 */
import type { DagSpec } from './dag-spec.js';
import { allDownstreamOf, directDownstreamOf } from './graph.js';

export type BranchDecision =
  | { readonly ok: true; readonly followed: readonly string[]; readonly skip: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * A branch follows the chosen ids (task ids, or group ids standing for the
 * group's tasks) and skips its other direct downstream tasks.
 */
export function branchDecision(spec: DagSpec, branchTaskId: string, chosen: readonly string[]): BranchDecision {
  const taskIds = new Set(spec.tasks.map((t) => t.taskId));
  const groupIds = new Set(spec.groups.map((g) => g.groupId));
  const unknown = chosen.filter((id) => !taskIds.has(id) && !groupIds.has(id));
  const direct = directDownstreamOf(spec, branchTaskId);
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `branch '${branchTaskId}' chose ${unknown.map((id) => `'${id}'`).join(', ')}, which is not a task or group of DAG '${spec.dagId}'; its downstream tasks are: ${direct.join(', ') || '(none)'}`,
    };
  }
  const followed = direct.filter((id) => chosen.includes(id) || chosen.some((g) => groupIds.has(g) && id.startsWith(`${g}.`)));
  return { ok: true, followed, skip: direct.filter((id) => !followed.includes(id)) };
}

/** What a falsy short-circuit skips: everything downstream, or only its direct downstream tasks. */
export function shortCircuitSkips(spec: DagSpec, taskId: string): string[] {
  const task = spec.tasks.find((t) => t.taskId === taskId);
  const ignoreRules = task?.config.ignoreDownstreamTriggerRules !== false;
  return ignoreRules ? allDownstreamOf(spec, taskId) : directDownstreamOf(spec, taskId);
}
