/**
 * Run durations across the last N runs (25 to 365, `?n=`): one bar per run,
 * oldest on the left, its queued wait stacked under its run time, coloured by
 * the run's state, with the median run time as a line and the spread in
 * numbers. Click a bar to select that run (`?run=`) for the other tabs.
 */
import type { DagRun } from '@updraft/client';
import { useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadingBlock, Spinner } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';
import { stateColor } from '../../../components/states';
import { formatDateTime, formatDuration, useNow } from '../../../components/Time';
import { useQueryParams } from '../../../router/query';
import type { TabProps } from '../tab-props';
import { durationTicks, median, percentile, shortDuration } from './scales';
import { useElementWidth } from './useElementWidth';
import './charts.css';

const CHOICES = [25, 50, 100, 200, 365] as const;
const PAGE = 100;
const HEIGHT = 300;
const M = { top: 16, right: 16, bottom: 44, left: 56 } as const;

interface Bar {
  readonly run: DagRun;
  readonly queued: number;
  readonly ran: number;
  readonly running: boolean;
}

/** The last `n` runs, newest first, in pages of 100 fetched together. */
async function lastRuns(dagId: string, n: number): Promise<DagRun[]> {
  const pages = await Promise.all(
    Array.from({ length: Math.ceil(n / PAGE) }, (_, i) => api.dagRuns.list(dagId, { limit: Math.min(PAGE, n - i * PAGE), offset: i * PAGE, order_by: '-run_after' })),
  );
  return pages.flatMap((p) => p.dag_runs);
}

