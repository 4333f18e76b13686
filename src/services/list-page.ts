/**
 * Filtering, sorting and paging small tables (variables, connections, pools)
 * in memory, with Airflow's search patterns: SQL LIKE (`%`, `_`), case-insensitive,
 * matching anywhere in the value, and `a | b` for either.
 */
import type { Page } from '../store/store.js';

/** A predicate for Airflow's `*_pattern` query parameters; undefined or empty matches everything. */
export function likeMatcher(pattern: string | undefined): (value: string) => boolean {
  if (pattern === undefined || pattern.trim() === '' || pattern === '~') return () => true;
  const alternatives = pattern
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => new RegExp(p.replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.'), 'is'));
  if (alternatives.length === 0) return () => true;
  return (value) => alternatives.some((re) => re.test(value));
}

export interface MemoryPageRequest<T> {
  /** `field` or `-field`, a key of T. */
  readonly sort: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly keep?: (item: T) => boolean;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : 1;
}

export function pageInMemory<T extends object>(items: readonly T[], request: MemoryPageRequest<T>): Page<T> {
  const descending = request.sort.startsWith('-');
  const field = (descending ? request.sort.slice(1) : request.sort) as keyof T;
  const kept = items.filter((item) => request.keep?.(item) ?? true);
  const sorted = [...kept].sort((a, b) => (descending ? -1 : 1) * compare(a[field], b[field]));
  const offset = request.offset ?? 0;
  const page = request.limit === undefined ? sorted.slice(offset) : sorted.slice(offset, offset + request.limit);
  return { items: page, total: kept.length };
}
