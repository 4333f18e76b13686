/** A Gantt bar's details beside the pointer: state, try, queued wait, start, end, run time. */
import { StateBadge } from '../../../components/StateBadge';
import { formatDateTime, formatDuration } from '../../../components/Time';
import type { GanttRow } from './gantt-rows';

export function GanttTooltip({ row, x, y, now }: { row: GanttRow; x: number; y: number; now: number }) {
  const { ti } = row;
  const queuedFor = row.queued !== null ? ((row.start ?? now) - row.queued) / 1000 : null;
  const ranFor = row.start !== null ? ((row.end ?? now) - row.start) / 1000 : null;
  // Keep it on screen: flip to the left of the pointer near the right edge.
  const left = x + 340 > window.innerWidth ? x - 336 : x + 16;
  const top = Math.min(y + 14, window.innerHeight - 190);
  return (
    <div className="hover-card" style={{ left, top }} role="tooltip">
      <div className="hover-card-head">
        <strong className="mono">{row.label}</strong>
        <StateBadge state={ti.state} />
      </div>
      <dl>
        <dt>Operator</dt>
        <dd>{ti.operator}</dd>
        {ti.try_number > 0 && (
          <>
            <dt>Try</dt>
            <dd>
              {ti.try_number} of {Math.max(ti.max_tries, ti.try_number)}
            </dd>
          </>
        )}
        {row.queued !== null && (
          <>
            <dt>Queued</dt>
            <dd>
              {formatDateTime(new Date(row.queued))}
              {queuedFor !== null && ` (waited ${formatDuration(queuedFor)}${row.start === null ? ' so far' : ''})`}
            </dd>
          </>
        )}
        {row.start !== null && (
          <>
            <dt>Started</dt>
            <dd>{formatDateTime(new Date(row.start))}</dd>
          </>
        )}
        {row.end !== null && (
          <>
            <dt>Ended</dt>
            <dd>{formatDateTime(new Date(row.end))}</dd>
          </>
        )}
        {ranFor !== null && (
          <>
            <dt>Run time</dt>
            <dd>
              {formatDuration(ranFor)}
              {row.end === null && ' so far'}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
