/** The DAG list's filters, as they live in the URL (`?search=etl&tags=a&tags=b&owners=x&paused=false&sort=-next_dagrun&offset=50`). */
import type { UiDagListQuery } from '@updraft/client';
import { parseSort, type SortState } from '../../components/DataTable';
import type { QueryState } from '../../router/query';

export const PAGE_SIZE = 50;
/** How many recent runs each row shows. */
export const RECENT_RUNS = 14;

export type PausedFilter = 'all' | 'active' | 'paused';

export interface DagFilters {
  readonly search: string;
  readonly tags: readonly string[];
  readonly owners: readonly string[];
  readonly paused: PausedFilter;
  readonly sort: SortState | null;
  readonly offset: number;
}

export function readFilters(q: QueryState): DagFilters {
  const paused = q.get('paused');
  return {
    search: q.get('search') ?? '',
    tags: q.getAll('tags'),
    owners: q.getAll('owners'),
    paused: paused === 'true' ? 'paused' : paused === 'false' ? 'active' : 'all',
    sort: parseSort(q.get('sort')),
    offset: Math.max(0, Number(q.get('offset') ?? 0) || 0),
  };
}

export function hasFilters(f: DagFilters): boolean {
  return f.search !== '' || f.tags.length > 0 || f.owners.length > 0 || f.paused !== 'all';
}

export function toApiQuery(f: DagFilters): UiDagListQuery {
  return {
    limit: PAGE_SIZE,
    offset: f.offset,
    dag_id_pattern: f.search || undefined,
    tags: f.tags.length > 0 ? f.tags : undefined,
    owners: f.owners.length > 0 ? f.owners : undefined,
    paused: f.paused === 'all' ? undefined : f.paused === 'paused',
    order_by: f.sort ? `${f.sort.desc ? '-' : ''}${f.sort.id}` : undefined,
    dag_runs_limit: RECENT_RUNS,
  };
}

/** The URL value of the paused filter. */
export function pausedParam(p: PausedFilter): string | null {
  return p === 'all' ? null : p === 'paused' ? 'true' : 'false';
}
