/**
 * What every tab of the DAG page gets (the agreed interface): the DAG's id,
 * the selected run (`?run=`, or the run of the task instance being shown;
 * null: none) and the DAG itself, kept fresh by the page. Each tab is a lazy
 * default export in its own file (see tabs.ts).
 */
import type { Dag } from '@updraft/client';

export interface TabProps {
  readonly dagId: string;
  readonly runId: string | null;
  readonly dag: Dag;
}
