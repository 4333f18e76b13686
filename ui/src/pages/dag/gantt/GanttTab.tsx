/**
 * The Gantt chart of a run (the selected one, else the latest): one bar per
 * task instance (a mapped task's instances each their own), sorted by start,
 * its queued wait in grey before its run in the state's colour, on a clock
 * axis; live while the run goes on (running bars grow with a "now" line).
 * Rows are windowed, so thousands of instances scroll smoothly. Click (or
 * Enter on) a bar for its task instance.
 */
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadingBlock } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';
import { stateColor } from '../../../components/states';
import { Duration, useNow } from '../../../components/Time';
import { navigate } from '../../../router/history';
import { paths } from '../../../router/paths';
import { formatTick, timeTicks } from '../charts/scales';
import { useElementWidth } from '../charts/useElementWidth';
import { ACTIVE_RUN_STATES, useRunTimeline } from '../graph/useRunTimeline';
import type { TabProps } from '../tab-props';
import { ms, toRows, type GanttRow } from './gantt-rows';
import { GanttTooltip } from './GanttTooltip';
import './gantt.css';

const ROW_H = 28;
const LABEL_W = 280;
const OVERSCAN = 12;

export default function GanttTab({ dagId, runId }: TabProps) {
  const timeline = useRunTimeline(dagId, runId);
  const run = timeline.data?.dag_run ?? null;
  const active = run ? ACTIVE_RUN_STATES.includes(run.state) : false;
  const now = useNow(active ? 1000 : 60_000);
  const rows = useMemo(() => toRows(timeline.data?.task_instances ?? []), [timeline.data]);
  const [trackRef, width] = useElementWidth<HTMLDivElement>(1000);
  const trackWidth = Math.max(200, width - LABEL_W);
  const [scrollTop, setScrollTop] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ row: GanttRow; x: number; y: number } | null>(null);

  const domain = useMemo(() => {
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const first = r.queued ?? r.start;
      if (first !== null) from = Math.min(from, first);
      const last = r.end ?? (r.start !== null ? now : null);
      if (last !== null) to = Math.max(to, last);
    }
    const runStart = ms(run?.start_date ?? null);
    if (runStart !== null) from = Math.min(from, runStart);
    const runEnd = ms(run?.end_date ?? null) ?? (active && Number.isFinite(from) ? now : null);
    if (runEnd !== null) to = Math.max(to, runEnd);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
    // A little room on the right, and never a zero-width axis.
    const span = Math.max(1000, to - from);
    return { from, to: from + span * 1.02 };
  }, [rows, run, active, now]);

  if (timeline.error !== undefined && !timeline.data) return <ErrorBanner error={timeline.error} what="the run's task instances" onRetry={() => void timeline.reload()} />;
  if (!timeline.data) return <LoadingBlock label="Loading the run…" />;
  if (!run) {
    return (
      <EmptyState title="No runs yet" icon="clock">
        Trigger <span className="mono">{dagId}</span> (the Trigger button above) and its Gantt chart shows here, live.
      </EmptyState>
    );
  }

  const x = (t: number) => (domain ? ((t - domain.from) / (domain.to - domain.from)) * trackWidth : 0);
  const axis = domain ? timeTicks(domain.from, domain.to, Math.max(3, Math.floor(trackWidth / 110))) : { ticks: [], step: 1000 };
  const viewH = bodyRef.current?.clientHeight ?? 600;
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewH) / ROW_H) + OVERSCAN);
  const open = (r: GanttRow) => navigate(paths.taskInstance(dagId, run.dag_run_id, r.ti.task_id, r.ti.map_index));
  const onKey = (e: KeyboardEvent<HTMLDivElement>, i: number, r: GanttRow) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(r);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = i + (e.key === 'ArrowDown' ? 1 : -1);
      if (next < 0 || next >= rows.length) return;
      const body = bodyRef.current;
      if (body) {
        if (next * ROW_H < body.scrollTop) body.scrollTop = next * ROW_H;
        else if ((next + 1) * ROW_H > body.scrollTop + body.clientHeight) body.scrollTop = (next + 1) * ROW_H - body.clientHeight;
      }
      requestAnimationFrame(() => body?.querySelector<HTMLElement>(`[data-row="${next}"]`)?.focus());
    }
  };
  const hoverAt = (e: MouseEvent, r: GanttRow) => setHover({ row: r, x: e.clientX, y: e.clientY });
  const started = rows.filter((r) => r.start !== null).length;

  return (
    <div className="gantt-tab" data-testid="gantt-tab">
      <div className="toolbar gantt-toolbar">
        <StateBadge state={run.state} />
        <span className="mono gantt-run-id" title={run.dag_run_id}>
          {run.dag_run_id}
        </span>
        {!runId && <span className="faint">(latest run)</span>}
        <span className="toolbar-spacer" />
        <span className="muted">
          {rows.length} task instances · {started} started ·{' '}
          {run.start_date ? (
            <>
              run time <Duration start={run.start_date} end={run.end_date} />
            </>
          ) : (
            'not started'
          )}
        </span>
        <span className="gantt-legend">
          <span className="gantt-legend-queued" /> queued
          <span className="gantt-legend-run" /> running → done
        </span>
      </div>
      {timeline.error !== undefined && <ErrorBanner error={timeline.error} what="the latest states (showing the last known)" onRetry={() => void timeline.reload()} />}
      <div className="gantt" ref={trackRef}>
        <div className="gantt-axis" aria-hidden="true">
          <div className="gantt-axis-label" style={{ width: LABEL_W }}>
            Task
          </div>
          <div className="gantt-axis-track" style={{ width: trackWidth }}>
            {axis.ticks.map((t) => (
              <span key={t} className="gantt-tick" style={{ left: x(t) }}>
                {formatTick(t, axis.step)}
              </span>
            ))}
          </div>
        </div>
        <div className="gantt-body" ref={bodyRef} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="gantt-body">
          <div className="gantt-canvas" style={{ height: rows.length * ROW_H }}>
            <div className="gantt-grid" style={{ left: LABEL_W, width: trackWidth }} aria-hidden="true">
              {axis.ticks.map((t) => (
                <span key={t} className="gantt-gridline" style={{ left: x(t) }} />
              ))}
              {active && domain && <span className="gantt-now" style={{ left: x(now) }} title="Now" />}
            </div>
            {rows.slice(first, last).map((r, k) => {
              const i = first + k;
              const color = r.ti.state ? stateColor(r.ti.state) : 'var(--border-strong)';
              const runEnd = r.end ?? (r.start !== null ? now : null);
              return (
                <div
                  key={`${r.ti.task_id}:${r.ti.map_index}`}
                  className="gantt-row"
                  style={{ top: i * ROW_H, height: ROW_H }}
                  role="button"
                  tabIndex={0}
                  data-row={i}
                  data-task-id={r.ti.task_id}
                  data-map-index={r.ti.map_index}
                  data-state={r.ti.state ?? 'none'}
                  aria-label={`${r.label}: ${r.ti.state ?? 'no status'}`}
                  onClick={() => open(r)}
                  onKeyDown={(e) => onKey(e, i, r)}
                  onMouseMove={(e) => hoverAt(e, r)}
                  onMouseLeave={() => setHover(null)}
                >
                  <span className="gantt-label mono" style={{ width: LABEL_W }} title={r.label}>
                    {r.label}
                  </span>
                  <span className="gantt-track" style={{ width: trackWidth }}>
                    {r.queued !== null && (r.start === null || r.start > r.queued) && (
                      <span className="gantt-queued" style={{ left: x(r.queued), width: Math.max(2, x(r.start ?? now) - x(r.queued)) }} />
                    )}
                    {r.start !== null && runEnd !== null && (
                      <span className={`gantt-bar${r.end === null ? ' is-running' : ''}`} style={{ left: x(r.start), width: Math.max(3, x(runEnd) - x(r.start)), background: color }} data-testid="gantt-bar">
                        {r.ti.try_number > 1 && <span className="gantt-try">try {r.ti.try_number}</span>}
                      </span>
                    )}
                    {r.start === null && r.queued === null && <span className="gantt-pending faint">{r.ti.state ? r.ti.state.replace(/_/g, ' ') : 'not started'}</span>}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        {rows.length === 0 && <p className="muted gantt-empty">This run has no task instances yet: the scheduler creates them when the run starts.</p>}
      </div>
      {hover && <GanttTooltip row={hover.row} x={hover.x} y={hover.y} now={now} />}
    </div>
  );
}
