/**
 * One run's task instances folded per task (a mapped task's map indexes into
 * one state with counts) and per group (a collapsed group shows its members'
 * most telling state), with Airflow's state priority: failed first, then
 * retries, waiting and running states, then done ones.
 */
import type { UiTimelineTaskInstance } from '@updraft/client';
import { STATE_PRIORITY as SERVER_STATE_PRIORITY } from '@updraft/grid-state';

/** The grid's and the graph's order: the server's own list (src/core, pure), so the two cannot drift. */
export const STATE_PRIORITY: readonly (string | null)[] = SERVER_STATE_PRIORITY;

/** The most telling of `states` (null: none has a state yet). */
export function foldStates(states: Iterable<string | null>): string | null {
  let best = STATE_PRIORITY.length;
  for (const s of states) {
    const rank = STATE_PRIORITY.indexOf(s);
    if (rank >= 0 && rank < best) best = rank;
  }
  return best < STATE_PRIORITY.length ? (STATE_PRIORITY[best] ?? null) : null;
}

export interface TaskSummary {
  readonly state: string | null;
  /** Per state (`none` for no state yet), over the task's instances. */
  readonly counts: Readonly<Record<string, number>>;
  /** Mapped tasks: instances after the expansion (0 before it); null otherwise. */
  readonly mapCount: number | null;
  readonly tryNumber: number;
  readonly maxTries: number;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

export function summarizeTasks(tis: readonly UiTimelineTaskInstance[]): Map<string, TaskSummary> {
  const byTask = new Map<string, UiTimelineTaskInstance[]>();
  for (const ti of tis) {
    const list = byTask.get(ti.task_id);
    if (list) list.push(ti);
    else byTask.set(ti.task_id, [ti]);
  }
  const out = new Map<string, TaskSummary>();
  for (const [taskId, list] of byTask) {
    const expanded = list.filter((ti) => ti.map_index >= 0);
    const counted = expanded.length > 0 ? expanded : list;
    const counts: Record<string, number> = {};
    let start: string | null = null;
    let end: string | null = null;
    let open = false;
    for (const ti of counted) {
      const key = ti.state ?? 'none';
      counts[key] = (counts[key] ?? 0) + 1;
      if (ti.start_date && (!start || ti.start_date < start)) start = ti.start_date;
      if (!ti.end_date) open = true;
      else if (!end || ti.end_date > end) end = ti.end_date;
    }
    out.set(taskId, {
      state: foldStates(counted.map((ti) => ti.state)),
      counts,
      mapCount: expanded.length > 0 || list.some((ti) => ti.map_index >= 0) ? expanded.length : null,
      tryNumber: Math.max(0, ...counted.map((ti) => ti.try_number)),
      maxTries: Math.max(0, ...counted.map((ti) => ti.max_tries)),
      startDate: start,
      endDate: open ? null : end,
    });
  }
  return out;
}

/** Counts per state over several tasks (a collapsed group's members), `none` for tasks without an instance. */
export function countStates(taskIds: readonly string[], summaries: ReadonlyMap<string, TaskSummary>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of taskIds) {
    const s = summaries.get(id);
    const key = s?.state ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** `{success: 3, failed: 1}` as "3 success, 1 failed", most telling first. */
export function describeCounts(counts: Readonly<Record<string, number>>, label: (state: string) => string): string {
  const keys = Object.keys(counts).sort((a, b) => STATE_PRIORITY.indexOf(a === 'none' ? null : a) - STATE_PRIORITY.indexOf(b === 'none' ? null : b));
  return keys.map((k) => `${counts[k]} ${label(k).toLowerCase()}`).join(', ');
}
