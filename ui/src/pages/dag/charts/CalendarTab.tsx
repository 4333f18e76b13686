/**
 * A year of daily outcomes, like Airflow's calendar view: one square per day
 * (weeks as columns, Monday on top), green when every run succeeded, red when
 * every run failed, split when the day had both, outlined while runs are still
 * going; run counts in the tooltip. Days are in the DAG's time zone; the year
 * is in the URL (`?year=`).
 */
import type { UiCalendarDay } from '@updraft/client';
import { useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadingBlock, Spinner } from '../../../components/Loading';
import { stateLabel } from '../../../components/states';
import { useQueryParams } from '../../../router/query';
import type { TabProps } from '../tab-props';
import { useElementWidth } from './useElementWidth';
import './charts.css';

const GAP = 3;
/** Day squares grow with the frame (53 weeks across), within readable bounds. */
const cellFor = (width: number) => Math.max(11, Math.min(20, Math.floor((width - 60) / 53) - GAP));
const LEFT = 34;
const TOP = 22;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', ''];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Outcome = 'success' | 'failed' | 'mixed' | 'active' | 'other' | 'none';

function outcome(day: UiCalendarDay | undefined): Outcome {
  if (!day || day.total === 0) return 'none';
  const c = day.counts;
  const ok = c.success ?? 0;
  const bad = c.failed ?? 0;
  if (ok > 0 && bad > 0) return 'mixed';
  if (bad > 0) return 'failed';
  if (ok > 0) return 'success';
  if ((c.running ?? 0) + (c.queued ?? 0) > 0) return 'active';
  return 'other';
}

function describe(date: string, day: UiCalendarDay | undefined): string {
  const when = new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  if (!day) return `${when}: no runs`;
  const parts = Object.entries(day.counts).map(([s, n]) => `${n} ${stateLabel(s).toLowerCase()}`);
  return `${when}: ${day.total} run${day.total === 1 ? '' : 's'} (${parts.join(', ')})`;
}

