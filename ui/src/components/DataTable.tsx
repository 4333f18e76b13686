/**
 * A dense, sortable, paged table.
 *
 *   <DataTable columns={[{ id: 'dag_id', header: 'DAG', cell: (d) => d.dag_id, sortable: true }]}
 *              rows={dags} rowKey={(d) => d.dag_id}
 *              sort={sort} onSortChange={setSort}                 // server-side: you fetch with the sort
 *              paging={{ offset, limit, total, onChange: setOffset }} />
 *
 * Without `onSortChange`, columns with `sortValue` sort in the browser; without
 * `paging`, `pageSize` pages in the browser. Sort and page belong in the URL
 * (see useTableState) so a reload keeps them.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Icon } from './Icon';
import { SkeletonRows } from './Loading';
import { Pager } from './Pager';

export interface Column<T> {
  readonly id: string;
  readonly header: ReactNode;
  readonly cell: (row: T) => ReactNode;
  /** Server-side sorting by this column's id (needs `onSortChange`). */
  readonly sortable?: boolean;
  /** Client-side sorting by this value. */
  readonly sortValue?: (row: T) => string | number | null | undefined;
  readonly align?: 'left' | 'right' | 'center';
  /** CSS width, e.g. '120px' or '20%'. */
  readonly width?: string;
  readonly className?: string;
}

export interface SortState {
  readonly id: string;
  readonly desc: boolean;
}

export interface Paging {
  readonly offset: number;
  readonly limit: number;
  readonly total: number;
  onChange(offset: number): void;
}

export interface DataTableProps<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[] | undefined;
  readonly rowKey: (row: T) => string;
  readonly sort?: SortState | null;
  readonly onSortChange?: (sort: SortState | null) => void;
  readonly paging?: Paging;
  /** Client-side paging when `paging` is not given. */
  readonly pageSize?: number;
  /** Shown instead of the body when there are no rows (and not loading). */
  readonly empty?: ReactNode;
  readonly loading?: boolean;
  readonly onRowClick?: (row: T) => void;
  readonly rowClassName?: (row: T) => string | undefined;
  /** Accessible name of the table. */
  readonly label: string;
  readonly testId?: string;
}

/** `sort=-start_date` in the URL <-> {id: 'start_date', desc: true}. */
export function parseSort(value: string | null): SortState | null {
  if (!value) return null;
  return value.startsWith('-') ? { id: value.slice(1), desc: true } : { id: value, desc: false };
}

export function formatSort(sort: SortState | null): string | null {
  return sort ? `${sort.desc ? '-' : ''}${sort.id}` : null;
}

function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, onSortChange, paging, pageSize, empty, loading, onRowClick, rowClassName, label, testId } = props;
  const [localSort, setLocalSort] = useState<SortState | null>(null);
  const [localOffset, setLocalOffset] = useState(0);
  const sort = onSortChange ? (props.sort ?? null) : localSort;

  const shown = useMemo(() => {
    let list = rows ?? [];
    if (!onSortChange && sort) {
      const column = columns.find((c) => c.id === sort.id);
      if (column?.sortValue) {
        const value = column.sortValue;
        list = [...list].sort((a, b) => (sort.desc ? -1 : 1) * compareValues(value(a), value(b)));
      }
    }
    if (!paging && pageSize) list = list.slice(localOffset, localOffset + pageSize);
    return list;
  }, [rows, columns, sort, onSortChange, paging, pageSize, localOffset]);

  const toggleSort = (id: string) => {
    const next: SortState | null = sort?.id !== id ? { id, desc: false } : sort.desc ? null : { id, desc: true };
    if (onSortChange) onSortChange(next);
    else setLocalSort(next);
  };

  const isSortable = (c: Column<T>) => (onSortChange ? Boolean(c.sortable) : Boolean(c.sortValue));
  const pager: Paging | null = paging ?? (pageSize && rows && rows.length > pageSize ? { offset: localOffset, limit: pageSize, total: rows.length, onChange: setLocalOffset } : null);

  return (
    <div className="table-wrap">
      <table className="table" aria-label={label} aria-busy={loading || undefined} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.id === c.id;
              const ariaSort = active ? (sort.desc ? 'descending' : 'ascending') : undefined;
              return (
                <th key={c.id} style={c.width ? { width: c.width } : undefined} className={`align-${c.align ?? 'left'}`} aria-sort={ariaSort} scope="col">
                  {isSortable(c) ? (
                    <button type="button" className={`th-sort${active ? ' th-sort-active' : ''}`} onClick={() => toggleSort(c.id)}>
                      {c.header}
                      <Icon name={active ? (sort.desc ? 'sort-down' : 'sort-up') : 'sort'} size={12} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        {loading && !rows ? (
          <SkeletonRows columns={columns.length} />
        ) : (
          <tbody>
            {shown.length === 0 && empty ? (
              <tr className="table-empty">
                <td colSpan={columns.length}>{empty}</td>
              </tr>
            ) : (
              shown.map((row) => (
                <tr
                  key={rowKey(row)}
                  data-key={rowKey(row)}
                  className={[onRowClick ? 'clickable' : '', rowClassName?.(row) ?? ''].join(' ').trim() || undefined}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                >
                  {columns.map((c) => (
                    <td key={c.id} className={[`align-${c.align ?? 'left'}`, c.className ?? ''].join(' ').trim()}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        )}
      </table>
      {pager && <Pager {...pager} />}
    </div>
  );
}
