/**
 * A task instance beside the grid: its state and facts (times, duration,
 * operator, pool, queue, priority, host, pid, map index), why it is not
 * running yet, its tries (a tab each, `?try=n`) with each try's log (live while
 * it runs), its XComs and rendered fields (`?section=`), and the actions
 * Clear and Mark success / failed, each with a dry-run preview first. A
 * mapped task lists its instances (`?map_index=n` picks one). Everything
 * refreshes while the instance is unfinished.
 */
import type { Task, TaskInstance, TiRef } from '@updraft/client';
import { UpdraftApiError } from '@updraft/client';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock } from '../../../components/Loading';
import { StateBadge, StateDot } from '../../../components/StateBadge';
import { stateLabel } from '../../../components/states';
import { Duration } from '../../../components/Time';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/paths';
import { useQueryParams } from '../../../router/query';
import { usePermissions } from '../../../session/SessionProvider';
import { When } from '../When';
import { ClearDialog } from './ClearDialog';
import { JsonView } from './JsonView';
import { LogViewer } from './LogViewer';
import { MarkDialog } from './MarkDialog';
import { WhyNotRunning } from './WhyNotRunning';
import { XComList } from './XComList';
import { ActionReason } from '../ActionReason';

export interface TaskInstancePanelProps {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** -1: not mapped, or the mapped task as a whole. */
  readonly mapIndex: number;
  readonly onClose: () => void;
}

const FINISHED = new Set(['success', 'failed', 'skipped', 'upstream_failed', 'removed']);
/** States in which the current try is (or is about to be) writing its log. */
const LIVE = new Set(['running', 'queued', 'scheduled', 'restarting', 'deferred', 'up_for_reschedule']);
const SECTIONS = [
  ['logs', 'Logs'],
  ['xcom', 'XCom'],
  ['rendered', 'Rendered fields'],
  ['details', 'Details'],
] as const;
type Section = (typeof SECTIONS)[number][0];

function Facts({ ti }: { readonly ti: TaskInstance }) {
  const fact = (label: string, value: ReactNode, testId?: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? <span className="faint">—</span>}</dd>
    </div>
  );
  return (
    <dl className="ti-facts" data-testid="ti-facts">
      {fact('Started', <When value={ti.start_date} />)}
      {fact('Ended', <When value={ti.end_date} />)}
      {fact('Duration', <Duration seconds={ti.duration} start={ti.start_date} end={ti.end_date} />)}
      {fact('Try', `${ti.try_number || '—'} of ${ti.max_tries + 1}`, 'ti-try')}
      {fact('Operator', ti.operator)}
      {fact('Pool', ti.pool_slots > 1 ? `${ti.pool} (${ti.pool_slots} slots)` : ti.pool)}
      {fact('Queue', ti.queue)}
      {fact('Priority weight', ti.priority_weight)}
      {fact('Hostname', ti.hostname)}
      {fact('PID', ti.pid)}
      {fact('Map index', ti.map_index >= 0 ? ti.map_index : 'not mapped')}
      {fact('Executor', ti.executor)}
    </dl>
  );
}

function Details({ ti, task }: { readonly ti: TaskInstance; readonly task: Task | undefined }) {
  const rows: [string, ReactNode][] = [
    ['Task id', <span className="mono">{ti.task_id}</span>],
    ['Run', <span className="mono">{ti.dag_run_id}</span>],
    ['State', <StateBadge state={ti.state} />],
    ['Logical date', <When value={ti.logical_date} />],
    ['Run after', <When value={ti.run_after} />],
    ['Scheduled', <When value={ti.scheduled_when} />],
    ['Queued', <When value={ti.queued_when} />],
    ['DAG version', ti.dag_version ? `v${ti.dag_version.version_number}` : '—'],
    ['Note', ti.note ?? <span className="faint">none</span>],
  ];
  if (task) {
    rows.push(
      ['Trigger rule', task.trigger_rule],
      ['Retries', task.retries],
      ['Depends on past', task.depends_on_past ? 'yes' : 'no'],
      ['Downstream', task.downstream_task_ids && task.downstream_task_ids.length > 0 ? task.downstream_task_ids.join(', ') : 'none'],
    );
  }
  return (
    <>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k} className="facts-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {task?.doc_md && (
        <>
          <h3 className="panel-section">Documentation</h3>
          <pre className="doc-text">{task.doc_md}</pre>
        </>
      )}
    </>
  );
}

function RenderedFields({ ti }: { readonly ti: TaskInstance }) {
  const fields = Object.entries(ti.rendered_fields ?? {});
  if (fields.length === 0) {
    return (
      <p className="muted" data-testid="rendered-empty">
        {ti.try_number === 0
          ? 'Fields are rendered when the task starts.'
          : 'This task has no rendered fields: function tasks receive their inputs as values (see the upstream XComs); bash tasks and operators show the command, query or request they ran here, secrets masked.'}
      </p>
    );
  }
  return (
    <dl className="rendered" data-testid="rendered-fields">
      {fields.map(([name, value]) => (
        <div key={name}>
          <dt className="mono">{name}</dt>
          <dd>{typeof value === 'string' ? <pre className="rendered-text">{value}</pre> : <JsonView value={value} />}</dd>
        </div>
      ))}
    </dl>
  );
}

