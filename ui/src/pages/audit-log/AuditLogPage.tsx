/**
 * The audit log: who did what, when, on which DAG, run or task (triggers,
 * pauses, clears, marks, edits...), newest first. Filters (DAG, event, owner,
 * time range, events to include or leave out) in the URL; sortable, paged,
 * live. A value in a row (event, owner, DAG) filters by it.
 */
import type { EventLog, EventLogCollection } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DataTable, formatSort, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime, RelativeTime } from '../../components/Time';
import { usePageTitle } from '../../hooks/usePageTitle';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import { useQueryParams, type QueryState } from '../../router/query';
import type { PageProps } from '../page';
import { runGridPath } from '../runs/run-words';
import { DagPicker } from '../runs/widgets/DagPicker';
import { DateRange } from '../runs/widgets/DateRange';
import { TokenInput } from '../runs/widgets/TokenInput';
import { ExtraCell } from './ExtraCell';
import { CLEARED, hasFilters, KNOWN_EVENTS, PAGE_SIZE, readFilters, toApiQuery, type AuditFilters } from './filters';
import '../runs/runs.css';
import './audit-log.css';

function columns(query: QueryState, filters: AuditFilters): Column<EventLog>[] {
  const filterBy = (key: string, value: string, label: string) => (
    <button type="button" className="audit-filter-value" onClick={() => query.set({ [key]: value, offset: null }, { push: true })} title={`Show only ${label} ${value}`}>
      {value}
    </button>
  );
  return [
    {
      id: 'when',
      header: 'When',
      sortable: true,
      width: '190px',
      cell: (e) => (
        <span className="audit-when">
          <span className="nowrap">{formatDateTime(new Date(e.when))}</span>
          <RelativeTime value={e.when} className="faint" />
        </span>
      ),
    },
    { id: 'event', header: 'Event', sortable: true, width: '170px', cell: (e) => <span className="audit-event mono">{filters.event ? e.event : filterBy('event', e.event, 'event')}</span> },
    { id: 'owner', header: 'Owner', sortable: true, width: '110px', cell: (e) => (e.owner ? (filters.owner ? e.owner : filterBy('owner', e.owner, 'actions by')) : <span className="faint">—</span>) },
    {
      id: 'dag_id',
      header: 'DAG',
      sortable: true,
      width: '160px',
      cell: (e) =>
        e.dag_id ? (
          <Link to={paths.dag(e.dag_id)} className="audit-dag" title={`Open ${e.dag_id}`}>
            {e.dag_id}
          </Link>
        ) : (
          <span className="faint">—</span>
        ),
    },
    {
      id: 'run_id',
      header: 'Run',
      sortable: true,
      width: '180px',
      cell: (e) =>
        e.dag_id && e.run_id ? (
          <Link to={runGridPath(e.dag_id, e.run_id)} className="audit-run mono" title={e.run_id}>
            {e.run_id}
          </Link>
        ) : (
          <span className="faint">—</span>
        ),
    },
    {
      id: 'task_id',
      header: 'Task',
      sortable: true,
      width: '130px',
      cell: (e) =>
        e.dag_id && e.run_id && e.task_id ? (
          <Link to={paths.taskInstance(e.dag_id, e.run_id, e.task_id, e.map_index ?? -1)} className="mono">
            {e.task_id}
            {e.map_index !== null && e.map_index >= 0 ? `[${e.map_index}]` : ''}
          </Link>
        ) : e.task_id ? (
          <span className="mono">{e.task_id}</span>
        ) : (
          <span className="faint">—</span>
        ),
    },
    { id: 'extra', header: 'Extra', cell: (e) => <ExtraCell extra={e.extra} /> },
  ];
}

