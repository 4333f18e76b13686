/**
 * Writes a run's plan in one transaction: early states, expansions of mapped
 * tasks, ready instances moved to `scheduled`, and the run's final state.
 * Every write is compare-and-set on the state the plan saw, so a plan that
 * raced with a task finishing never overwrites what the task did.
 */
import type { DagRun, TaskInstanceKey } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import type { RunPlan } from './plan-run.js';

export interface AppliedPlan {
  /** Instances now `scheduled`, waiting for admission. */
  readonly scheduled: readonly TaskInstanceKey[];
  /** The run's state after the plan, when it finished with it. */
  readonly finished: 'success' | 'failed' | null;
  readonly changed: boolean;
}

export async function applyRunPlan(store: Store, run: DagRun, plan: RunPlan, now: Date): Promise<AppliedPlan> {
  return store.transaction(async (tx) => {
    let changed = false;
    for (const change of plan.changes) {
      const applied = await tx.taskInstances.update(
        change.key,
        { state: change.state, stateReason: change.reason, endDate: now },
        [null, 'scheduled', 'up_for_retry', 'up_for_reschedule'],
      );
      changed ||= applied;
    }
    for (const expansion of plan.expansions) {
      await tx.taskInstances.expandMapped({ dagId: run.dagId, runId: run.runId, taskId: expansion.taskId, mapIndex: -1 }, expansion.count);
      changed = true;
    }
    const scheduled = await tx.taskInstances.updateMany(plan.toSchedule, { state: 'scheduled', stateReason: null }, [null, 'up_for_retry', 'up_for_reschedule']);
    let finished: AppliedPlan['finished'] = null;
    const runState = plan.runState.state;
    if (runState !== 'running' && plan.changes.length === 0 && plan.expansions.length === 0) {
      if (await tx.dagRuns.updateState(run, 'running', runState, { endDate: now })) finished = runState;
    }
    return { scheduled, finished, changed: changed || scheduled.length > 0 };
  });
}