function MappedInstances({ dagId, runId, taskId, selected }: { readonly dagId: string; readonly runId: string; readonly taskId: string; readonly selected: number }) {
  const list = useApi(() => api.taskInstances.listMapped({ dagId, runId, taskId }, { limit: 1000 }), [dagId, runId, taskId], { poll: true });
  if (!list.data) return list.error !== undefined ? <ErrorBanner error={list.error} what="the mapped instances" onRetry={() => void list.reload()} /> : null;
  const tis = list.data.task_instances;
  if (tis.length === 0) return <p className="muted">Not expanded yet: the instances appear once the task it maps over has finished.</p>;
  const counts = new Map<string, number>();
  for (const ti of tis) counts.set(ti.state ?? 'none', (counts.get(ti.state ?? 'none') ?? 0) + 1);
  return (
    <div className="mapped" data-testid="mapped-instances">
      <div className="mapped-summary">
        {tis.length} mapped instance{tis.length === 1 ? '' : 's'}:{' '}
        {[...counts].map(([s, n]) => (
          <span key={s} className="mapped-count">
            <StateDot state={s === 'none' ? null : s} size="sm" /> {n} {stateLabel(s === 'none' ? null : s).toLowerCase()}
          </span>
        ))}
      </div>
      <div className="mapped-list" role="list">
        {tis.map((ti) => (
          <Link
            key={ti.map_index}
            role="listitem"
            to={paths.taskInstance(dagId, runId, taskId, ti.map_index)}
            className={`mapped-item state-${ti.state ?? 'none'}${ti.map_index === selected ? ' selected' : ''}`}
            title={`[${ti.map_index}] ${ti.rendered_map_index ?? ''} ${stateLabel(ti.state)}`}
            aria-current={ti.map_index === selected ? 'true' : undefined}
            data-map-index={ti.map_index}
          >
            {ti.map_index}
          </Link>
        ))}
      </div>
    </div>
  );
}

function Tries({ ti, refKey }: { readonly ti: TaskInstance; readonly refKey: TiRef }) {
  const query = useQueryParams();
  const tries = useApi(() => api.taskInstances.tries(refKey), [refKey.dagId, refKey.runId, refKey.taskId, refKey.mapIndex, ti.try_number, ti.state], { poll: LIVE.has(ti.state ?? '') ? 3000 : false });
  const numbers = useMemo(() => {
    const found = new Set((tries.data?.task_instances ?? []).map((t) => t.try_number));
    if (ti.try_number > 0) found.add(ti.try_number);
    return [...found].sort((a, b) => a - b);
  }, [tries.data, ti.try_number]);
  const asked = Number(query.get('try'));
  const chosen = numbers.includes(asked) ? asked : (numbers.at(-1) ?? 0);
  if (numbers.length === 0) {
    return (
      <p className="muted log-none" data-testid="no-tries">
        No try yet: the log appears here once the task starts.
      </p>
    );
  }
  const stateOf = (n: number) => (n === ti.try_number ? ti.state : (tries.data?.task_instances.find((t) => t.try_number === n)?.state ?? null));
  return (
    <>
      <div className="try-tabs" role="tablist" aria-label="Tries">
        {numbers.map((n) => (
          <button
            key={n}
            type="button"
            role="tab"
            aria-selected={n === chosen}
            className={`try-tab${n === chosen ? ' active' : ''}`}
            onClick={() => query.set({ try: n === numbers.at(-1) ? null : n })}
            data-testid={`try-tab-${n}`}
          >
            <StateDot state={stateOf(n)} size="sm" title="" /> Try {n}
          </button>
        ))}
      </div>
      <LogViewer key={chosen} ti={refKey} tryNumber={chosen} live={chosen === ti.try_number && LIVE.has(ti.state ?? '')} />
    </>
  );
}

