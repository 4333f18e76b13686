/**
 * The queue executor's fleet on the Cluster page (what Flower showed for
 * Celery): Redis and the workers' slots as tiles, then every worker that
 * reported in the last day (health, queues, the tries it runs, linked) and each
 * BullMQ queue's depth, flagging jobs waiting on a queue no healthy worker takes.
 */
import type { UiClusterFleet, UiClusterQueue, UiClusterWorker } from '@updraft/client';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import { SlotNumbers, UsageBar } from '../admin/UsageBar';
import { heartbeatAge, Health } from './Health';

type Fleet = UiClusterFleet;

export function FleetTiles({ fleet }: { readonly fleet: Fleet }) {
  const { redis, slots } = fleet;
  const counts = { running: slots.running, queued: 0, open: slots.open };
  return (
    <>
      <div className={`tile tile-${redis.status}`} data-testid="component-redis">
        <div className="tile-head">
          Redis (task queues)
          <Health status={redis.status} />
        </div>
        <div className="tile-value cell-clip" title={redis.address ?? undefined}>
          {redis.address ?? 'not configured'}
        </div>
        <div className="tile-sub">{redis.status === 'healthy' ? `Answered in ${redis.latency_ms ?? '?'} ms` : `Cannot see the workers: ${redis.error ?? 'unknown error'}`}</div>
      </div>
      <div className="tile" data-testid="worker-slots">
        <div className="tile-head">Worker slots</div>
        <div className="tile-value">
          <span className="num">{slots.running}</span> <span className="muted">of {slots.total} in use</span>
        </div>
        <div style={{ marginTop: 8 }}>
          <UsageBar counts={counts} label="Worker slots" />
          <SlotNumbers counts={counts} />
        </div>
        <div className="tile-sub">
          {slots.workers} healthy worker{slots.workers === 1 ? '' : 's'}: their concurrency is the queue executor&apos;s slots.
        </div>
      </div>
    </>
  );
}

const workerStatus = (w: UiClusterWorker) => (w.state === 'stopped' ? 'stopped' : w.healthy ? 'healthy' : 'unhealthy');

function RunningTries({ w }: { readonly w: UiClusterWorker }) {
  return (
    <div data-testid="worker-running">
      <span className="num">{w.running.length}</span> <span className="muted">/ {w.concurrency}</span>
      {w.running.length > 0 && (
        <ul className="worker-tries">
          {w.running.map((t) => (
            <li key={`${t.dag_id}/${t.run_id}/${t.task_id}/${t.map_index}`}>
              <Link to={paths.taskInstance(t.dag_id, t.run_id, t.task_id, t.map_index)} title={`${t.run_id}, try ${t.try_number}, started ${new Date(t.start_date).toLocaleString()}`}>
                {t.dag_id}.{t.task_id}
                {t.map_index >= 0 ? `[${t.map_index}]` : ''}
              </Link>{' '}
              <span className="muted">try {t.try_number}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const workerColumns: Column<UiClusterWorker>[] = [
  { id: 'name', header: 'Worker', width: '16%', cell: (w) => <span className="id-cell">{w.name}</span> },
  {
    id: 'host',
    header: 'Host',
    width: '15%',
    cell: (w) => (
      <span className="cell-mono" title={`PID ${w.pid}`}>
        {w.hostname}
      </span>
    ),
  },
  {
    id: 'queues',
    header: 'Queues',
    cell: (w) => (
      <span className="worker-queues">
        {w.queues.map((q) => (
          <span key={q} className="pill">
            {q}
          </span>
        ))}
      </span>
    ),
  },
  { id: 'concurrency', header: 'Concurrency', align: 'right', width: '100px', cell: (w) => <span className="num">{w.concurrency}</span> },
  { id: 'running', header: 'Running', width: '24%', cell: (w) => <RunningTries w={w} /> },
  {
    id: 'heartbeat',
    header: 'Last heartbeat',
    width: '120px',
    cell: (w) => (
      <span title={new Date(w.latest_heartbeat).toLocaleString()} data-testid="worker-heartbeat">
        {heartbeatAge(w.heartbeat_age_seconds)}
      </span>
    ),
  },
  { id: 'version', header: 'Version', width: '80px', cell: (w) => <span className="cell-mono">{w.version}</span> },
  {
    id: 'health',
    header: 'Health',
    width: '130px',
    cell: (w) => (
      <span className="worker-health">
        <Health status={workerStatus(w)} />
        {w.state === 'stopping' && <span className="pill pill-warning">draining</span>}
      </span>
    ),
  },
];

const count = (n: number) => <span className="num">{n}</span>;

const queueColumns: Column<UiClusterQueue>[] = [
  { id: 'queue', header: 'Queue', width: '22%', cell: (q) => <span className="id-cell">{q.queue}</span> },
  { id: 'waiting', header: 'Waiting', align: 'right', cell: (q) => count(q.waiting) },
  { id: 'active', header: 'Active', align: 'right', cell: (q) => count(q.active) },
  { id: 'delayed', header: 'Delayed', align: 'right', cell: (q) => count(q.delayed) },
  { id: 'failed', header: 'Failed', align: 'right', cell: (q) => count(q.failed) },
  {
    id: 'workers',
    header: 'Healthy workers',
    align: 'right',
    width: '200px',
    cell: (q) =>
      q.workers === 0 && q.waiting > 0 ? (
        <span className="pill pill-danger" title="Jobs wait here but no healthy worker takes this queue: start one with updraft worker --queues ...">
          none: jobs are stuck
        </span>
      ) : (
        count(q.workers)
      ),
  },
];

export function FleetTables({ fleet }: { readonly fleet: Fleet }) {
  const unhealthy = fleet.workers.filter((w) => workerStatus(w) === 'unhealthy').length;
  return (
    <>
      <h2 className="section-title">
        Workers{' '}
        <span className="muted">
          {unhealthy > 0 ? `${unhealthy} unhealthy · ` : ''}healthy while they beat at least every {fleet.health_threshold_seconds} s; listed for a day after their last heartbeat
        </span>
      </h2>
      <DataTable
        label="Workers"
        testId="cluster-workers"
        columns={workerColumns}
        rows={fleet.workers}
        rowKey={(w) => w.name}
        rowClassName={(w) => (workerStatus(w) === 'unhealthy' ? 'row-unhealthy' : undefined)}
        empty={
          <EmptyState title={fleet.redis.status === 'healthy' ? 'No worker has reported' : 'Cannot see the workers'} icon="monitor">
            <p>{fleet.redis.status === 'healthy' ? 'Queued tasks wait until a worker runs: start one with updraft worker --queues default.' : 'Redis does not answer this API server (see the Redis tile above).'}</p>
          </EmptyState>
        }
      />

      <div className="spacer-lg" />
      <h2 className="section-title">
        Queues <span className="muted">BullMQ jobs by state; tasks go to the queue named by their queue (default: default)</span>
      </h2>
      <DataTable label="Queues" testId="cluster-queues" columns={queueColumns} rows={fleet.queues} rowKey={(q) => q.queue} />
      <div className="spacer-lg" />
    </>
  );
}