export default function CalendarTab({ dagId }: TabProps) {
  const query = useQueryParams();
  const yearParam = Number(query.get('year'));
  const year = Number.isInteger(yearParam) && yearParam > 0 ? yearParam : undefined;
  const cal = useApi((signal) => api.ui.calendar(dagId, year, signal), [dagId, year], { poll: 30_000 });
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const [frameRef, frameWidth] = useElementWidth<HTMLDivElement>(1000);
  const cell = cellFor(frameWidth);

  const grid = useMemo(() => {
    if (!cal.data) return null;
    const byDate = new Map(cal.data.days.map((d) => [d.date, d]));
    const y = cal.data.year;
    const jan1 = Date.UTC(y, 0, 1);
    const days = Math.round((Date.UTC(y + 1, 0, 1) - jan1) / DAY_MS);
    const firstWeekday = (new Date(jan1).getUTCDay() + 6) % 7; // Monday = 0
    const cells = Array.from({ length: days }, (_, i) => {
      const t = jan1 + i * DAY_MS;
      const date = new Date(t).toISOString().slice(0, 10);
      const slot = firstWeekday + i;
      return { date, week: Math.floor(slot / 7), weekday: slot % 7, day: byDate.get(date), month: new Date(t).getUTCMonth(), dom: new Date(t).getUTCDate() };
    });
    const weeks = Math.max(...cells.map((c) => c.week)) + 1;
    return { cells, weeks };
  }, [cal.data]);

  if (cal.error !== undefined && !cal.data) return <ErrorBanner error={cal.error} what="the calendar" onRetry={() => void cal.reload()} />;
  if (!cal.data || !grid) return <LoadingBlock label="Loading the calendar…" />;

  const data = cal.data;
  const totals = data.days.reduce(
    (acc, d) => {
      acc.runs += d.total;
      acc.success += d.counts.success ?? 0;
      acc.failed += d.counts.failed ?? 0;
      if ((d.counts.failed ?? 0) > 0) acc.failedDays += 1;
      return acc;
    },
    { runs: 0, success: 0, failed: 0, failedDays: 0 },
  );
  const width = LEFT + grid.weeks * (cell + GAP);
  const height = TOP + 7 * (cell + GAP);
  const todayIso = new Date().toISOString().slice(0, 10);

  return (
    <div className="chart-tab" data-testid="calendar-tab">
      <div className="toolbar">
        <label className="field-inline">
          <span className="muted">Year</span>
          <select value={data.year} onChange={(e) => query.set({ year: e.target.value }, { push: true })} data-testid="calendar-year" aria-label="Year">
            {data.years.map((yy) => (
              <option key={yy} value={yy}>
                {yy}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          Days in <span className="mono">{data.timezone}</span> (the DAG's time zone), by logical date
        </span>
        <span className="toolbar-spacer" />
        <span className="chart-stats" data-testid="calendar-stats">
          <span>
            <strong className="num">{totals.runs}</strong> runs
          </span>
          <span>
            <strong className="num">{totals.success}</strong> succeeded
          </span>
          <span>
            <strong className="num">{totals.failed}</strong> failed on <strong className="num">{totals.failedDays}</strong> days
          </span>
        </span>
        {cal.loading && <Spinner label="Updating" />}
      </div>
      <div className="chart-frame calendar-frame" ref={frameRef}>
        <svg width={width} height={height} className="chart-svg calendar-svg" role="img" aria-label={`Runs of ${dagId} per day in ${data.year}`} data-testid="calendar-chart">
          {WEEKDAYS.map((w, i) =>
            w ? (
              <text key={w} className="chart-axis" x={LEFT - 6} y={TOP + i * (cell + GAP) + cell - 3} textAnchor="end">
                {w}
              </text>
            ) : null,
          )}
          {grid.cells
            .filter((c) => c.dom === 1)
            .map((c) => (
              <text key={c.month} className="chart-axis" x={LEFT + c.week * (cell + GAP)} y={TOP - 8}>
                {MONTHS[c.month]}
              </text>
            ))}
          {grid.cells.map((c) => {
            const o = outcome(c.day);
            const x = LEFT + c.week * (cell + GAP);
            const y = TOP + c.weekday * (cell + GAP);
            const text = describe(c.date, c.day);
            return (
              <g
                key={c.date}
                className={`cal-day cal-${o}${c.date === todayIso ? ' is-today' : ''}`}
                transform={`translate(${x},${y})`}
                data-date={c.date}
                data-outcome={o}
                data-total={c.day?.total ?? 0}
                role="img"
                aria-label={text}
                onMouseMove={(e) => setHover({ text, x: e.clientX, y: e.clientY })}
                onMouseLeave={() => setHover(null)}
              >
                <rect className="cal-cell" width={cell} height={cell} rx={3} />
                {o === 'mixed' && <path className="cal-split" d={`M${cell},0 L${cell},${cell - 3} Q${cell},${cell} ${cell - 3},${cell} L0,${cell} Z`} />}
                {((c.day?.counts.running ?? 0) + (c.day?.counts.queued ?? 0) > 0) && <rect className="cal-active-ring" x={0.75} y={0.75} width={cell - 1.5} height={cell - 1.5} rx={3} />}
              </g>
            );
          })}
        </svg>
        <div className="chart-legend">
          <span className="cal-swatch cal-none" /> no runs
          <span className="cal-swatch cal-success" /> all succeeded
          <span className="cal-swatch cal-mixed">
            <span />
          </span>{' '}
          some failed
          <span className="cal-swatch cal-failed" /> all failed
          <span className="cal-swatch cal-active" /> running
        </div>
        {data.days.length === 0 && (
          <p className="muted calendar-empty">
            No runs in {data.year}.{' '}
            {data.years.length > 1 ? 'Pick another year above, or trigger the DAG.' : 'Trigger the DAG or unpause it to schedule runs.'}
          </p>
        )}
      </div>
      {hover && (
        <div className="hover-card chart-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip" data-testid="calendar-tooltip">
          {hover.text}
        </div>
      )}
    </div>
  );
}
