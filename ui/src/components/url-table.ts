/**
 * A server-paged, server-sorted DataTable whose sort and offset live in the
 * URL (`?sort=`, `?offset=`): a new sort goes back to the first page, and
 * each change is a history entry.
 */
import type { QueryState } from '../router/query';
import { formatSort, type Paging, type SortState } from './DataTable';

/** The table's `onSortChange`. */
export function sortInUrl(query: QueryState): (sort: SortState | null) => void {
  return (sort) => query.set({ sort: formatSort(sort), offset: null }, { push: true });
}

/** The table's `paging` (undefined until the total is known). */
export function pagingInUrl(query: QueryState, offset: number, limit: number, total: number | undefined): Paging | undefined {
  if (total === undefined) return undefined;
  return { offset, limit, total, onChange: (o) => query.set({ offset: o || null }, { push: true }) };
}
