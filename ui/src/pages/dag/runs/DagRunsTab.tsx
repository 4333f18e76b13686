/**
 * The Runs tab: this DAG's runs, newest first, filtered by state and run type,
 * sorted and paged on the server (all in the URL), live. Each run links to the
 * grid with that run selected.
 */
import type { DagRun } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { DataTable, formatSort, parseSort, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { StateBadge } from '../../../components/StateBadge';
import { Duration, formatDateTime, RelativeTime } from '../../../components/Time';
import { navigate } from '../../../router/history';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/paths';
import { useQueryParams } from '../../../router/query';
import type { TabProps } from '../tab-props';

const PAGE = 50;
const STATES = ['queued', 'running', 'success', 'failed'] as const;
const TYPES = ['scheduled', 'manual', 'backfill', 'asset_triggered'] as const;

function columns(dagId: string): Column<DagRun>[] {
  return [
    { id: 'state', header: 'State', width: '120px', sortable: true, cell: (r) => <StateBadge state={r.state} /> },
    {
      id: 'run_id',
      header: 'Run',
      sortable: true,
      cell: (r) => (
        <Link to={paths.dagRun(dagId, r.dag_run_id)} className="mono" title="Show this run in the grid">
          {r.dag_run_id}
        </Link>
      ),
    },
    { id: 'run_type', header: 'Type', width: '110px', cell: (r) => r.run_type.replace('_', ' ') },
    {
      id: 'logical_date',
      header: 'Logical date',
      width: '190px',
      sortable: true,
      cell: (r) => (r.logical_date ? <span title={formatDateTime(new Date(r.logical_date))}>{formatDateTime(new Date(r.logical_date))}</span> : <span className="faint">—</span>),
    },
    { id: 'start_date', header: 'Started', width: '120px', sortable: true, cell: (r) => <RelativeTime value={r.start_date} /> },
    { id: 'duration', header: 'Duration', width: '90px', align: 'right', cell: (r) => <Duration seconds={r.duration} start={r.start_date} end={r.end_date} /> },
    { id: 'triggered_by', header: 'Triggered by', width: '110px', cell: (r) => r.triggered_by ?? <span className="faint">—</span> },
    { id: 'version', header: 'Version', width: '70px', cell: (r) => (r.dag_versions[0] ? `v${r.dag_versions[0].version_number}` : '—') },
    { id: 'note', header: 'Note', cell: (r) => (r.note ? <span className="run-note" title={r.note}>{r.note}</span> : null) },
  ];
}

export default function DagRunsTab({ dagId }: TabProps) {
  const query = useQueryParams();
  const states = query.getAll('state');
  const types = query.getAll('run_type');
  const sort = parseSort(query.get('sort')) ?? { id: 'run_after', desc: true };
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const runs = useApi(
    () => api.dagRuns.list(dagId, { limit: PAGE, offset, state: states.length > 0 ? states : undefined, run_type: types.length > 0 ? types : undefined, order_by: formatSort(sort) ?? undefined }),
    [dagId, offset, states.join(','), types.join(','), formatSort(sort)],
    { poll: true },
  );
  const cols = useMemo(() => columns(dagId), [dagId]);
  const toggle = (key: 'state' | 'run_type', list: readonly string[], value: string) =>
    query.set({ [key]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value], offset: null }, { push: true });
  const filtered = states.length > 0 || types.length > 0;

  return (
    <div className="dag-runs-tab">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Run state">
          {STATES.map((s) => (
            <button key={s} type="button" aria-pressed={states.includes(s)} onClick={() => toggle('state', states, s)} data-testid={`runs-state-${s}`}>
              {s}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Run type">
          {TYPES.map((t) => (
            <button key={t} type="button" aria-pressed={types.includes(t)} onClick={() => toggle('run_type', types, t)}>
              {t.replace('_', ' ')}
            </button>
          ))}
        </div>
        {filtered && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => query.set({ state: null, run_type: null, offset: null }, { push: true })}>
            Clear filters
          </button>
        )}
        <span className="toolbar-spacer" />
        {runs.data && <span className="muted num">{runs.data.total_entries} runs</span>}
      </div>
      {runs.error !== undefined && <ErrorBanner error={runs.error} what="the runs" onRetry={() => void runs.reload()} />}
      <DataTable
        label={`Runs of ${dagId}`}
        testId="dag-runs-table"
        columns={cols}
        rows={runs.data?.dag_runs}
        rowKey={(r) => r.dag_run_id}
        loading={runs.loading}
        sort={sort}
        onSortChange={(next) => query.set({ sort: formatSort(next), offset: null }, { push: true })}
        onRowClick={(r) => navigate(paths.dagRun(dagId, r.dag_run_id))}
        paging={runs.data ? { offset, limit: PAGE, total: runs.data.total_entries, onChange: (o) => query.set({ offset: o || null }, { push: true }) } : undefined}
        empty={
          filtered ? (
            <EmptyState title="No runs match these filters" icon="filter" action={<button type="button" className="btn" onClick={() => query.set({ state: null, run_type: null, offset: null }, { push: true })}>Clear filters</button>} />
          ) : (
            <EmptyState title="No runs yet" icon="play">
              <p>Trigger the DAG with the button above, or unpause it to run on its schedule.</p>
            </EmptyState>
          )
        }
      />
    </div>
  );
}
