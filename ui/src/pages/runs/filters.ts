/**
 * The runs page's filters as they live in the URL:
 * `?dag_id=etl&state=failed&state=running&run_type=manual&date_field=start_date&from=<iso>&to=<iso>&sort=-start_date&offset=50`.
 */
import type { DagRunListQuery } from '@updraft/client';
import { parseSort, type SortState } from '../../components/DataTable';
import type { QueryState } from '../../router/query';

export const PAGE_SIZE = 50;
export const RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
export const RUN_TYPES = ['manual', 'scheduled', 'backfill', 'asset_triggered'] as const;
export const DATE_FIELDS = { logical_date: 'Logical date', start_date: 'Start date' } as const;
export type DateField = keyof typeof DATE_FIELDS;

/** Newest first unless the URL says otherwise (`run_after` orders runs with and without a logical date alike). */
export const DEFAULT_SORT = '-run_after';

export interface RunFilters {
  readonly dagId: string;
  readonly states: readonly string[];
  readonly runType: string;
  readonly dateField: DateField;
  /** ISO instants (UTC), or ''. */
  readonly from: string;
  readonly to: string;
  readonly sort: SortState | null;
  readonly offset: number;
}

export function readFilters(q: QueryState): RunFilters {
  const field = q.get('date_field');
  return {
    dagId: q.get('dag_id') ?? '',
    states: q.getAll('state').filter((s) => (RUN_STATES as readonly string[]).includes(s)),
    runType: q.get('run_type') ?? '',
    dateField: field === 'start_date' ? 'start_date' : 'logical_date',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    sort: parseSort(q.get('sort')),
    offset: Math.max(0, Number(q.get('offset') ?? 0) || 0),
  };
}

export function hasFilters(f: RunFilters): boolean {
  return f.dagId !== '' || f.states.length > 0 || f.runType !== '' || f.from !== '' || f.to !== '';
}

/** The patch that clears every filter (sort kept). */
export const CLEARED = { dag_id: null, state: null, run_type: null, date_field: null, from: null, to: null, offset: null } as const;

export function toApiQuery(f: RunFilters): DagRunListQuery {
  return {
    limit: PAGE_SIZE,
    offset: f.offset,
    order_by: f.sort ? `${f.sort.desc ? '-' : ''}${f.sort.id}` : DEFAULT_SORT,
    ...(f.states.length > 0 ? { state: f.states } : {}),
    ...(f.runType ? { run_type: [f.runType] } : {}),
    ...(f.from ? { [`${f.dateField}_gte`]: f.from } : {}),
    ...(f.to ? { [`${f.dateField}_lte`]: f.to } : {}),
  };
}
