/** The Gantt chart's rows: one per task instance, with its times as epoch ms, in the order the chart draws them. */
import type { UiTimelineTaskInstance } from '@updraft/client';

export interface GanttRow {
  readonly ti: UiTimelineTaskInstance;
  readonly label: string;
  /** ms since the epoch; null when not reached. */
  readonly queued: number | null;
  readonly start: number | null;
  readonly end: number | null;
}

/** An ISO time as epoch ms; null stays null. */
export const ms = (iso: string | null) => (iso ? new Date(iso).getTime() : null);

export function toRows(tis: readonly UiTimelineTaskInstance[]): GanttRow[] {
  const rows = tis.map((ti, order) => ({
    ti,
    order,
    label: ti.map_index >= 0 ? `${ti.task_id} [${ti.map_index}]` : ti.task_id,
    queued: ms(ti.queued_at),
    start: ms(ti.start_date),
    end: ms(ti.end_date),
  }));
  // By start; not started yet at the end, queued ones first, then in the DAG's order.
  const key = (r: (typeof rows)[number]) => r.start ?? (r.queued !== null ? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER);
  rows.sort((a, b) => key(a) - key(b) || (a.queued ?? 0) - (b.queued ?? 0) || a.order - b.order || a.ti.map_index - b.ti.map_index);
  return rows;
}
