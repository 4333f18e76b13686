/**
 * Filters and view options live in the query string, so every view is a deep
 * link that survives a reload. `useQueryParams` reads them; `setQuery` merges a
 * patch (null or '' removes a key; arrays become repeated keys) and replaces the
 * history entry by default (typing in a filter box must not flood Back).
 */
import { useCallback, useMemo } from 'react';
import { navigate, useLocation } from './history';

export type QueryPatch = Readonly<Record<string, string | number | boolean | readonly string[] | null | undefined>>;

export function withQuery(pathname: string, params: URLSearchParams): string {
  const text = params.toString();
  return text === '' ? pathname : `${pathname}?${text}`;
}

export function applyPatch(search: string, patch: QueryPatch): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch)) {
    params.delete(key);
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.set(key, String(value));
  }
  return params;
}

export interface QueryState {
  readonly params: URLSearchParams;
  get(key: string): string | null;
  getAll(key: string): string[];
  set(patch: QueryPatch, options?: { readonly push?: boolean }): void;
}

export function useQueryParams(): QueryState {
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const set = useCallback(
    (patch: QueryPatch, options: { readonly push?: boolean } = {}) => {
      navigate(withQuery(window.location.pathname, applyPatch(window.location.search, patch)), { replace: !options.push });
    },
    [],
  );
  return useMemo(() => ({ params, get: (k: string) => params.get(k), getAll: (k: string) => params.getAll(k), set }), [params, set, pathname]);
}
