/**
 * The DAG page's header: breadcrumb, the paused switch and the DAG id, its
 * description, schedule in words, next run, owners and tags (each a link to
 * the DAG list filtered by it), the Trigger button, and warnings when the
 * DAG's file failed to load or no longer defines it.
 */
import type { Dag } from '@updraft/client';
import { Icon } from '../../components/Icon';
import { formatDateTime, RelativeTime } from '../../components/Time';
import { TriggerButton } from '../../components/trigger/TriggerButton';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import { PauseToggle } from '../dags/PauseToggle';

export interface DagHeaderProps {
  readonly dag: Dag;
  readonly onChanged: () => void;
}

function NextRun({ dag }: { readonly dag: Dag }) {
  const at = dag.next_dagrun_run_after ?? dag.next_dagrun_logical_date;
  if (!dag.timetable_summary) return <span className="faint">only when triggered</span>;
  if (dag.is_paused) return <span className="faint" title="Unpause it to schedule its next run">none while paused</span>;
  if (!at) return <span className="faint">none scheduled</span>;
  const interval =
    dag.next_dagrun_data_interval_start && dag.next_dagrun_data_interval_end
      ? `Data interval: ${formatDateTime(new Date(dag.next_dagrun_data_interval_start))} → ${formatDateTime(new Date(dag.next_dagrun_data_interval_end))}`
      : undefined;
  return (
    <span title={interval}>
      <RelativeTime value={at} /> <span className="faint">({formatDateTime(new Date(at))})</span>
    </span>
  );
}

export function DagHeader({ dag, onChanged }: DagHeaderProps) {
  const filterLink = (key: 'tags' | 'owners', value: string) => `${paths.dags()}?${new URLSearchParams({ [key]: value }).toString()}`;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={paths.dags()}>DAGs</Link>
        <Icon name="chevron-right" size={12} />
        <span aria-current="page">{dag.dag_id}</span>
      </nav>
      <header className="page-header dag-header" data-testid="dag-header">
        <div className="dag-header-main">
          <h1>
            <PauseToggle dagId={dag.dag_id} paused={dag.is_paused} onChanged={onChanged} />
            <span className="dag-title">{dag.dag_display_name}</span>
            {dag.is_paused && <span className="chip dag-paused-chip">Paused</span>}
          </h1>
          {dag.description && <p className="page-subtitle">{dag.description}</p>}
          <dl className="dag-facts">
            <div>
              <dt>
                <Icon name="clock" size={13} /> Schedule
              </dt>
              <dd data-testid="dag-schedule">
                <span className="schedule-words">{dag.timetable_description ?? dag.timetable_summary ?? 'Manual only'}</span>
                {dag.timetable_summary && dag.timetable_summary !== dag.timetable_description && <span className="schedule-raw"> {dag.timetable_summary}</span>}
              </dd>
            </div>
            <div>
              <dt>
                <Icon name="calendar" size={13} /> Next run
              </dt>
              <dd data-testid="dag-next-run">
                <NextRun dag={dag} />
              </dd>
            </div>
            {dag.owners.length > 0 && (
              <div>
                <dt>
                  <Icon name="user" size={13} /> Owner
                </dt>
                <dd className="dag-meta">
                  {dag.owners.map((o) => (
                    <Link key={o} to={filterLink('owners', o)} className="chip" title={`DAGs owned by ${o}`}>
                      {o}
                    </Link>
                  ))}
                </dd>
              </div>
            )}
            {dag.tags.length > 0 && (
              <div>
                <dt>
                  <Icon name="tag" size={13} /> Tags
                </dt>
                <dd className="dag-meta">
                  {dag.tags.map((t) => (
                    <Link key={t.name} to={filterLink('tags', t.name)} className="chip" title={`DAGs tagged ${t.name}`}>
                      {t.name}
                    </Link>
                  ))}
                </dd>
              </div>
            )}
          </dl>
        </div>
        <div className="dag-actions">
          <TriggerButton dagId={dag.dag_id} variant="button" onTriggered={(run) => navigate(paths.dagRun(dag.dag_id, run.dag_run_id))} />
        </div>
      </header>
      {dag.has_import_errors && (
        <div className="callout callout-warning banner" role="status" data-testid="dag-import-error">
          <Icon name="alert" />
          <div className="banner-body">
            <strong>{dag.relative_fileloc ?? dag.fileloc} failed to load on its last parse</strong>
            <div>
              {dag.is_stale
                ? 'Until the file loads again this DAG is not scheduled; its runs, logs and history stay here.'
                : 'This DAG keeps running as it was last loaded; changes in the file are not picked up until it is fixed.'}
            </div>
          </div>
          <Link to={paths.importErrors()} className="btn btn-sm">
            See the error <Icon name="chevron-right" size={14} />
          </Link>
        </div>
      )}
      {dag.is_stale && !dag.has_import_errors && (
        <div className="callout callout-warning banner" role="status">
          <Icon name="info" />
          <div className="banner-body">
            <strong>No DAG file defines {dag.dag_id} any more</strong>
            <div>Its history is kept here; it is not scheduled. Put it back in a DAG file to run it again.</div>
          </div>
        </div>
      )}
    </>
  );
}
