/**
 * The cluster at a glance, live every 2 s (what Airflow users opened Flower
 * for): the metadata database, the scheduler and DAG processor (and workers or
 * a triggerer once they run) with their latest heartbeat and its age, executor
 * slots, with the queue executor its Redis, workers and queues, task instances
 * waiting for or holding a slot, pools, and the jobs.
 */
import type { UiCluster, UiClusterComponent, UiClusterJob, UiClusterPool } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingBlock } from '../../components/Loading';
import { stateLabel } from '../../components/states';
import { RelativeTime } from '../../components/Time';
import { Link } from '../../router/Link';
import { usePermissions } from '../../session/SessionProvider';
import '../admin/admin.css';
import { SlotNumbers, UsageBar } from '../admin/UsageBar';
import type { PageProps } from '../page';
import { FleetTables, FleetTiles } from './FleetSection';
import { heartbeatAge as age, Health } from './Health';

const POLL_MS = 2000;

const KIND_LABEL: Readonly<Record<string, string>> = {
  scheduler: 'Scheduler',
  dag_processor: 'DAG processor',
  triggerer: 'Triggerer',
  worker: 'Workers',
  api_server: 'API server',
};


function ComponentTile({ c, threshold }: { readonly c: UiClusterComponent; readonly threshold: number }) {
  const label = KIND_LABEL[c.kind] ?? c.kind;
  return (
    <div className={`tile tile-${c.status}`} data-testid={`component-${c.kind}`}>
      <div className="tile-head">
        {label}
        <Health status={c.status} />
      </div>
      <div className="tile-value" data-testid={`heartbeat-${c.kind}`} title={c.latest_heartbeat ? `Latest heartbeat: ${new Date(c.latest_heartbeat).toLocaleString()}` : undefined}>
        {c.latest_heartbeat ? `Heartbeat ${age(c.heartbeat_age_seconds)}` : 'No heartbeat'}
      </div>
      <div className="tile-sub">
        {c.embedded_in
          ? `Runs inside the ${KIND_LABEL[c.embedded_in]?.toLowerCase() ?? c.embedded_in} process: its health is that one's.`
          : c.status === 'unhealthy'
            ? `Silent for more than ${threshold} s: the process may be stuck or gone.`
            : c.status === 'not_running'
              ? c.kind === 'scheduler'
                ? 'Nothing is being scheduled: start updraft scheduler (or updraft standalone).'
                : 'No process of this kind is running.'
              : `${c.running_jobs} process${c.running_jobs === 1 ? '' : 'es'} · healthy while it beats at least every ${threshold} s`}
      </div>
      {c.kind === 'dag_processor' && (
        <div className="tile-sub">
          DAG files last parsed <RelativeTime value={c.last_activity} empty="never" />
        </div>
      )}
    </div>
  );
}

function DatabaseTile({ db }: { readonly db: UiCluster['metadatabase'] }) {
  return (
    <div className={`tile tile-${db.status}`} data-testid="component-metadatabase">
      <div className="tile-head">
        Metadata database
        <Health status={db.status} />
      </div>
      <div className="tile-value">{db.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}</div>
      <div className="tile-sub">{db.status === 'healthy' ? `Answered these health queries in ${db.latency_ms ?? '?'} ms` : `Did not answer: ${db.error ?? 'unknown error'}`}</div>
    </div>
  );
}

function ExecutorTile({ e }: { readonly e: UiCluster['executor'] }) {
  return (
    <div className="tile" data-testid="executor">
      <div className="tile-head">
        Executor
        <span className="pill">{e.kind}</span>
      </div>
      <div className="tile-value">
        <span className="num" data-testid="executor-used">{e.used}</span> <span className="muted">of {e.parallelism} slots in use</span>
      </div>
      <div style={{ marginTop: 8 }}>
        <UsageBar counts={{ running: e.running, queued: e.queued, open: e.open }} label="Executor slots" />
        <SlotNumbers counts={{ running: e.running, queued: e.queued, open: e.open }} />
      </div>
      <div className="tile-sub">core.parallelism = {e.parallelism}: task instances running at once on this installation.</div>
    </div>
  );
}

const DEPTHS: readonly [keyof UiCluster['task_instances'], string][] = [
  ['scheduled', 'ready, waiting for a slot'],
  ['queued', 'sent to the executor'],
  ['running', 'running now'],
  ['deferred', 'waiting on a trigger'],
  ['up_for_retry', 'failed, will retry'],
  ['up_for_reschedule', 'sensors between pokes'],
];

function QueueDepths({ counts }: { readonly counts: UiCluster['task_instances'] }) {
  return (
    <div className="depth-grid" data-testid="queue-depths">
      {DEPTHS.map(([state, help]) => (
        <div key={state} className={`tile depth state-${state}`} data-state={state}>
          <div className="tile-head">{stateLabel(state)}</div>
          <div className="tile-value num" data-testid={`depth-${state}`}>
            {counts[state]}
          </div>
          <div className="tile-sub">{help}</div>
        </div>
      ))}
    </div>
  );
}