export default function DurationsTab({ dagId, runId }: TabProps) {
  const query = useQueryParams();
  const requested = Number(query.get('n'));
  const n = (CHOICES as readonly number[]).includes(requested) ? requested : 50;
  const runs = useApi(() => lastRuns(dagId, n), [dagId, n], { poll: 10_000 });
  const anyRunning = runs.data?.some((r) => r.state === 'running' || r.state === 'queued') ?? false;
  const now = useNow(anyRunning ? 1000 : 60_000);
  const [ref, width] = useElementWidth<HTMLDivElement>(900);
  const [hover, setHover] = useState<{ bar: Bar; x: number; y: number } | null>(null);

  const bars = useMemo<Bar[]>(() => {
    const list = [...(runs.data ?? [])].reverse();
    return list.map((run) => {
      const queuedAt = run.queued_at ? new Date(run.queued_at).getTime() : null;
      const start = run.start_date ? new Date(run.start_date).getTime() : null;
      const end = run.end_date ? new Date(run.end_date).getTime() : null;
      const running = start !== null && end === null;
      return {
        run,
        queued: queuedAt !== null ? Math.max(0, ((start ?? (run.state === 'queued' ? now : queuedAt)) - queuedAt) / 1000) : 0,
        ran: start !== null ? Math.max(0, ((end ?? now) - start) / 1000) : 0,
        running,
      };
    });
  }, [runs.data, now]);

  const finished = bars.filter((b) => b.run.end_date && b.run.start_date).map((b) => b.ran);
  const med = median(finished);
  const p90 = percentile(finished, 90);

  if (runs.error !== undefined && !runs.data) return <ErrorBanner error={runs.error} what="the runs" onRetry={() => void runs.reload()} />;

  const picker = (
    <span className="segmented" role="group" aria-label="How many runs">
      {CHOICES.map((c) => (
        <button key={c} type="button" aria-pressed={c === n} onClick={() => query.set({ n: c === 50 ? null : c })}>
          {c}
        </button>
      ))}
    </span>
  );

  const max = Math.max(1, ...bars.map((b) => b.queued + b.ran));
  const ticks = durationTicks(max, 5);
  const top = ticks[ticks.length - 1] ?? max;
  const plotW = Math.max(100, width - M.left - M.right);
  const plotH = HEIGHT - M.top - M.bottom;
  const slot = bars.length > 0 ? plotW / bars.length : plotW;
  const barW = Math.max(1, Math.min(36, slot * 0.72));
  const y = (s: number) => M.top + plotH - (s / top) * plotH;
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(plotW / 90))));
  const dateFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  const select = (b: Bar) => query.set({ run: b.run.dag_run_id }, { push: true });

  return (
    <div className="chart-tab" data-testid="durations-tab">
      <div className="toolbar">
        <span className="muted">Last</span>
        {picker}
        <span className="muted">runs</span>
        <span className="toolbar-spacer" />
        {finished.length > 0 && (
          <span className="chart-stats" data-testid="duration-stats">
            <span>
              median <strong className="num">{formatDuration(med ?? 0)}</strong>
            </span>
            <span>
              p90 <strong className="num">{formatDuration(p90 ?? 0)}</strong>
            </span>
            <span>
              longest <strong className="num">{formatDuration(Math.max(...finished))}</strong>
            </span>
            <span>
              failed <strong className="num">{bars.filter((b) => b.run.state === 'failed').length}</strong> of {bars.length}
            </span>
          </span>
        )}
        {runs.loading && runs.data && <Spinner label="Updating" />}
      </div>
      {runs.error !== undefined && <ErrorBanner error={runs.error} what="the latest runs (showing the last known)" onRetry={() => void runs.reload()} />}
      {!runs.data ? (
        <LoadingBlock label="Loading runs…" />
      ) : bars.length === 0 ? (
        <EmptyState title="No runs yet" icon="clock">
          Trigger <span className="mono">{dagId}</span> or unpause it; each run's duration shows here.
        </EmptyState>
      ) : (
        <div className="chart-frame" ref={ref}>
          <svg width={width} height={HEIGHT} className="chart-svg" role="img" aria-label={`Durations of the last ${bars.length} runs`} data-testid="durations-chart">
            {ticks.map((t) => (
              <g key={t}>
                <line className="chart-grid" x1={M.left} x2={M.left + plotW} y1={y(t)} y2={y(t)} />
                <text className="chart-axis" x={M.left - 8} y={y(t) + 4} textAnchor="end">
                  {shortDuration(t)}
                </text>
              </g>
            ))}
            {bars.map((b, i) => {
              const cx = M.left + slot * i + slot / 2;
              const x0 = cx - barW / 2;
              const selected = b.run.dag_run_id === runId;
              return (
                <g
                  key={b.run.dag_run_id}
                  className={`chart-bar${selected ? ' is-selected' : ''}`}
                  role="button"
                  tabIndex={0}
                  aria-label={`Run ${b.run.dag_run_id}: ${b.run.state}, ${formatDuration(b.ran)}`}
                  data-run-id={b.run.dag_run_id}
                  data-state={b.run.state}
                  onClick={() => select(b)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      select(b);
                    }
                  }}
                  onMouseMove={(e) => setHover({ bar: b, x: e.clientX, y: e.clientY })}
                  onMouseLeave={() => setHover(null)}
                >
                  <rect className="chart-hit" x={M.left + slot * i} y={M.top} width={slot} height={plotH} />
                  {b.queued > 0 && <rect className="chart-queued" x={x0} y={y(b.queued)} width={barW} height={Math.max(1, plotH + M.top - y(b.queued))} />}
                  <rect
                    className={`chart-run${b.running ? ' is-running' : ''}`}
                    x={x0}
                    y={y(b.queued + b.ran)}
                    width={barW}
                    height={Math.max(b.ran > 0 ? 1 : 0, y(b.queued) - y(b.queued + b.ran))}
                    style={{ fill: stateColor(b.run.state) }}
                  />
                  {i % labelEvery === 0 && (
                    <text className="chart-axis" x={cx} y={HEIGHT - M.bottom + 16} textAnchor="middle">
                      {dateFmt.format(new Date(b.run.logical_date ?? b.run.run_after))}
                    </text>
                  )}
                </g>
              );
            })}
            {med !== null && (
              <g className="chart-median" data-testid="median-line">
                <line x1={M.left} x2={M.left + plotW} y1={y(med)} y2={y(med)} />
                <text x={M.left + plotW} y={y(med) - 5} textAnchor="end">
                  median {formatDuration(med)}
                </text>
              </g>
            )}
            <line className="chart-baseline" x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} />
            <text className="chart-axis-title" x={M.left} y={HEIGHT - 8}>
              oldest → newest (logical date)
            </text>
          </svg>
          <div className="chart-legend">
            <span className="chart-legend-queued" /> queued (waiting to start)
            <span className="chart-legend-run" /> run time, coloured by the run's state
            <span className="chart-legend-median" /> median run time
            <span className="faint">· Click a bar to select that run.</span>
          </div>
        </div>
      )}
      {hover && <DurationTooltip bar={hover.bar} x={hover.x} y={hover.y} />}
    </div>
  );
}

function DurationTooltip({ bar, x, y }: { bar: Bar; x: number; y: number }) {
  const { run } = bar;
  const left = x + 320 > window.innerWidth ? x - 316 : x + 14;
  return (
    <div className="hover-card chart-tooltip" style={{ left, top: y + 14 }} role="tooltip">
      <div className="hover-card-head">
        <strong className="mono">{run.dag_run_id}</strong>
        <StateBadge state={run.state} />
      </div>
      <dl>
        <dt>Logical date</dt>
        <dd>{formatDateTime(new Date(run.logical_date ?? run.run_after))}</dd>
        <dt>Type</dt>
        <dd>{run.run_type}</dd>
        <dt>Queued</dt>
        <dd>{formatDuration(bar.queued)}</dd>
        <dt>Run time</dt>
        <dd>
          {run.start_date ? formatDuration(bar.ran) : 'not started'}
          {bar.running && ' so far'}
        </dd>
        <dt>Total</dt>
        <dd>{formatDuration(bar.queued + bar.ran)}</dd>
      </dl>
    </div>
  );
}
