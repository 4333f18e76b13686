/** Search, All / Active / Paused, tag and owner pickers, and the active filters as removable chips. */
import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { useHotkey } from '../../hooks/useHotkey';
import type { QueryState } from '../../router/query';
import { hasFilters, pausedParam, type DagFilters, type PausedFilter } from './filters';

export interface DagToolbarProps {
  readonly filters: DagFilters;
  readonly query: QueryState;
  readonly counts: { readonly all: number; readonly active: number; readonly paused: number } | undefined;
  readonly tags: readonly string[];
  readonly owners: readonly string[];
}

const TABS: readonly [PausedFilter, string][] = [
  ['all', 'All'],
  ['active', 'Active'],
  ['paused', 'Paused'],
];

export function DagToolbar({ filters, query, counts, tags, owners }: DagToolbarProps) {
  const [search, setSearch] = useState(filters.search);
  const input = useRef<HTMLInputElement>(null);
  useHotkey('/', () => input.current?.focus());

  // The box follows the URL (back button, a cleared filter)...
  useEffect(() => setSearch(filters.search), [filters.search]);
  // ...and the URL follows the box, a moment after typing stops.
  useEffect(() => {
    if (search === filters.search) return;
    const timer = window.setTimeout(() => query.set({ search, offset: null }), 250);
    return () => window.clearTimeout(timer);
  }, [search, filters.search, query]);

  const add = (key: 'tags' | 'owners', value: string) => {
    const current = filters[key];
    if (value && !current.includes(value)) query.set({ [key]: [...current, value], offset: null }, { push: true });
  };
  const clearAll = () => {
    setSearch('');
    query.set({ search: null, tags: null, owners: null, paused: null, offset: null }, { push: true });
  };
  const remove = (key: 'tags' | 'owners', value: string) => query.set({ [key]: filters[key].filter((v) => v !== value), offset: null }, { push: true });

  return (
    <>
      <div className="toolbar" role="search">
        <label className="search">
          <Icon name="search" />
          <span className="visually-hidden">Search DAGs by id</span>
          <input
            ref={input}
            type="search"
            placeholder="Search DAGs"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setSearch('');
            }}
            data-testid="dag-search"
          />
          {!search && <kbd aria-hidden="true">/</kbd>}
        </label>
        <div className="segmented" role="group" aria-label="Paused state">
          {TABS.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={filters.paused === value}
              onClick={() => query.set({ paused: pausedParam(value), offset: null }, { push: true })}
              data-testid={`filter-${value}`}
            >
              {label}
              {counts && <span className="seg-count num">{counts[value]}</span>}
            </button>
          ))}
        </div>
        <select aria-label="Filter by tag" value="" onChange={(e) => add('tags', e.target.value)} data-testid="tag-filter" disabled={tags.length === 0}>
          <option value="">{tags.length === 0 ? 'No tags' : 'Tag…'}</option>
          {tags.filter((t) => !filters.tags.includes(t)).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select aria-label="Filter by owner" value="" onChange={(e) => add('owners', e.target.value)} data-testid="owner-filter" disabled={owners.length === 0}>
          <option value="">Owner…</option>
          {owners.filter((o) => !filters.owners.includes(o)).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {hasFilters(filters) && filters.tags.length === 0 && filters.owners.length === 0 && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={clearAll}>
            Clear filters
          </button>
        )}
      </div>
      {(filters.tags.length > 0 || filters.owners.length > 0) && (
        <div className="active-filters" data-testid="active-filters">
          {filters.tags.map((t) => (
            <button key={`t-${t}`} type="button" className="chip chip-active" onClick={() => remove('tags', t)} aria-label={`Remove tag filter ${t}`}>
              <Icon name="tag" size={11} /> {t} <Icon name="x" size={11} />
            </button>
          ))}
          {filters.owners.map((o) => (
            <button key={`o-${o}`} type="button" className="chip chip-active" onClick={() => remove('owners', o)} aria-label={`Remove owner filter ${o}`}>
              <Icon name="user" size={11} /> {o} <Icon name="x" size={11} />
            </button>
          ))}
          <button type="button" className="btn btn-ghost btn-sm" onClick={clearAll}>
            Clear filters
          </button>
        </div>
      )}
    </>
  );
}
