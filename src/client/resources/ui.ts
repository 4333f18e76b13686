/** The web UI's own endpoints (`/ui/...`): one round trip per screen. */
import type { Transport } from '../transport.js';
import type { UiDagCollection, UiMe } from '../types.js';
import { uiDagVisualsApi } from './ui-dag-visuals.js';
import { uiAdminApi } from './ui-admin.js';
import { uiGridApi } from './ui-grid.js';
import type { ListQuery } from './list-query.js';

export interface UiDagListQuery extends ListQuery {
  readonly dag_id_pattern?: string;
  readonly tags?: readonly string[];
  readonly tags_match_mode?: 'any' | 'all';
  readonly owners?: readonly string[];
  readonly paused?: boolean;
  readonly exclude_stale?: boolean;
  /** Latest runs per DAG (default 10). */
  readonly dag_runs_limit?: number;
}

export function uiApi(t: Transport) {
  return {
    me: (signal?: AbortSignal) => t.json<UiMe>('GET', '/ui/me', { signal }),
    dags: (query?: UiDagListQuery, signal?: AbortSignal) => t.json<UiDagCollection>('GET', '/ui/dags', { query, signal }),
    ...uiDagVisualsApi(t),
    ...uiGridApi(t),
    ...uiAdminApi(t),
  };
}
