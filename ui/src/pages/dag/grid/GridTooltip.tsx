/**
 * The grid's hover card: for a cell, the task, state, try, start and duration
 * (a mapped task or a group: how many instances are in each state); for a run
 * bar, the run's state, type, dates and duration.
 */
import type { UiGridRun } from '@updraft/client';
import { StateBadge, StateDot } from '../../../components/StateBadge';
import { stateLabel } from '../../../components/states';
import { formatDateTime, formatDuration } from '../../../components/Time';
import { runSeconds, tiSeconds, type GridCells, type GridRow } from './grid-model';

export interface HoverTarget {
  readonly c: number;
  /** null: the run's bar. */
  readonly r: number | null;
  readonly rect: DOMRect;
}

function when(iso: string | null | undefined): string {
  return iso ? formatDateTime(new Date(iso)) : '—';
}

function Counts({ counts }: { readonly counts: Readonly<Record<string, number>> }) {
  return (
    <ul className="tip-counts">
      {Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([state, n]) => (
          <li key={state}>
            <StateDot state={state === 'none' ? null : state} size="sm" /> {n} {stateLabel(state === 'none' ? null : state).toLowerCase()}
          </li>
        ))}
    </ul>
  );
}

export function GridTooltip({ hover, rows, runs, cells, now }: { readonly hover: HoverTarget; readonly rows: readonly GridRow[]; readonly runs: readonly UiGridRun[]; readonly cells: GridCells; readonly now: number }) {
  const run = runs[hover.c];
  if (!run) return null;
  const row = hover.r === null ? null : rows[hover.r];
  const style = { left: Math.min(hover.rect.right + 8, window.innerWidth - 300), top: Math.min(hover.rect.top, window.innerHeight - 220) };
  if (!row) {
    return (
      <div className="grid-tip" style={style} role="tooltip" data-testid="grid-tooltip">
        <div className="tip-title mono">{run.dag_run_id}</div>
        <StateBadge state={run.state} />
        <dl>
          <dt>Type</dt>
          <dd>{run.run_type}</dd>
          {run.logical_date && (
            <>
              <dt>Logical date</dt>
              <dd>{when(run.logical_date)}</dd>
            </>
          )}
          <dt>Started</dt>
          <dd>{when(run.start_date)}</dd>
          <dt>Duration</dt>
          <dd>{run.start_date ? formatDuration(runSeconds(run, now)) : '—'}</dd>
          {run.dag_version_number !== null && (
            <>
              <dt>DAG version</dt>
              <dd>v{run.dag_version_number}</dd>
            </>
          )}
        </dl>
        {run.note && <div className="tip-note">{run.note}</div>}
      </div>
    );
  }
  const cell = cells.cell(run.dag_run_id, row);
  if (!cell) return null;
  const ti = cell.ti;
  const seconds = ti ? tiSeconds(ti, now) : null;
  return (
    <div className="grid-tip" style={style} role="tooltip" data-testid="grid-tooltip">
      <div className="tip-title mono">{row.kind === 'group' ? `${row.id} (group)` : row.id}</div>
      <StateBadge state={cell.state} />
      {ti && (
        <dl>
          {ti.map_count !== null && (
            <>
              <dt>Mapped</dt>
              <dd>{ti.map_count === 0 ? 'not expanded yet' : `${ti.map_count} instances`}</dd>
            </>
          )}
          <dt>Try</dt>
          <dd>{ti.try_number || '—'}</dd>
          <dt>Started</dt>
          <dd>{when(ti.start_date)}</dd>
          <dt>Duration</dt>
          <dd>{seconds === null ? '—' : formatDuration(seconds)}</dd>
        </dl>
      )}
      {cell.counts && (ti?.map_count !== null || !ti) && <Counts counts={cell.counts} />}
      <div className="tip-run faint mono">{run.dag_run_id}</div>
    </div>
  );
}
