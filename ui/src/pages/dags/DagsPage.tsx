/**
 * The DAGs list: every DAG with its paused switch, schedule in words, next
 * run, last run and recent runs as coloured dots; search, tag, owner and
 * paused filters in the URL; a banner when DAG files failed to load. Live
 * (polls every 3 s while visible).
 */
import type { UiDag } from '@updraft/client';
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
import { TriggerButton } from '../../components/trigger/TriggerButton';
import { pagingInUrl, sortInUrl } from '../../components/url-table';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import { useQueryParams, type QueryState } from '../../router/query';
import type { PageProps } from '../page';
import { DagToolbar } from './DagToolbar';
import { hasFilters, PAGE_SIZE, readFilters, toApiQuery } from './filters';
import { PauseToggle } from './PauseToggle';
import { RecentRuns } from './RecentRuns';

function columns(query: QueryState, filters: ReturnType<typeof readFilters>, reload: () => void): Column<UiDag>[] {
  const addFilter = (key: 'tags' | 'owners', value: string) => {
    if (!filters[key].includes(value)) query.set({ [key]: [...filters[key], value], offset: null }, { push: true });
  };
  return [
    {
      id: 'paused',
      header: <span className="visually-hidden">Active</span>,
      width: '52px',
      cell: (d) => <PauseToggle dagId={d.dag_id} paused={d.is_paused} onChanged={reload} />,
    },
    {
      id: 'dag_id',
      header: 'DAG',
      sortable: true,
      cell: (d) => (
        <div className="dag-cell">
          <Link to={paths.dag(d.dag_id)} className="dag-id">
            {d.dag_display_name}
          </Link>
          {d.description && (
            <span className="dag-desc" title={d.description}>
              {d.description}
            </span>
          )}
          {d.tags.length > 0 && (
            <span className="dag-meta">
              {d.tags.map((t) => (
                <button key={t.name} type="button" className={`chip${filters.tags.includes(t.name) ? ' chip-active' : ''}`} onClick={() => addFilter('tags', t.name)} title={`Show DAGs tagged ${t.name}`}>
                  {t.name}
                </button>
              ))}
            </span>
          )}
        </div>
      ),
    },
    {
      id: 'owners',
      header: 'Owner',
      width: '110px',
      cell: (d) => (
        <span className="dag-meta">
          {d.owners.map((o) => (
            <button key={o} type="button" className="chip" onClick={() => addFilter('owners', o)} title={`Show DAGs owned by ${o}`}>
              {o}
            </button>
          ))}
        </span>
      ),
    },
    {
      id: 'schedule',
      header: 'Schedule',
      width: '210px',
      cell: (d) => (
        <span className="schedule" data-testid="schedule">
          <span className="schedule-words">{d.timetable_description ?? d.timetable_summary ?? 'none'}</span>
          {d.timetable_summary && d.timetable_summary !== d.timetable_description && <span className="schedule-raw">{d.timetable_summary}</span>}
        </span>
      ),
    },
    {
      id: 'next_dagrun',
      header: 'Next run',
      sortable: true,
      width: '130px',
      cell: (d) => {
        const at = d.next_dagrun_run_after ?? d.next_dagrun_logical_date;
        if (!at) return d.is_paused && d.timetable_summary ? <span className="faint" title="Unpause it to schedule its next run">Paused</span> : <span className="faint">—</span>;
        const interval = d.next_dagrun_data_interval_start && d.next_dagrun_data_interval_end ? `Data interval: ${formatDateTime(new Date(d.next_dagrun_data_interval_start))} → ${formatDateTime(new Date(d.next_dagrun_data_interval_end))}` : '';
        return (
          <span title={interval}>
            <RelativeTime value={at} className={d.is_paused ? 'faint' : undefined} />
            {d.is_paused && <span className="cell-sub">paused</span>}
          </span>
        );
      },
    },
    {
      id: 'last_run',
      header: 'Last run',
      width: '170px',
      cell: (d) => {
        const last = d.latest_dag_runs[0];
        if (!last) return <span className="faint">Never run</span>;
        return (
          <Link to={paths.run(d.dag_id, last.dag_run_id)} className="nowrap" title={last.dag_run_id} data-testid="last-run">
            <StateBadge state={last.state} />
            <span className="cell-sub">
              <RelativeTime value={last.start_date ?? last.run_after} />
            </span>
          </Link>
        );
      },
    },
    {
      id: 'duration',
      header: 'Duration',
      align: 'right',
      width: '90px',
      cell: (d) => {
        const last = d.latest_dag_runs[0];
        if (!last?.start_date) return <span className="faint">—</span>;
        return <Duration seconds={last.duration} start={last.start_date} end={last.end_date} />;
      },
    },
    {
      id: 'runs',
      header: 'Recent runs',
      width: '230px',
      cell: (d) => <RecentRuns dagId={d.dag_id} runs={d.latest_dag_runs} />,
    },
    {
      id: 'trigger',
      header: <span className="visually-hidden">Trigger</span>,
      width: '44px',
      align: 'center',
      cell: (d) => <TriggerButton dagId={d.dag_id} onTriggered={reload} />,
    },
  ];
}

