/**
 * The grid itself: runs as columns (oldest left, newest right) under a header
 * of run-duration bars, tasks and groups as rows, a coloured cell per task
 * instance. Only the cells in view (plus a margin) are in the DOM, so a year
 * of runs of a wide DAG draws as fast as ten runs; the labels stay at the left
 * and the bars at the top while scrolling. One handler serves every cell
 * (clicks, hover tooltip).
 */
import type { UiGridRun } from '@updraft/client';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Icon } from '../../../components/Icon';
import { stateKey, stateLabel } from '../../../components/states';
import { formatDuration, useNow } from '../../../components/Time';
import { countsBackground, runSeconds, type Cell, type GridCells, type GridRow } from './grid-model';
import { GridTooltip, type HoverTarget } from './GridTooltip';

export const LABEL_W = 250;
export const COL_W = 18;
export const ROW_H = 22;
export const HEADER_H = 78;
const BAR_MAX_H = 56;
/** Columns and rows are drawn in blocks, so scrolling re-renders only when a new block comes into view. */
const BLOCK = 16;

export interface GridViewProps {
  readonly rows: readonly GridRow[];
  /** Oldest first (left to right). */
  readonly runs: readonly UiGridRun[];
  readonly cells: GridCells;
  readonly selectedRunId: string | null;
  readonly selectedTaskId: string | null;
  readonly onCell: (row: GridRow, run: UiGridRun) => void;
  readonly onRun: (run: UiGridRun) => void;
  readonly onToggleGroup: (groupId: string) => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

export interface GridViewHandle {
  /** Scrolls so that this cell (row index, column index) is in view. */
  reveal(row: number, col: number): void;
  readonly element: HTMLDivElement | null;
}

interface Window {
  readonly c0: number;
  readonly c1: number;
  readonly r0: number;
  readonly r1: number;
}

function windowOf(el: HTMLDivElement | null, cols: number, rows: number): Window {
  const width = el?.clientWidth ?? 1200;
  const height = el?.clientHeight ?? 800;
  const left = el?.scrollLeft ?? Math.max(0, cols * COL_W - width);
  const top = el?.scrollTop ?? 0;
  const first = Math.floor(left / COL_W / BLOCK) * BLOCK - BLOCK;
  const last = Math.ceil((left + width) / COL_W / BLOCK) * BLOCK + BLOCK;
  const firstRow = Math.floor(top / ROW_H / BLOCK) * BLOCK - BLOCK;
  const lastRow = Math.ceil((top + height) / ROW_H / BLOCK) * BLOCK + BLOCK;
  return { c0: Math.max(0, first), c1: Math.min(cols, last), r0: Math.max(0, firstRow), r1: Math.min(rows, lastRow) };
}

function cellLabel(row: GridRow, run: UiGridRun, cell: Cell): string {
  const what = row.kind === 'group' ? `group ${row.id}` : row.id;
  const mapped = cell.ti?.map_count != null ? `, ${cell.ti.map_count} mapped` : '';
  return `${what}, run ${run.dag_run_id}: ${stateLabel(cell.state)}${mapped}`;
}

export const GridView = forwardRef<GridViewHandle, GridViewProps>(function GridView(props, ref) {
  const { rows, runs, cells, selectedRunId, selectedTaskId, onCell, onRun, onToggleGroup, onKeyDown } = props;
  const scroll = useRef<HTMLDivElement>(null);
  const stickRight = useRef(true);
  const [win, setWin] = useState<Window>(() => windowOf(null, runs.length, rows.length));
  const [hover, setHover] = useState<HoverTarget | null>(null);
  const now = useNow(runs.some((r) => !r.end_date && r.start_date) ? 5000 : 60_000);

  const update = useCallback(() => {
    const next = windowOf(scroll.current, runs.length, rows.length);
    setWin((w) => (w.c0 === next.c0 && w.c1 === next.c1 && w.r0 === next.r0 && w.r1 === next.r1 ? w : next));
  }, [runs.length, rows.length]);

  // Newest runs are at the right: start there, and stay there as new runs arrive (unless scrolled away).
  useLayoutEffect(() => {
    const el = scroll.current;
    if (el && stickRight.current) el.scrollLeft = el.scrollWidth;
    update();
  }, [runs.length, update]);

  useEffect(() => {
    const el = scroll.current;
    if (!el) return;
    // Narrower (the panel opened) or wider: the newest runs stay in view if they were.
    const observer = new ResizeObserver(() => {
      if (stickRight.current) el.scrollLeft = el.scrollWidth;
      update();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [update]);

  const frame = useRef(0);
  const onScroll = () => {
    const el = scroll.current;
    if (el) stickRight.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - 4;
    setHover(null);
    if (frame.current) return;
    frame.current = window.requestAnimationFrame(() => {
      frame.current = 0;
      update();
    });
  };
  useEffect(() => () => window.cancelAnimationFrame(frame.current), []);

  useImperativeHandle(
    ref,
    () => ({
      get element() {
        return scroll.current;
      },
      reveal(row, col) {
        const el = scroll.current;
        if (!el) return;
        const x = LABEL_W + col * COL_W;
        const y = HEADER_H + row * ROW_H;
        if (x < el.scrollLeft + LABEL_W) el.scrollLeft = x - LABEL_W - COL_W;
        else if (x + COL_W > el.scrollLeft + el.clientWidth) el.scrollLeft = x + 2 * COL_W - el.clientWidth;
        if (y < el.scrollTop + HEADER_H) el.scrollTop = y - HEADER_H - ROW_H;
        else if (y + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = y + 2 * ROW_H - el.clientHeight;
      },
    }),
    [],
  );

  const maxSeconds = useMemo(() => Math.max(1, ...runs.map((r) => runSeconds(r, now))), [runs, now]);
  const selectedCol = selectedRunId === null ? -1 : runs.findIndex((r) => r.dag_run_id === selectedRunId);
  const width = LABEL_W + runs.length * COL_W + 12;
  const height = HEADER_H + rows.length * ROW_H + 6;
  // Clamped: new data with fewer runs or rows renders once before the window is measured again.
  const c1 = Math.min(win.c1, runs.length);
  const r1 = Math.min(win.r1, rows.length);
  const colIndexes = useMemo(() => Array.from({ length: Math.max(0, c1 - win.c0) }, (_, i) => win.c0 + i), [win.c0, c1]);

  const target = (event: MouseEvent): HTMLElement | null => (event.target as HTMLElement).closest<HTMLElement>('[data-c]');
  const onClick = (event: MouseEvent) => {
    const el = target(event);
    if (!el) return;
    const run = runs[Number(el.dataset.c)];
    if (!run) return;
    if (el.dataset.r === undefined) onRun(run);
    else {
      const row = rows[Number(el.dataset.r)];
      if (row) onCell(row, run);
    }
  };
  const onMouseOver = (event: MouseEvent) => {
    const el = target(event);
    if (!el) return setHover(null);
    const c = Number(el.dataset.c);
    const r = el.dataset.r === undefined ? null : Number(el.dataset.r);
    setHover((h) => (h && h.c === c && h.r === r ? h : { c, r, rect: el.getBoundingClientRect() }));
  };

  return (
    <div
      ref={scroll}
      className="grid-scroll"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      tabIndex={0}
      role="grid"
      aria-label="Runs and task instances: arrow keys move the selection, Escape closes the panel"
      aria-rowcount={rows.length + 1}
      aria-colcount={runs.length + 1}
      data-testid="grid"
    >
      <div className="grid-inner" style={{ width, height }} onClick={onClick} onMouseOver={onMouseOver} onMouseLeave={() => setHover(null)}>
        {selectedCol >= 0 && <div className="grid-col-highlight" style={{ left: LABEL_W + selectedCol * COL_W, height }} aria-hidden="true" />}
        <div className="grid-header" role="row" style={{ width, height: HEADER_H }}>
          <div className="grid-corner" role="columnheader" style={{ width: LABEL_W, height: HEADER_H }}>
            <span className="grid-scale" title="The longest run shown: bars are to this scale">
              {formatDuration(maxSeconds)}
            </span>
            <span className="grid-corner-label">Task</span>
          </div>
          {colIndexes.map((c) => {
            const run = runs[c] as UiGridRun;
            const seconds = runSeconds(run, now);
            const key = stateKey(run.state);
            return (
              <button
                key={run.dag_run_id}
                type="button"
                className={`grid-run${c === selectedCol ? ' selected' : ''}`}
                style={{ left: LABEL_W + c * COL_W, height: HEADER_H }}
                data-c={c}
                data-run={run.dag_run_id}
                data-state={key}
                role="columnheader"
                aria-label={`Run ${run.dag_run_id}: ${stateLabel(run.state)}`}
                tabIndex={-1}
              >
                <span className={`grid-bar state-${key}`} style={{ height: Math.max(3, Math.round((seconds / maxSeconds) * BAR_MAX_H)) }} />
              </button>
            );
          })}
        </div>
        {rows.slice(win.r0, r1).map((row, i) => {
          const r = win.r0 + i;
          const selectedRow = row.kind === 'task' && row.id === selectedTaskId;
          return (
            <div key={`${row.kind}:${row.id}`} className={`grid-row${selectedRow ? ' selected' : ''}${row.kind === 'group' ? ' group' : ''}`} role="row" style={{ top: HEADER_H + r * ROW_H, width }} data-row={row.id}>
              <div className="grid-label" role="rowheader" style={{ width: LABEL_W, paddingLeft: 8 + row.depth * 14 }}>
                {row.kind === 'group' ? (
                  <button type="button" className="grid-group-toggle" onClick={() => onToggleGroup(row.id)} aria-expanded={!row.collapsed} title={row.group.tooltip ?? `Task group ${row.id}`} data-testid={`group-${row.id}`}>
                    <Icon name={row.collapsed ? 'chevron-right' : 'chevron-down'} size={12} />
                    <span className="grid-label-text">{row.label}</span>
                    <span className="grid-group-count">{row.taskIds.length}</span>
                  </button>
                ) : (
                  <span className={`grid-label-text${row.task.in_latest_version ? '' : ' faint'}`} title={row.task.in_latest_version ? `${row.id} (${row.task.operator})` : `${row.id}: not in the latest version of the DAG`}>
                    {row.label}
                    {row.task.is_mapped && <span className="grid-mapped-mark" title="Mapped: one instance per item, folded into one cell">[ ]</span>}
                    {row.task.is_setup && <span className="grid-role-mark" title="Setup task">setup</span>}
                    {row.task.is_teardown && <span className="grid-role-mark" title="Teardown task">teardown</span>}
                  </span>
                )}
              </div>
              {colIndexes.map((c) => {
                const run = runs[c] as UiGridRun;
                const cell = cells.cell(run.dag_run_id, row);
                if (!cell) return null;
                const key = stateKey(cell.state);
                const background = cell.counts ? countsBackground(cell.counts) : undefined;
                const selected = selectedRow && c === selectedCol;
                return (
                  <div
                    key={run.dag_run_id}
                    role="gridcell"
                    className={`grid-cell state-${key}${row.kind === 'group' ? ' grid-cell-group' : ''}${cell.ti?.map_count != null ? ' grid-cell-mapped' : ''}${selected ? ' selected' : ''}`}
                    style={background ? { left: LABEL_W + c * COL_W, background } : { left: LABEL_W + c * COL_W }}
                    data-c={c}
                    data-r={r}
                    data-task={row.id}
                    data-run={run.dag_run_id}
                    data-state={key}
                    aria-selected={selected || undefined}
                    aria-label={cellLabel(row, run, cell)}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
      {hover && <GridTooltip hover={hover} rows={rows} runs={runs} cells={cells} now={now} />}
    </div>
  );
});
