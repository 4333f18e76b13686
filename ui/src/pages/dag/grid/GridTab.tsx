/**
 * The Grid tab: the latest runs of the DAG × its tasks, live (polled; an
 * unchanged answer is a 304 and no re-render). Filters and paging in the URL
 * (?limit=&run_type=&state=&offset=); groups fold (remembered per DAG in this
 * browser); arrow keys move the selection from cell to cell. After each new
 * answer is painted, the grid carries `data-render-ms`: the time from the
 * data's arrival to its paint (the benchmark reads it).
 */
import type { UiGridQuery, UiGridRun } from '@updraft/client';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock } from '../../../components/Loading';
import { StateDot } from '../../../components/StateBadge';
import { navigate, useLocation } from '../../../router/history';
import { paths } from '../../../router/paths';
import { useQueryParams } from '../../../router/query';
import { keepGridView, parseDagView } from '../dag-view';
import type { TabProps } from '../tab-props';
import { buildRows, GridCells, type GridRow } from './grid-model';
import { GridView, type GridViewHandle } from './GridView';

const LIMITS = [10, 25, 50, 100, 365] as const;
const DEFAULT_LIMIT = 25;
const ACTIVE_POLL_MS = 2500;
const IDLE_POLL_MS = 8000;
const RUN_TYPES = ['scheduled', 'manual', 'backfill', 'asset_triggered'] as const;
const RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
const LEGEND = ['success', 'failed', 'running', 'queued', 'scheduled', 'up_for_retry', 'upstream_failed', 'skipped', 'deferred', 'removed', null] as const;

function useCollapsedGroups(dagId: string): [ReadonlySet<string>, (next: ReadonlySet<string>) => void] {
  const key = `updraft.grid.collapsed.${dagId}`;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => {
    try {
      return new Set(JSON.parse(window.localStorage.getItem(key) ?? '[]') as string[]);
    } catch {
      return new Set();
    }
  });
  const save = useCallback(
    (next: ReadonlySet<string>) => {
      setCollapsed(next);
      try {
        window.localStorage.setItem(key, JSON.stringify([...next]));
      } catch {
        // Storage full or disabled: the choice lasts until the page is left.
      }
    },
    [key],
  );
  return [collapsed, save];
}

