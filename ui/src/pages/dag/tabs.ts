/**
 * The DAG page's tabs, in order: each a lazy chunk (heavy libraries such as
 * elkjs load only with their tab). URL: /dags/<id>/<tab>?run=<runId>.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { TabProps } from './tab-props';

export interface DagTab {
  readonly id: string;
  readonly label: string;
  readonly component: LazyExoticComponent<ComponentType<TabProps>>;
}

export const DAG_TABS: readonly DagTab[] = [
  { id: 'grid', label: 'Grid', component: lazy(() => import('./grid/GridTab')) },
  { id: 'graph', label: 'Graph', component: lazy(() => import('./graph/GraphTab')) },
  { id: 'gantt', label: 'Gantt', component: lazy(() => import('./gantt/GanttTab')) },
  { id: 'durations', label: 'Durations', component: lazy(() => import('./charts/DurationsTab')) },
  { id: 'calendar', label: 'Calendar', component: lazy(() => import('./charts/CalendarTab')) },
  { id: 'code', label: 'Code', component: lazy(() => import('./code/CodeTab')) },
  { id: 'details', label: 'Details', component: lazy(() => import('./details/DetailsTab')) },
  { id: 'runs', label: 'Runs', component: lazy(() => import('./runs/DagRunsTab')) },
];

export const DEFAULT_TAB = 'grid';

export function findTab(id: string): DagTab | undefined {
  return DAG_TABS.find((t) => t.id === id);
}
