/**
 * The runs a scheduler plans on its next tick, each with its focus: the tasks
 * that ended since (a partial plan, see plan-focus.ts), or null for a full plan.
 *
 * With several schedulers on one database, a tick plans only the dirty runs it
 * could row-lock (`store.locks.dagRunsSkipLocked`): a run another scheduler is
 * planning this moment stays dirty here, focus and all, and is tried again
 * shortly. A tick that fails puts back what it took, so a finished task's
 * downstream is never forgotten.
 */
import { runKey } from '../core/admission.js';
import type { DagRunKey, Store } from '../store/store.js';

export interface DirtyRun extends DagRunKey {
  /** Tasks that ended since the last plan; null: plan the whole run. */
  readonly finished: Set<string> | null;
}

export class DirtyRuns {
  private readonly runs = new Map<string, DirtyRun>();

  /** Runs left dirty by the last `take` because another scheduler held them. */
  heldElsewhere = 0;

  /** The run needs a full plan. */
  markFull(run: DagRunKey): void {
    this.runs.set(runKey(run.dagId, run.runId), { dagId: run.dagId, runId: run.runId, finished: null });
  }

  /** A task of the run ended: its downstream tasks need a look (a partial plan, unless a full one is due anyway). */
  markTaskEnded(run: DagRunKey, taskId: string): void {
    this.merge({ dagId: run.dagId, runId: run.runId, finished: new Set([taskId]) });
  }

  /**
   * Takes the dirty runs this tick may plan: those it row-locked until its transaction ends.
   * Runs held by another scheduler stay dirty; runs gone or no longer running are dropped.
   */
  async take(tx: Store): Promise<DirtyRun[]> {
    const all = [...this.runs.values()];
    this.heldElsewhere = 0;
    if (all.length === 0) return [];
    const locked = new Set((await tx.locks.dagRunsSkipLocked(all)).map((k) => runKey(k.dagId, k.runId)));
    const taken = all.filter((run) => locked.has(runKey(run.dagId, run.runId)));
    for (const run of taken) this.runs.delete(runKey(run.dagId, run.runId));
    if (taken.length === all.length) return taken;
    // Not locked: another scheduler holds the run, or it is gone (a plain read does not wait on locks).
    const left = all.filter((run) => !locked.has(runKey(run.dagId, run.runId)));
    const running = new Set((await tx.dagRuns.getMany(left)).filter((r) => r.state === 'running').map((r) => runKey(r.dagId, r.runId)));
    for (const run of left) {
      if (!running.has(runKey(run.dagId, run.runId))) this.runs.delete(runKey(run.dagId, run.runId));
    }
    this.heldElsewhere = this.runs.size;
    return taken;
  }

  /** Puts back the runs a failed tick took (its plans were rolled back), merged with those marked since. */
  restore(runs: readonly DirtyRun[]): void {
    for (const run of runs) this.merge(run);
  }

  private merge(run: DirtyRun): void {
    const key = runKey(run.dagId, run.runId);
    const current = this.runs.get(key);
    if (current === undefined) this.runs.set(key, { ...run, finished: run.finished === null ? null : new Set(run.finished) });
    else if (run.finished === null) this.runs.set(key, { ...current, finished: null });
    else for (const taskId of run.finished) current.finished?.add(taskId);
  }
}
