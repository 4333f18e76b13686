/** Turns what branch and short-circuit code returned into the tasks to skip. */
import type { DagSpec } from '../core/dag-spec.js';
import { branchDecision, shortCircuitSkips, type BranchDecision } from '../core/skip-decisions.js';
import { TaskRef } from '../sdk/refs.js';

export function skipsForBranch(spec: DagSpec, taskId: string, choice: unknown): BranchDecision {
  const items = choice === null || choice === undefined ? [] : Array.isArray(choice) ? choice : [choice];
  const ids: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') ids.push(item);
    else if (item instanceof TaskRef) ids.push(item.taskId);
    else {
      return { ok: false, message: `branch '${taskId}' returned ${JSON.stringify(item)}: return task ids, task handles, a list of them, or null` };
    }
  }
  return branchDecision(spec, taskId, ids);
}

export const skipsForShortCircuit = shortCircuitSkips;
