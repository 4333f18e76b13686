/**
 * Advancing the dirty runs of a tick: plan each (only the downstream of the
 * tasks that ended when that is enough, see plan-focus.ts) and apply the plan
 * in the tick's transaction. The caller has row-locked the runs (dirty-runs.ts),
 * so no other scheduler plans them at the same time.
 */
import { runKey } from '../core/admission.js';
import type { DagSpec } from '../core/dag-spec.js';
import { MAX_ACTIVE_TASKS_DEP } from '../core/deps/max-active-tasks-dep.js';
import type { DagRun } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import { applyRunPlan } from './apply-run-plan.js';
import type { DagCatalog } from './dag-catalog.js';
import type { DirtyRun } from './dirty-runs.js';
import { focusAfter, type PlanFocus } from './plan-focus.js';
import { planRun, type Waiting } from './plan-run.js';
import type { PoolSnapshots } from './pool-snapshots.js';
import { loadRunSnapshot } from './run-snapshot.js';

/**
 * States from which an instance moves on without a plan (admission, the executor, a due
 * retry's own re-plan): while a run has one, it is neither over nor stuck.
 */
const PROGRESSING_STATES = ['scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule', 'restarting', 'deferred'] as const;

/** Waiting only because the run is at maxActiveTasks: ready again once a task of the run ends. */
const isHeldBack = (waiting: Waiting): boolean => waiting.unmet.some((u) => u.name === MAX_ACTIVE_TASKS_DEP);

export interface EndedRun {
  readonly run: DagRun;
  readonly state: 'success' | 'failed';
  readonly reason: string;
}

export class RunAdvancer {
  /** Runs whose last plan held instances back at maxActiveTasks: only a full plan looks at them again. */
  private readonly heldBack = new Set<string>();

  constructor(private readonly catalog: DagCatalog) {}

  /** Plans and applies each run still running; returns those that ended. */
  async advance(tx: Store, runs: readonly DirtyRun[], now: Date, pools: PoolSnapshots): Promise<EndedRun[]> {
    const ended: EndedRun[] = [];
    for (const key of runs) {
      const run = await tx.dagRuns.get(key);
      if (!run || run.state !== 'running') continue;
      const end = await this.advanceRun(tx, run, now, pools, key.finished);
      if (end !== null) ended.push(end);
    }
    return ended;
  }

  private async advanceRun(tx: Store, run: DagRun, now: Date, pools: PoolSnapshots, finished: ReadonlySet<string> | null): Promise<EndedRun | null> {
    const { spec } = await this.catalog.version(tx, run.dagVersionId);
    const key = runKey(run.dagId, run.runId);
    const focus = finished !== null && !this.heldBack.has(key) ? focusAfter(spec, finished) : null;
    if (focus !== null && (await this.advanceFocused(tx, spec, run, now, pools, focus))) return null;
    // A plan that expanded mapped tasks needs another look at the new instances.
    for (let round = 0; round < 10; round += 1) {
      const plan = planRun(await loadRunSnapshot(tx, spec, run, now, pools));
      if (plan.waiting.some(isHeldBack)) this.heldBack.add(key);
      else this.heldBack.delete(key);
      const applied = await applyRunPlan(tx, run, plan, now);
      if (applied.finished) {
        this.heldBack.delete(key);
        return { run, state: applied.finished, reason: plan.runState.reason };
      }
      if (plan.expansions.length === 0 && plan.changes.length === 0) return null;
    }
    return null;
  }

  /**
   * Plans only the downstream tasks of those that ended. True when that was enough; false
   * when only a full plan can tell what happens next: an early state (upstream_failed)
   * that may cascade further, or nothing left to wait for (the run is over, or stuck).
   */
  private async advanceFocused(tx: Store, spec: DagSpec, run: DagRun, now: Date, pools: PoolSnapshots, focus: PlanFocus): Promise<boolean> {
    if (focus.focus.size > 0) {
      const plan = planRun(await loadRunSnapshot(tx, spec, run, now, pools, focus));
      await applyRunPlan(tx, run, plan, now);
      if (plan.changes.length > 0) return false;
      if (plan.waiting.some(isHeldBack)) this.heldBack.add(runKey(run.dagId, run.runId));
      if (plan.toSchedule.length > 0) return true;
    }
    return tx.taskInstances.anyInStates(run, PROGRESSING_STATES);
  }
}