export default function DagsPage(_props: PageProps) {
  const query = useQueryParams();
  const filters = useMemo(() => readFilters(query), [query]);
  const apiQuery = useMemo(() => toApiQuery(filters), [filters]);
  const { data, error, loading, reload } = useApi((signal) => api.ui.dags(apiQuery, signal), [JSON.stringify(apiQuery)], { poll: true });
  const cols = useMemo(() => columns(query, filters, () => void reload()), [query, filters, reload]);
  const filtered = hasFilters(filters);

  const empty =
    data && data.counts.all === 0 && !filtered ? (
      <EmptyState title="No DAGs yet" icon="dag">
        <p>
          Put a DAG file (<code>.ts</code>) in your DAGs folder (<code>$UPDRAFT_HOME/dags</code> by default): it shows up here within seconds.
        </p>
        <p className="muted">
          <code>updraft dags list</code> shows what loaded; files that fail to load are listed under <Link to={paths.importErrors()}>Import errors</Link>.
        </p>
      </EmptyState>
    ) : (
      <EmptyState
        title="No DAGs match these filters"
        icon="filter"
        action={
          <button type="button" className="btn" onClick={() => query.set({ search: null, tags: null, owners: null, paused: null, offset: null }, { push: true })}>
            Clear filters
          </button>
        }
      >
        <p>{filters.search ? `No DAG id contains “${filters.search}” with the other filters applied.` : 'Try fewer tags or owners, or another tab.'}</p>
      </EmptyState>
    );

  return (
    <div className="page">
      <PageHeader title="DAGs" count={data?.total_entries} countTestId="dag-count" />
      {data && data.import_errors > 0 && (
        <div className="callout callout-warning banner" role="status" data-testid="import-error-banner">
          <Icon name="alert" />
          <div className="banner-body">
            <strong>
              {data.import_errors === 1 ? '1 DAG file failed to load' : `${data.import_errors} DAG files failed to load`}
            </strong>
            <div>Its DAGs are missing from this list until the file is fixed; the rest keep running.</div>
          </div>
          <Link to={paths.importErrors()} className="btn btn-sm">
            See the import errors <Icon name="chevron-right" size={14} />
          </Link>
        </div>
      )}
      <DagToolbar filters={filters} query={query} counts={data?.counts} tags={data?.tags ?? []} owners={data?.owners ?? []} />
      {error !== undefined && <ErrorBanner error={error} what="the DAGs" onRetry={() => void reload()} />}
      <DataTable
        label="DAGs"
        testId="dag-table"
        columns={cols}
        rows={data?.dags}
        rowKey={(d) => d.dag_id}
        rowClassName={(d) => (d.is_paused ? 'paused-row' : undefined)}
        loading={loading}
        sort={filters.sort}
        onSortChange={sortInUrl(query)}
        paging={pagingInUrl(query, filters.offset, PAGE_SIZE, data?.total_entries)}
        empty={empty}
      />
    </div>
  );
}