export default function AuditLogPage(_props: PageProps) {
  const query = useQueryParams();
  const filters = useMemo(() => readFilters(query), [query]);
  const apiQuery = useMemo(() => toApiQuery(filters), [filters]);
  usePageTitle('Audit log');
  const { data, error, loading, reload } = useApi(
    (signal) => api.request<EventLogCollection>('GET', '/api/v2/eventLogs', { query: apiQuery, signal }),
    [JSON.stringify(apiQuery)],
    { poll: true },
  );
  const cols = useMemo(() => columns(query, filters), [query, filters]);
  const events = useMemo(() => [...new Set([...KNOWN_EVENTS, ...(data?.event_logs.map((e) => e.event) ?? [])])].sort(), [data]);
  const owners = useMemo(() => [...new Set(data?.event_logs.map((e) => e.owner).filter((o): o is string => o !== null) ?? [])].sort(), [data]);
  const set = (patch: Record<string, string | readonly string[] | null>) => query.set({ ...patch, offset: null }, { push: true });
  const filtered = hasFilters(filters);

  return (
    <div className="page audit-page">
      <header className="page-header">
        <div>
          <h1>
            Audit log {data && <span className="count" data-testid="audit-count">{data.total_entries}</span>}
          </h1>
          <p className="page-subtitle">Who did what, and when: triggers, pauses, clears, marks and edits, newest first. Click an event or owner to filter by it.</p>
        </div>
      </header>
      <div className="toolbar audit-toolbar" role="search" aria-label="Filter the audit log">
        <DagPicker value={filters.dagId} onChange={(v) => set({ dag_id: v || null })} testId="audit-dag-filter" />
        <FilterBox label="Event" value={filters.event} options={events} onChange={(v) => set({ event: v || null })} testId="audit-event-filter" />
        <FilterBox label="Owner" value={filters.owner} options={owners} onChange={(v) => set({ owner: v || null })} testId="audit-owner-filter" />
        <DateRange label="When" from={filters.after} to={filters.before} onChange={({ from, to }) => query.set({ after: from || null, before: to || null, offset: null })} testId="audit-range" />
      </div>
      <div className="toolbar audit-toolbar">
        <TokenInput label="Only events" placeholder="event, …" values={filters.include} onChange={(v) => set({ include: v })} suggestions={events} testId="audit-include" />
        <TokenInput label="Leave out" placeholder="event, …" values={filters.exclude} onChange={(v) => set({ exclude: v })} suggestions={events} testId="audit-exclude" />
        {(filters.runId || filters.taskId) && (
          <span className="active-filters">
            {filters.runId && (
              <button type="button" className="chip chip-active" onClick={() => set({ run_id: null })}>
                run {filters.runId} ×
              </button>
            )}
            {filters.taskId && (
              <button type="button" className="chip chip-active" onClick={() => set({ task_id: null })}>
                task {filters.taskId} ×
              </button>
            )}
          </span>
        )}
        {filtered && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => query.set(CLEARED, { push: true })} data-testid="audit-clear-filters">
            Clear filters
          </button>
        )}
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the audit log" onRetry={() => void reload()} />}
      <DataTable
        label="Audit log"
        testId="audit-table"
        columns={cols}
        rows={data?.event_logs}
        rowKey={(e) => String(e.event_log_id)}
        loading={loading}
        sort={filters.sort}
        onSortChange={(sort) => query.set({ sort: formatSort(sort), offset: null }, { push: true })}
        paging={data ? { offset: filters.offset, limit: PAGE_SIZE, total: data.total_entries, onChange: (offset) => query.set({ offset: offset || null }, { push: true }) } : undefined}
        empty={
          filtered ? (
            <EmptyState title="Nothing matches these filters" icon="filter" action={<button type="button" className="btn" onClick={() => query.set(CLEARED, { push: true })}>Clear filters</button>}>
              <p>Try a wider time range, or fewer filters.</p>
            </EmptyState>
          ) : (
            <EmptyState title="Nothing recorded yet" icon="book">
              <p>Actions taken through the UI, the REST API or the CLI (triggering, pausing, clearing, editing variables…) are recorded here with who took them.</p>
            </EmptyState>
          )
        }
      />
    </div>
  );
}

/** A text box for an exact value with suggestions; applies on picking a suggestion, Enter, or leaving the box. */
function FilterBox({ label, value, options, onChange, testId }: { readonly label: string; readonly value: string; readonly options: readonly string[]; readonly onChange: (v: string) => void; readonly testId: string }) {
  const listId = `${testId}-options`;
  return (
    <label className="filter-field">
      <span className="visually-hidden">{label}</span>
      <input
        key={value}
        type="search"
        list={listId}
        defaultValue={value}
        placeholder={`${label}…`}
        aria-label={label}
        onChange={(e) => {
          if (e.target.value === '' || options.includes(e.target.value)) onChange(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(e.currentTarget.value.trim());
        }}
        onBlur={(e) => {
          if (e.target.value.trim() !== value) onChange(e.target.value.trim());
        }}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </label>
  );
}
