/**
 * The DAG page's tabs as plain data, in order: what the URL may name
 * (/dags/<id>/<tab>) and what the tab bar shows. Their components are attached
 * in `tabs.ts`, so reading a URL never pulls in a tab's code.
 */
export const DAG_TAB_LIST = [
  { id: 'grid', label: 'Grid' },
  { id: 'graph', label: 'Graph' },
  { id: 'gantt', label: 'Gantt' },
  { id: 'durations', label: 'Durations' },
  { id: 'calendar', label: 'Calendar' },
  { id: 'code', label: 'Code' },
  { id: 'details', label: 'Details' },
  { id: 'runs', label: 'Runs' },
] as const;

export type DagTabId = (typeof DAG_TAB_LIST)[number]['id'];

export const DEFAULT_TAB: DagTabId = 'grid';

export function isDagTabId(id: string): id is DagTabId {
  return DAG_TAB_LIST.some((t) => t.id === id);
}