export function TaskInstancePanel({ dagId, runId, taskId, mapIndex, onClose }: TaskInstancePanelProps) {
  const query = useQueryParams();
  const ref: TiRef = useMemo(() => ({ dagId, runId, taskId, mapIndex }), [dagId, runId, taskId, mapIndex]);
  const task = useApi(() => api.dags.task(dagId, taskId), [dagId, taskId]);
  const [finished, setFinished] = useState(false);
  const ti = useApi(() => api.taskInstances.get(ref), [ref], { poll: finished ? 10_000 : 2000 });
  const { can, reason } = usePermissions();
  const [dialog, setDialog] = useState<null | 'clear' | 'success' | 'failed'>(null);
  const section = (SECTIONS.find(([id]) => id === query.get('section'))?.[0] ?? 'logs') as Section;
  const data = ti.data;
  useEffect(() => setFinished(data ? FINISHED.has(data.state ?? '') : false), [data]);

  const isMapped = task.data?.is_mapped ?? false;
  const missingMappedWhole = isMapped && mapIndex < 0 && ti.error instanceof UpdraftApiError && ti.error.status === 404;
  const why = can('edit', 'task instances') ? undefined : reason('edit', 'task instances');
  const reload = () => void ti.reload();
  const mapLabel = mapIndex >= 0 ? `[${mapIndex}]` : '';

  return (
    <div className="panel" data-testid="ti-panel">
      <header className="panel-header">
        <div className="panel-title">
          <span className="panel-kicker">
            Task instance · run{' '}
            <Link to={paths.dagRun(dagId, runId)} className="mono" title="The run's summary">
              {runId}
            </Link>
          </span>
          <h2 className="mono" title={taskId} data-testid="ti-title">
            {taskId}
            {mapLabel && <span className="faint">{mapLabel}</span>}
          </h2>
        </div>
        <button type="button" className="btn btn-icon btn-ghost" onClick={onClose} aria-label="Close the task instance (Escape)" title="Close (Esc)">
          <Icon name="x" />
        </button>
      </header>
      {isMapped && <MappedInstances dagId={dagId} runId={runId} taskId={taskId} selected={mapIndex} />}
      {isMapped && mapIndex >= 0 && (
        <p className="faint mapped-back">
          <Link to={paths.taskInstance(dagId, runId, taskId)}>All instances of {taskId}</Link>
        </p>
      )}
      {ti.error !== undefined && !data && !missingMappedWhole && <ErrorBanner error={ti.error} what={`${taskId}${mapLabel} in ${runId}`} onRetry={reload} />}
      {missingMappedWhole && <p className="muted">Pick an instance above to see its log, XComs and actions.</p>}
      {!data ? (
        ti.error === undefined && <LoadingBlock />
      ) : (
        <>
          <div className="panel-actions">
            <span data-testid="ti-state">
              <StateBadge state={data.state} />
            </span>
            <span className="toolbar-spacer" />
            <span title={why} className="action-wrap">
              <button type="button" className="btn btn-sm" disabled={why !== undefined} onClick={() => setDialog('clear')} data-testid="ti-clear" aria-description={why}>
                <Icon name="refresh" size={14} /> Clear
              </button>
            </span>
            <span title={why} className="action-wrap">
              <button type="button" className="btn btn-sm" disabled={why !== undefined || data.state === 'success'} onClick={() => setDialog('success')} data-testid="ti-mark-success" aria-description={why}>
                <Icon name="check" size={14} /> Mark success
              </button>
            </span>
            <span title={why} className="action-wrap">
              <button type="button" className="btn btn-sm" disabled={why !== undefined || data.state === 'failed'} onClick={() => setDialog('failed')} data-testid="ti-mark-failed" aria-description={why}>
                <Icon name="x" size={14} /> Mark failed
              </button>
            </span>
          </div>
          <ActionReason why={why} />
          <Facts ti={data} />
          {!FINISHED.has(data.state ?? '') && data.state !== 'running' && <WhyNotRunning ti={ref} state={data.state} />}
          <nav className="section-tabs" aria-label="Task instance views">
            {SECTIONS.map(([id, label]) => (
              <button key={id} type="button" className={`section-tab${id === section ? ' active' : ''}`} aria-pressed={id === section} onClick={() => query.set({ section: id === 'logs' ? null : id })} data-testid={`section-${id}`}>
                {label}
              </button>
            ))}
          </nav>
          {section === 'logs' && <Tries ti={data} refKey={ref} />}
          {section === 'xcom' && <XComList ti={ref} state={data.state} />}
          {section === 'rendered' && <RenderedFields ti={data} />}
          {section === 'details' && <Details ti={data} task={task.data} />}
          {dialog === 'clear' && <ClearDialog dagId={dagId} runId={runId} taskId={taskId} hasLogicalDate={data.logical_date !== null} onClose={() => setDialog(null)} onCleared={reload} />}
          {(dialog === 'success' || dialog === 'failed') && <MarkDialog ti={ref} state={dialog} onClose={() => setDialog(null)} onMarked={reload} />}
        </>
      )}
      {!data && missingMappedWhole && (
        <div className="panel-actions">
          <span className="toolbar-spacer" />
          <span title={why} className="action-wrap">
            <button type="button" className="btn btn-sm" disabled={why !== undefined} onClick={() => setDialog('clear')} data-testid="ti-clear">
              <Icon name="refresh" size={14} /> Clear all instances
            </button>
          </span>
          {dialog === 'clear' && <ClearDialog dagId={dagId} runId={runId} taskId={taskId} hasLogicalDate onClose={() => setDialog(null)} onCleared={reload} />}
        </div>
      )}
    </div>
  );
}
