/**
 * Paging and ordering shared by every `list`: validates the request, turns
 * `-field` into a direction, and counts the total only when a page was asked for.
 */
import { StoreError } from '../errors.js';
import type { Page, PageRequest } from '../store.js';

/** SQLite accepts OFFSET only after a LIMIT; this stands for "no limit" on both dialects. */
const NO_LIMIT = 2_147_483_647;

export interface PageBounds {
  readonly limit: number | null;
  readonly offset: number;
}

export function pageBounds(page: PageRequest | undefined): PageBounds {
  const limit = page?.limit;
  const offset = page?.offset ?? 0;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new StoreError('invalid', `limit must be a non-negative integer, got ${String(limit)}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new StoreError('invalid', `offset must be a non-negative integer, got ${String(offset)}`);
  }
  return { limit: limit ?? null, offset };
}

interface Limitable<QB> {
  limit(limit: number): QB;
  offset(offset: number): QB;
}

export function applyPage<QB extends Limitable<QB>>(query: QB, bounds: PageBounds): QB {
  if (bounds.limit === null && bounds.offset === 0) return query;
  const limited = query.limit(bounds.limit ?? NO_LIMIT);
  return bounds.offset > 0 ? limited.offset(bounds.offset) : limited;
}

/**
 * Runs the page query, and the count query only when paging could hide rows: both
 * at once (on PostgreSQL they go out on two pooled connections, so a page waits
 * for the slower of the two instead of their sum).
 */
export async function pageOf<T>(bounds: PageBounds, items: () => Promise<T[]>, count: () => Promise<number>): Promise<Page<T>> {
  if (bounds.limit === null && bounds.offset === 0) {
    const rows = await items();
    return { items: rows, total: rows.length };
  }
  const [rows, total] = await Promise.all([items(), count()]);
  return { items: rows, total };
}

export interface SortSpec<C extends string> {
  readonly column: C;
  readonly direction: 'asc' | 'desc';
}

/** `'-startDate'` -> `{ column: 'start_date', direction: 'desc' }`, via a field-to-column table. */
export function parseSort<F extends string, C extends string>(
  sort: F | `-${F}` | undefined,
  columns: Readonly<Record<F, C>>,
  fallback: F | `-${F}`,
): SortSpec<C> {
  const value: string = sort ?? fallback;
  const descending = value.startsWith('-');
  const field = (descending ? value.slice(1) : value) as F;
  const column = Object.prototype.hasOwnProperty.call(columns, field) ? columns[field] : undefined;
  if (column === undefined) {
    throw new StoreError('invalid', `cannot order by "${value}": use one of ${Object.keys(columns).join(', ')} (prefix - for descending)`);
  }
  return { column, direction: descending ? 'desc' : 'asc' };
}
