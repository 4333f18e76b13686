/**
 * Clearing task instances (Airflow's `tasks clear` and `clearTaskInstances`):
 * the selected instances get fresh tries. A finished one goes back to no state
 * with `retries` more retries; a running one becomes `restarting`, its process
 * is stopped by the scheduler and it runs again at once. Runs that had ended
 * are queued again so the scheduler picks them up.
 */
import { clearDagRun } from '../core/dag-run-state.js';
import type { DagSpec } from '../core/dag-spec.js';
import type { TaskInstance } from '../core/run-model.js';
import { allDownstreamOf, allUpstreamOf } from '../core/graph.js';
import { clearTaskInstance } from '../core/ti-state-machine.js';
import type { Store } from '../store/store.js';
import { requireDag } from './dag-lookup.js';

export interface ClearSelection {
  readonly dagId: string;
  /** Task ids, or regular expressions over task ids (Airflow's `-t`); all tasks when empty. */
  readonly taskPatterns?: readonly string[];
  readonly runId?: string;
  /** Logical-date bounds of the runs to clear (inclusive). */
  readonly startDate?: Date;
  readonly endDate?: Date;
  readonly upstream?: boolean;
  readonly downstream?: boolean;
  readonly onlyFailed?: boolean;
  readonly onlyRunning?: boolean;
  /** Report what would be cleared, change nothing. */
  readonly dryRun?: boolean;
}

export async function clearTaskInstances(store: Store, selection: ClearSelection, now: Date): Promise<TaskInstance[]> {
  await requireDag(store, selection.dagId);
  const runs = (
    await store.dagRuns.list({
      dagId: selection.dagId,
      ...(selection.startDate ? { logicalDateGte: selection.startDate } : {}),
      ...(selection.endDate ? { logicalDateLte: selection.endDate } : {}),
    })
  ).items.filter((run) => selection.runId === undefined || run.runId === selection.runId);

  const selected: { ti: TaskInstance; retries: number | null }[] = [];
  for (const run of runs) {
    const version = await store.dags.getVersion(run.dagVersionId);
    const spec = version?.spec;
    const taskIds = spec ? selectTaskIds(spec, selection) : null;
    for (const ti of (await store.taskInstances.list({ dagId: run.dagId, runId: run.runId })).items) {
      if (taskIds !== null && !taskIds.has(ti.taskId)) continue;
      if (selection.onlyFailed && ti.state !== 'failed' && ti.state !== 'upstream_failed') continue;
      if (selection.onlyRunning && ti.state !== 'running') continue;
      const task = spec?.tasks.find((t) => t.taskId === ti.taskId);
      selected.push({ ti, retries: task ? task.retries : null });
    }
  }
  if (selection.dryRun || selected.length === 0) return selected.map((s) => s.ti);

  await store.transaction(async (tx) => {
    const touchedRuns = new Set<string>();
    for (const { ti, retries } of selected) {
      const cleared = clearTaskInstance(ti, retries);
      await tx.taskInstances.update(ti, {
        state: cleared.state,
        maxTries: cleared.maxTries,
        nextRetryAt: null,
        // A sensor's wait (reschedule or trigger) belongs to the try being cleared.
        waitState: null,
        stateReason: cleared.state === 'restarting' ? 'cleared while running: restarting' : null,
        ...(cleared.state === null ? { endDate: null, durationMs: null, queuedAt: null } : {}),
      });
      if (cleared.state === null) await tx.xcom.deleteForTi(ti);
      touchedRuns.add(ti.runId);
    }
    for (const run of runs.filter((r) => touchedRuns.has(r.runId))) {
      const next = clearDagRun(run, now);
      await tx.dagRuns.update(run, {
        state: next.state,
        clearNumber: next.clearNumber,
        queuedAt: next.queuedAt,
        ...(next.state === 'queued' ? { startDate: null, endDate: null } : {}),
      });
    }
  });
  return selected.map((s) => s.ti);
}

function selectTaskIds(spec: DagSpec, selection: ClearSelection): Set<string> | null {
  const patterns = selection.taskPatterns ?? [];
  if (patterns.length === 0 && !selection.upstream && !selection.downstream) return null;
  const matchers = patterns.map((p) => {
    try {
      return new RegExp(`^(?:${p})$`);
    } catch {
      throw new Error(`task pattern '${p}' is not a valid regular expression`);
    }
  });
  const roots = spec.tasks.map((t) => t.taskId).filter((id) => matchers.length === 0 || matchers.some((m) => m.test(id)));
  const ids = new Set(roots);
  for (const root of roots) {
    if (selection.downstream) for (const id of allDownstreamOf(spec, root)) ids.add(id);
    if (selection.upstream) for (const id of allUpstreamOf(spec, root)) ids.add(id);
  }
  return ids;
}
