/** DAGs: list, get, details, pause, delete, tasks, source, versions, stats, tags. */
import { seg, type Query, type Transport } from '../transport.js';
import type { Dag, DagCollection, DagDetails, DagSource, DagStatsCollection, DagTagCollection, DagVersionCollection, DagWarningCollection, Task, TaskCollection } from '../types.js';
import type { ListQuery } from './list-query.js';

export interface DagListQuery extends ListQuery {
  readonly dag_id_pattern?: string;
  readonly dag_display_name_pattern?: string;
  readonly paused?: boolean;
  readonly tags?: readonly string[];
  readonly tags_match_mode?: 'any' | 'all';
  readonly owners?: readonly string[];
  readonly exclude_stale?: boolean;
  readonly last_dag_run_state?: string;
}

export function dagsApi(t: Transport) {
  return {
    list: (query?: DagListQuery) => t.json<DagCollection>('GET', '/api/v2/dags', { query }),
    get: (dagId: string) => t.json<Dag>('GET', `/api/v2/dags/${seg(dagId)}`),
    details: (dagId: string) => t.json<DagDetails>('GET', `/api/v2/dags/${seg(dagId)}/details`),
    setPaused: (dagId: string, paused: boolean) => t.json<Dag>('PATCH', `/api/v2/dags/${seg(dagId)}`, { query: { update_mask: ['is_paused'] }, body: { is_paused: paused } }),
    /** Pauses or unpauses every DAG matching `dag_id_pattern` (Airflow's bulk PATCH). */
    setPausedWhere: (query: { readonly dag_id_pattern: string } & Query, paused: boolean) =>
      t.json<DagCollection>('PATCH', '/api/v2/dags', { query: { ...query, update_mask: ['is_paused'] }, body: { is_paused: paused } }),
    delete: (dagId: string) => t.json<unknown>('DELETE', `/api/v2/dags/${seg(dagId)}`),
    tasks: (dagId: string) => t.json<TaskCollection>('GET', `/api/v2/dags/${seg(dagId)}/tasks`),
    task: (dagId: string, taskId: string) => t.json<Task>('GET', `/api/v2/dags/${seg(dagId)}/tasks/${seg(taskId)}`),
    source: (dagId: string, versionNumber?: number) =>
      t.json<DagSource>('GET', `/api/v2/dagSources/${seg(dagId)}`, { query: { version_number: versionNumber } }),
    versions: (dagId: string, query?: Query) => t.json<DagVersionCollection>('GET', `/api/v2/dags/${seg(dagId)}/dagVersions`, { query }),
    stats: (dagIds?: readonly string[]) => t.json<DagStatsCollection>('GET', '/api/v2/dagStats', { query: { dag_ids: dagIds } }),
    tags: (query?: Query) => t.json<DagTagCollection>('GET', '/api/v2/dagTags', { query }),
    warnings: (query?: Query) => t.json<DagWarningCollection>('GET', '/api/v2/dagWarnings', { query }),
  };
}
