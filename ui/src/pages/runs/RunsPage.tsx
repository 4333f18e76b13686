/**
 * Every DAG run, newest first: filters (DAG, state, run type, a logical-date or
 * start-date range) in the URL, server-side sorting and paging, live. A
 * "Backfill" button opens the backfill dialog (`?backfill=new`, then
 * `?backfill=<id>` for its progress); with a DAG picked, its backfills are
 * listed above the runs.
 */
import type { DagRun, DagRunCollection } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { StateBadge } from '../../components/StateBadge';
import { Duration, formatDateTime, RelativeTime } from '../../components/Time';
import { pagingInUrl, sortInUrl } from '../../components/url-table';
import { usePageTitle } from '../../hooks/usePageTitle';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import { useQueryParams } from '../../router/query';
import { usePermissions } from '../../session/SessionProvider';
import type { PageProps } from '../page';
import { BackfillDialog } from './backfill/BackfillDialog';
import { BackfillsSection } from './backfill/BackfillsSection';
import { CLEARED, hasFilters, PAGE_SIZE, readFilters, toApiQuery } from './filters';
import { RunFiltersBar } from './RunFiltersBar';
import { runGridPath, runTypeLabel, triggeredByLabel } from './run-words';
import './runs.css';

const COLUMNS: readonly Column<DagRun>[] = [
  {
    id: 'dag_id',
    header: 'DAG',
    sortable: true,
    cell: (r) => (
      <Link to={paths.dag(r.dag_id)} className="run-dag">
        {r.dag_display_name}
      </Link>
    ),
  },
  {
    id: 'run_id',
    header: 'Run id',
    sortable: true,
    cell: (r) => (
      <Link to={runGridPath(r.dag_id, r.dag_run_id)} className="run-id mono" title={`${r.dag_run_id}\nOpen it in the DAG's grid`}>
        {r.dag_run_id}
      </Link>
    ),
  },
  { id: 'state', header: 'State', sortable: true, width: '110px', cell: (r) => <StateBadge state={r.state} /> },
  {
    id: 'run_type',
    header: 'Run type',
    width: '110px',
    cell: (r) => <span className={`run-type run-type-${r.run_type}`}>{runTypeLabel(r.run_type)}</span>,
  },
  {
    id: 'logical_date',
    header: 'Logical date',
    sortable: true,
    width: '180px',
    cell: (r) =>
      r.logical_date ? (
        <span className="nowrap" title={r.data_interval_start && r.data_interval_end ? `Data interval: ${formatDateTime(new Date(r.data_interval_start))} → ${formatDateTime(new Date(r.data_interval_end))}` : undefined}>
          {formatDateTime(new Date(r.logical_date))}
        </span>
      ) : (
        <span className="faint" title="Triggered without a logical date (Airflow 3)">
          none
        </span>
      ),
  },
  {
    id: 'start_date',
    header: 'Start',
    sortable: true,
    width: '110px',
    cell: (r) => (r.start_date ? <RelativeTime value={r.start_date} /> : <span className="faint">{r.state === 'queued' ? 'queued' : '—'}</span>),
  },
  {
    id: 'duration',
    header: 'Duration',
    align: 'right',
    width: '90px',
    cell: (r) => (r.start_date ? <Duration seconds={r.duration} start={r.start_date} end={r.end_date} /> : <span className="faint">—</span>),
  },
  { id: 'triggered_by', header: 'Triggered by', width: '120px', cell: (r) => <span className="muted">{triggeredByLabel(r)}</span> },
  {
    id: 'note',
    header: 'Note',
    cell: (r) =>
      r.note ? (
        <span className="run-note" title={r.note}>
          {r.note}
        </span>
      ) : null,
  },
];

export default function RunsPage(_props: PageProps) {
  const query = useQueryParams();
  const filters = useMemo(() => readFilters(query), [query]);
  const apiQuery = useMemo(() => toApiQuery(filters), [filters]);
  const { can, reason } = usePermissions();
  usePageTitle(filters.dagId || null, 'Runs');
  const { data, error, loading, reload } = useApi(
    (signal) => api.request<DagRunCollection>('GET', `/api/v2/dags/${encodeURIComponent(filters.dagId || '~')}/dagRuns`, { query: apiQuery, signal }),
    [filters.dagId, JSON.stringify(apiQuery)],
    { poll: true },
  );
  const backfill = query.get('backfill');
  const filtered = hasFilters(filters);
  const canBackfill = can('create', 'backfills');

  const empty = filtered ? (
    <EmptyState
      title="No runs match these filters"
      icon="filter"
      action={
        <button type="button" className="btn" onClick={() => query.set(CLEARED, { push: true })}>
          Clear filters
        </button>
      }
    >
      <p>Try another state or run type, or a wider date range.</p>
    </EmptyState>
  ) : (
    <EmptyState title="No runs yet" icon="play">
      <p>
        Runs appear here when a DAG is scheduled, triggered (the <Icon name="play" size={12} /> button on the <Link to={paths.dags()}>DAGs</Link> page, or{' '}
        <code>updraft dags trigger &lt;dag&gt;</code>) or backfilled.
      </p>
    </EmptyState>
  );

  return (
    <div className="page runs-page">
      <PageHeader title="Runs" count={data?.total_entries} countTestId="run-count" subtitle="Every DAG run, newest first. Click a run id to open it in its DAG’s grid.">
        <span title={canBackfill ? 'Run a DAG over a past date range' : reason('create', 'backfills')}>
          <button type="button" className="btn" onClick={() => query.set({ backfill: 'new' }, { push: true })} disabled={!canBackfill} aria-description={canBackfill ? undefined : reason('create', 'backfills')} data-testid="backfill-open">
            <Icon name="calendar" size={15} /> Backfill
          </button>
        </span>
      </PageHeader>
      <RunFiltersBar filters={filters} query={query} />
      {filters.dagId && <BackfillsSection dagId={filters.dagId} onOpen={(id) => query.set({ backfill: String(id) }, { push: true })} />}
      {error !== undefined && <ErrorBanner error={error} what="the runs" onRetry={() => void reload()} />}
      <DataTable
        label="DAG runs"
        testId="runs-table"
        columns={COLUMNS}
        rows={data?.dag_runs}
        rowKey={(r) => `${r.dag_id}/${r.dag_run_id}`}
        loading={loading}
        sort={filters.sort}
        onSortChange={sortInUrl(query)}
        paging={pagingInUrl(query, filters.offset, PAGE_SIZE, data?.total_entries)}
        empty={empty}
      />
      {backfill !== null && (
        <BackfillDialog
          which={backfill === 'new' ? 'new' : Number(backfill)}
          initialDagId={filters.dagId}
          onClose={() => query.set({ backfill: null }, { push: true })}
          onCreated={(b) => query.set({ backfill: String(b.id), dag_id: b.dag_id, offset: null }, { push: false })}
        />
      )}
    </div>
  );
}