export default function GridTab({ dagId, runId }: TabProps) {
  const query = useQueryParams();
  const { pathname, search } = useLocation();
  const view = parseDagView(pathname, search);
  const selectedTaskId = view.kind === 'task' ? view.taskId : null;
  const limit = Number(query.get('limit')) || DEFAULT_LIMIT;
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const runType = query.get('run_type');
  const runState = query.get('state');
  const apiQuery: UiGridQuery = { limit, offset, run_type: runType ? [runType] : undefined, state: runState ? [runState] : undefined };

  const arrivedAt = useRef(0);
  const [active, setActive] = useState(true);
  const grid = useApi(
    async (signal) => {
      const answer = await api.ui.grid(dagId, apiQuery, signal);
      arrivedAt.current = performance.now();
      return answer;
    },
    [dagId, limit, offset, runType, runState],
    // Quick while runs are going; slower when all have ended (a new run shows within seconds all the same).
    { poll: active ? ACTIVE_POLL_MS : IDLE_POLL_MS },
  );
  const [collapsed, setCollapsed] = useCollapsedGroups(dagId);
  const data = grid.data;
  const reloadGrid = grid.reload;
  useEffect(() => setActive(data ? data.runs.some((r) => r.state === 'queued' || r.state === 'running') : true), [data]);
  // A run selected that the grid has not seen yet (just triggered): fetch now rather than at the next poll.
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (!data || !runId || asked.current === runId || offset > 0 || data.runs.some((r) => r.dag_run_id === runId)) return;
    asked.current = runId;
    void reloadGrid();
  }, [data, runId, offset, reloadGrid]);
  const cells = useMemo(() => (data ? new GridCells(data) : null), [data]);
  const rows = useMemo(() => (data ? buildRows(data.tasks, data.groups, collapsed) : []), [data, collapsed]);
  const columns = useMemo<UiGridRun[]>(() => (data ? [...data.runs].reverse() : []), [data]);
  const view$ = useRef<GridViewHandle>(null);

  // The benchmark's mark: from the answer's arrival to the frame that shows it.
  useEffect(() => {
    if (!data) return;
    const start = arrivedAt.current;
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => view$.current?.element?.setAttribute('data-render-ms', (performance.now() - start).toFixed(1)), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [data]);

  const selectedCol = runId === null ? -1 : columns.findIndex((r) => r.dag_run_id === runId);
  const selectedRow = selectedTaskId === null ? -1 : rows.findIndex((r) => r.kind === 'task' && r.id === selectedTaskId);

  const openCell = useCallback(
    (row: GridRow, run: UiGridRun, replace = false) => {
      // A group's cell stands for the run's part of the group: the run's summary.
      const to = row.kind === 'group' ? paths.dagRun(dagId, run.dag_run_id) : paths.taskInstance(dagId, run.dag_run_id, row.id);
      navigate(keepGridView(to, window.location.search), { replace });
    },
    [dagId],
  );
  const openRun = useCallback((run: UiGridRun, replace = false) => navigate(keepGridView(paths.dagRun(dagId, run.dag_run_id), window.location.search), { replace }), [dagId]);
  const toggleGroup = useCallback(
    (groupId: string) => {
      const next = new Set(collapsed);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      setCollapsed(next);
    },
    [collapsed, setCollapsed],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key) || columns.length === 0) return;
    event.preventDefault();
    let c = selectedCol >= 0 ? selectedCol : columns.length - 1;
    let r = selectedRow;
    if (event.key === 'ArrowLeft' && selectedCol >= 0) c = Math.max(0, c - 1);
    if (event.key === 'ArrowRight' && selectedCol >= 0) c = Math.min(columns.length - 1, c + 1);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      let next = r < 0 ? (step > 0 ? -1 : rows.length) : r;
      do next += step;
      while (next >= 0 && next < rows.length && rows[next]?.kind !== 'task');
      if (next >= 0 && next < rows.length) r = next;
    }
    const run = columns[c] as UiGridRun;
    const row = r >= 0 ? rows[r] : undefined;
    if (row && row.kind === 'task') openCell(row, run, true);
    else openRun(run, true);
    view$.current?.reveal(Math.max(0, r), c);
  };

  const groupIds = data?.groups.map((g) => g.group_id) ?? [];
  const total = data?.total_runs ?? 0;
  return (
    <div className="grid-tab">
      <div className="toolbar grid-toolbar">
        <label className="inline-field">
          <span>Runs</span>
          <select value={limit} onChange={(e) => query.set({ limit: Number(e.target.value) === DEFAULT_LIMIT ? null : e.target.value, offset: null })} data-testid="grid-limit">
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <select aria-label="Run type" value={runType ?? ''} onChange={(e) => query.set({ run_type: e.target.value || null, offset: null })}>
          <option value="">All run types</option>
          {RUN_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </select>
        <select aria-label="Run state" value={runState ?? ''} onChange={(e) => query.set({ state: e.target.value || null, offset: null })}>
          <option value="">All run states</option>
          {RUN_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {groupIds.length > 0 && (
          <span className="grid-group-actions">
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0} data-testid="expand-all">
              Expand all
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setCollapsed(new Set(groupIds))} disabled={groupIds.every((g) => collapsed.has(g))} data-testid="collapse-all">
              Collapse all
            </button>
          </span>
        )}
        <span className="toolbar-spacer" />
        {data && total > 0 && (
          <span className="grid-paging">
            <button type="button" className="btn btn-sm btn-icon" disabled={offset + limit >= total} onClick={() => query.set({ offset: offset + limit }, { push: true })} aria-label="Older runs" title="Older runs">
              <Icon name="chevron-left" size={14} />
            </button>
            <span className="muted num">
              {total <= limit && offset === 0 ? `${total} run${total === 1 ? '' : 's'}` : `Runs ${offset + 1}–${Math.min(total, offset + limit)} of ${total}, newest right`}
            </span>
            <button type="button" className="btn btn-sm btn-icon" disabled={offset === 0} onClick={() => query.set({ offset: offset - limit > 0 ? offset - limit : null }, { push: true })} aria-label="Newer runs" title="Newer runs">
              <Icon name="chevron-right" size={14} />
            </button>
          </span>
        )}
      </div>
      {grid.error !== undefined && <ErrorBanner error={grid.error} what="the grid" onRetry={() => void grid.reload()} />}
      {!data ? (
        grid.error === undefined && <LoadingBlock label="Loading runs…" />
      ) : data.runs.length === 0 ? (
        runType || runState || offset > 0 ? (
          <EmptyState title="No runs match these filters" icon="filter" action={<button type="button" className="btn" onClick={() => query.set({ run_type: null, state: null, offset: null })}>Clear filters</button>} />
        ) : (
          <EmptyState title="No runs yet" icon="play">
            <p>Trigger it with the button above{data.tasks.length > 0 ? `, or unpause it to run on its schedule` : ''}: each run becomes a column here, one coloured cell per task.</p>
          </EmptyState>
        )
      ) : (
        cells && (
          <>
            <GridView
              ref={view$}
              rows={rows}
              runs={columns}
              cells={cells}
              selectedRunId={runId}
              selectedTaskId={selectedTaskId}
              onCell={(row, run) => openCell(row, run)}
              onRun={(run) => openRun(run)}
              onToggleGroup={toggleGroup}
              onKeyDown={onKeyDown}
            />
            <div className="grid-legend" aria-label="Colours">
              {LEGEND.map((s) => (
                <span key={s ?? 'none'}>
                  <StateDot state={s} size="sm" title="" /> {s === null ? 'no status' : s.replaceAll('_', ' ')}
                </span>
              ))}
            </div>
          </>
        )
      )}
    </div>
  );
}
