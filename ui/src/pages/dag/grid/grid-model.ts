/**
 * The grid's data, shaped for drawing: the rows (task groups as collapsible
 * rows above their tasks, in the DAG's order), the columns (runs, oldest left,
 * newest right), and each cell's state. A group's cell and a mapped task's
 * cell fold many states into one with Airflow's grid priority (a failure
 * anywhere shows first).
 */
import type { UiGrid, UiGridGroup, UiGridRun, UiGridTask, UiGridTaskInstance } from '@updraft/client';
import { foldStates, STATE_PRIORITY } from '../graph/task-states';

export type StateOrNone = string | null;

// Airflow's grid `state_priority`, one list for the grid and the graph.
export { foldStates } from '../graph/task-states';

export interface TaskRow {
  readonly kind: 'task';
  readonly id: string;
  readonly label: string;
  readonly depth: number;
  readonly task: UiGridTask;
}

export interface GroupRow {
  readonly kind: 'group';
  readonly id: string;
  readonly label: string;
  readonly depth: number;
  readonly group: UiGridGroup;
  /** Every task inside, at any depth. */
  readonly taskIds: readonly string[];
  readonly collapsed: boolean;
}

export type GridRow = TaskRow | GroupRow;

interface Node {
  readonly group: UiGridGroup | null;
  readonly children: (Node | UiGridTask)[];
}

/** Rows in order: each group where its first task appears, its tasks (and subgroups) under it unless collapsed. */
export function buildRows(tasks: readonly UiGridTask[], groups: readonly UiGridGroup[], collapsed: ReadonlySet<string>): GridRow[] {
  const byId = new Map(groups.map((g) => [g.group_id, g]));
  const root: Node = { group: null, children: [] };
  const nodes = new Map<string, Node>();
  const nodeOf = (groupId: string | null): Node => {
    if (groupId === null) return root;
    const existing = nodes.get(groupId);
    if (existing) return existing;
    const group = byId.get(groupId) ?? { group_id: groupId, label: groupId, parent_id: null, tooltip: null };
    const node: Node = { group, children: [] };
    nodes.set(groupId, node);
    nodeOf(group.parent_id).children.push(node);
    return node;
  };
  for (const task of tasks) nodeOf(task.group_id).children.push(task);

  const taskIdsOf = (node: Node): string[] => node.children.flatMap((c) => ('task_id' in c ? [c.task_id] : taskIdsOf(c)));
  const rows: GridRow[] = [];
  const walk = (node: Node, depth: number) => {
    for (const child of node.children) {
      if ('task_id' in child) {
        rows.push({ kind: 'task', id: child.task_id, label: child.label, depth, task: child });
      } else if (child.group) {
        const isCollapsed = collapsed.has(child.group.group_id);
        rows.push({ kind: 'group', id: child.group.group_id, label: child.group.label, depth, group: child.group, taskIds: taskIdsOf(child), collapsed: isCollapsed });
        if (!isCollapsed) walk(child, depth + 1);
      }
    }
  };
  walk(root, 0);
  return rows;
}

export interface Cell {
  readonly state: StateOrNone;
  /** The task instance (for a task row); a group row has none. */
  readonly ti: UiGridTaskInstance | null;
  /** Mapped task or group: instances per state. */
  readonly counts: Readonly<Record<string, number>> | null;
}

/** Cells by run and task, with group cells computed on first use and kept. */
export class GridCells {
  private readonly byRun = new Map<string, Map<string, UiGridTaskInstance>>();
  private readonly groupCache = new Map<string, Cell | null>();

  constructor(grid: UiGrid) {
    for (const run of grid.runs) this.byRun.set(run.dag_run_id, new Map(run.task_instances.map((ti) => [ti.task_id, ti])));
  }

  ti(runId: string, taskId: string): UiGridTaskInstance | null {
    return this.byRun.get(runId)?.get(taskId) ?? null;
  }

  cell(runId: string, row: GridRow): Cell | null {
    if (row.kind === 'task') {
      const ti = this.ti(runId, row.id);
      return ti ? { state: ti.state, ti, counts: ti.state_counts } : null;
    }
    const key = `${runId}\u0000${row.id}`;
    if (this.groupCache.has(key)) return this.groupCache.get(key) ?? null;
    const counts: Record<string, number> = {};
    let any = false;
    for (const taskId of row.taskIds) {
      const ti = this.ti(runId, taskId);
      if (!ti) continue;
      any = true;
      if (ti.state_counts) for (const [state, n] of Object.entries(ti.state_counts)) counts[state] = (counts[state] ?? 0) + n;
      else counts[ti.state ?? 'none'] = (counts[ti.state ?? 'none'] ?? 0) + 1;
    }
    const cell = any ? { state: foldStates(Object.keys(counts).map((s) => (s === 'none' ? null : s))), ti: null, counts } : null;
    this.groupCache.set(key, cell);
    return cell;
  }
}

/** Seconds a run took, or has taken so far. */
export function runSeconds(run: UiGridRun, now: number): number {
  if (!run.start_date) return 0;
  const end = run.end_date ? new Date(run.end_date).getTime() : now;
  return Math.max(0, (end - new Date(run.start_date).getTime()) / 1000);
}

/** Seconds a task instance took, or has taken so far; null before it starts. */
export function tiSeconds(ti: UiGridTaskInstance, now: number): number | null {
  if (!ti.start_date) return null;
  const end = ti.end_date ? new Date(ti.end_date).getTime() : now;
  return Math.max(0, (end - new Date(ti.start_date).getTime()) / 1000);
}

/** The CSS background of a mapped or group cell: a bar per state, in priority order, sized by count. */
export function countsBackground(counts: Readonly<Record<string, number>>): string | undefined {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length < 2) return undefined;
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const order = (s: string) => STATE_PRIORITY.indexOf(s === 'none' ? null : s);
  entries.sort((a, b) => order(a[0]) - order(b[0]));
  let at = 0;
  const stops = entries.map(([state, n]) => {
    const from = (at / total) * 100;
    at += n;
    const color = state === 'none' ? 'var(--state-none-border)' : `var(--state-${state})`;
    return `${color} ${from.toFixed(1)}% ${((at / total) * 100).toFixed(1)}%`;
  });
  return `linear-gradient(to top, ${stops.join(', ')})`;
}
