/**
 * What the URL under /dags/<id>/ shows:
 *   /dags/<id>[/<tab>][?run=<runId>]                  a tab, a run selected (grid: its summary)
 *   /dags/<id>/runs/<runId>                           the DAG list's link to a run: the grid with it selected
 *   /dags/<id>/runs/<runId>/tasks/<taskId>[?map_index=n]  the grid with that task instance's panel
 * Segments are decoded one by one (run ids hold `:` and `+`).
 */
import { matchPath } from '../../router/match';
import { DEFAULT_TAB, isDagTabId } from './tab-list';

export type DagView =
  | { readonly kind: 'tab'; readonly tab: string; readonly runId: string | null }
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'task'; readonly runId: string; readonly taskId: string; readonly mapIndex: number }
  | { readonly kind: 'unknown'; readonly rest: string };

export function parseDagView(pathname: string, search: string): DagView {
  const query = new URLSearchParams(search);
  const ti = matchPath('/dags/:dagId/runs/:runId/tasks/:taskId', pathname);
  if (ti) {
    const raw = query.get('map_index');
    const mapIndex = raw !== null && /^\d+$/.test(raw) ? Number(raw) : -1;
    return { kind: 'task', runId: ti.runId as string, taskId: ti.taskId as string, mapIndex };
  }
  const run = matchPath('/dags/:dagId/runs/:runId', pathname);
  if (run) return { kind: 'run', runId: run.runId as string };
  const tab = matchPath('/dags/:dagId/:tab', pathname);
  const id = tab ? (tab.tab as string) : matchPath('/dags/:dagId', pathname) ? DEFAULT_TAB : null;
  if (id !== null && isDagTabId(id)) return { kind: 'tab', tab: id, runId: query.get('run') || null };
  return { kind: 'unknown', rest: pathname };
}

/** Query parameters that shape the grid: kept when the selection changes or the panel closes. */
export const GRID_VIEW_PARAMS = ['limit', 'run_type', 'state', 'offset'] as const;
/** ...and, from one task instance to the next, the panel's section (stay on XCom while moving). */
const SELECTION_PARAMS = [...GRID_VIEW_PARAMS, 'section'] as const;

/** `to` (a path, maybe with a query) with the grid's current view parameters from `search` added. */
export function keepGridView(to: string, search: string, keys: readonly string[] = SELECTION_PARAMS): string {
  const current = new URLSearchParams(search);
  const [path, query = ''] = to.split('?', 2) as [string, string?];
  const next = new URLSearchParams(query);
  for (const key of keys) {
    const value = current.get(key);
    if (value !== null && !next.has(key)) next.set(key, value);
  }
  const text = next.toString();
  return text ? `${path}?${text}` : path;
}
