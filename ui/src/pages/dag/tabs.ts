/**
 * The DAG page's tabs with their components, each a lazy chunk (heavy
 * libraries such as elkjs load only with their tab). URL: /dags/<id>/<tab>?run=<runId>.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { TabProps } from './tab-props';
import { DAG_TAB_LIST, type DagTabId } from './tab-list';

export { DEFAULT_TAB } from './tab-list';

export interface DagTab {
  readonly id: DagTabId;
  readonly label: string;
  readonly component: LazyExoticComponent<ComponentType<TabProps>>;
}

const COMPONENTS: Record<DagTabId, DagTab['component']> = {
  grid: lazy(() => import('./grid/GridTab')),
  graph: lazy(() => import('./graph/GraphTab')),
  gantt: lazy(() => import('./gantt/GanttTab')),
  durations: lazy(() => import('./charts/DurationsTab')),
  calendar: lazy(() => import('./charts/CalendarTab')),
  code: lazy(() => import('./code/CodeTab')),
  details: lazy(() => import('./details/DetailsTab')),
  runs: lazy(() => import('./runs/DagRunsTab')),
};

export const DAG_TABS: readonly DagTab[] = DAG_TAB_LIST.map((t) => ({ ...t, component: COMPONENTS[t.id] }));

export function findTab(id: string): DagTab | undefined {
  return DAG_TABS.find((t) => t.id === id);
}