const poolColumns: Column<UiClusterPool>[] = [
  { id: 'name', header: 'Pool', width: '22%', cell: (p) => <span className="id-cell">{p.name}</span> },
  { id: 'slots', header: 'Slots', align: 'right', width: '70px', cell: (p) => (p.slots === -1 ? '∞' : <span className="num">{p.slots}</span>) },
  {
    id: 'usage',
    header: 'Usage',
    cell: (p) => (
      <div>
        <UsageBar counts={{ running: p.running, queued: p.queued, deferred: p.deferred, scheduled: p.scheduled, open: p.open }} label={`${p.name} slots`} />
        <SlotNumbers counts={{ running: p.running, queued: p.queued, deferred: p.deferred, scheduled: p.scheduled, open: p.open }} />
      </div>
    ),
  },
];

const jobColumns: Column<UiClusterJob>[] = [
  { id: 'kind', header: 'Job', width: '150px', cell: (j) => <span className="id-cell">{KIND_LABEL[j.kind] ?? j.kind}</span> },
  { id: 'host', header: 'Host', cell: (j) => <span className="cell-mono">{j.hostname}</span> },
  { id: 'pid', header: 'PID', align: 'right', width: '80px', cell: (j) => <span className="num">{j.pid}</span> },
  {
    id: 'state',
    header: 'State',
    width: '150px',
    cell: (j) =>
      j.state === 'running' ? <Health status={j.alive ? 'healthy' : 'unhealthy'} /> : <span className={`pill${j.state === 'failed' ? ' pill-danger' : ''}`}>{j.state === 'success' ? 'stopped' : j.state}</span>,
  },
  { id: 'started', header: 'Started', width: '130px', cell: (j) => <RelativeTime value={j.start_date} /> },
  { id: 'heartbeat', header: 'Latest heartbeat', width: '150px', cell: (j) => <span title={new Date(j.latest_heartbeat).toLocaleString()}>{age(j.heartbeat_age_seconds)}</span> },
  { id: 'ended', header: 'Ended', width: '120px', cell: (j) => <RelativeTime value={j.end_date} /> },
];

export default function ClusterPage(_props: PageProps) {
  const { can } = usePermissions();
  const { data, error, reload } = useApi((signal) => api.ui.cluster(signal), [], { poll: POLL_MS });
  const scheduler = useMemo(() => data?.components.find((c) => c.kind === 'scheduler'), [data]);
  if (!data) return error !== undefined ? <div className="page"><ErrorBanner error={error} what="the cluster's health" onRetry={() => void reload()} /></div> : <LoadingBlock />;
  const others = data.components.filter((c) => c.kind !== 'scheduler' && c.kind !== 'dag_processor').map((c) => c.kind);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Cluster</h1>
          <p className="page-subtitle">
            Live every {POLL_MS / 1000} s (updated <time dateTime={data.generated_at}>{new Date(data.generated_at).toLocaleTimeString()}</time>) · a component is healthy while its heartbeat is younger than {data.health_threshold_seconds} s.
          </p>
        </div>
      </header>
      {error !== undefined && <ErrorBanner error={error} what="the latest health" onRetry={() => void reload()} />}
      {scheduler && scheduler.status !== 'healthy' && (
        <div className="callout callout-danger banner" role="alert">
          <div className="banner-body">
            <strong>{scheduler.status === 'not_running' ? 'No scheduler is running' : `The scheduler has been silent for ${age(scheduler.heartbeat_age_seconds)}`}</strong>
            <div>Runs are not created and tasks are not queued until it is back. Check its log, or start it: updraft scheduler (or updraft standalone).</div>
          </div>
        </div>
      )}
      <div className="tile-grid">
        <DatabaseTile db={data.metadatabase} />
        {data.components.map((c) => (
          <ComponentTile key={c.kind} c={c} threshold={data.health_threshold_seconds} />
        ))}
        <ExecutorTile e={data.executor} />
        {data.fleet && <FleetTiles fleet={data.fleet} />}
      </div>
      {others.length === 0 && !data.fleet && <p className="field-hint" style={{ marginTop: -10, marginBottom: 16 }}>No separate workers or triggerer: the local executor runs each task as a child process of the scheduler.</p>}

      {data.fleet && <FleetTables fleet={data.fleet} />}

      <h2 className="section-title">
        Task instances by state <span className="muted">what is waiting for or holding a slot, across all DAGs</span>
      </h2>
      <QueueDepths counts={data.task_instances} />

      <h2 className="section-title">
        Pools{' '}
        <span className="muted">
          {data.pools_total > data.pools.length ? `${data.pools.length} of ${data.pools_total} · ` : ''}
          {can('read', 'pools') ? <Link to="/pools">manage pools</Link> : 'slots by state'}
        </span>
      </h2>
      <DataTable label="Pools" testId="cluster-pools" columns={poolColumns} rows={data.pools} rowKey={(p) => p.name} />

      <div className="spacer-lg" />
      <h2 className="section-title">
        Jobs <span className="muted">running ones, and those that stopped in the last day</span>
      </h2>
      <DataTable
        label="Jobs"
        testId="cluster-jobs"
        columns={jobColumns}
        rows={data.jobs}
        rowKey={(j) => String(j.id)}
        pageSize={20}
        empty={
          <EmptyState title="No jobs in the last day" icon="clock">
            <p>No scheduler has run against this database recently: start one with updraft scheduler (or updraft standalone).</p>
          </EmptyState>
        }
      />
    </div>
  );
}
