/**
 * A run's summary beside the grid: state, type, who or what triggered it,
 * dates, duration, the DAG version it used, its conf and note, its task
 * instances (each a link to its panel), and the run's actions: clear it
 * (all or only the failed tasks, with the list of what will be cleared first)
 * and mark it success or failed. Actions are disabled, with the reason, for a
 * role that may not change runs.
 */
import type { DagRun, TaskInstanceCollection } from '@updraft/client';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useAction } from '../../../api/useAction';
import { useApi } from '../../../api/useApi';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';
import { Duration } from '../../../components/Time';
import { useLocation } from '../../../router/history';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/paths';
import { usePermissions } from '../../../session/SessionProvider';
import { ActionDialog, Check } from '../ti/ActionDialog';
import { JsonView } from '../ti/JsonView';
import { GRID_VIEW_PARAMS, keepGridView } from '../dag-view';
import { When } from '../When';
import { ActionReason } from '../ActionReason';

export interface RunSummaryProps {
  readonly dagId: string;
  readonly runId: string;
  readonly onClose: () => void;
}

function ClearRunDialog({ dagId, runId, onClose, onDone }: { readonly dagId: string; readonly runId: string; readonly onClose: () => void; readonly onDone: () => void }) {
  const [onlyFailed, setOnlyFailed] = useState(false);
  const preview = useApi(() => api.dagRuns.clear(dagId, runId, { dry_run: true, only_failed: onlyFailed }) as Promise<TaskInstanceCollection>, [dagId, runId, onlyFailed]);
  const action = useAction();
  const confirm = async () => {
    const done = await action.run(() => api.dagRuns.clear(dagId, runId, { dry_run: false, only_failed: onlyFailed }), `Cleared run ${runId}: it runs again`);
    if (done) {
      onDone();
      onClose();
    }
  };
  return (
    <ActionDialog
      open
      onClose={onClose}
      title="Clear this run"
      testId="clear-run-dialog"
      options={<Check label="Only failed tasks" hint="leave the successful ones as they are" checked={onlyFailed} onChange={setOnlyFailed} testId="clear-run-only-failed" />}
      preview={preview.loading ? undefined : preview.data?.task_instances}
      previewError={preview.error}
      onRetryPreview={() => void preview.reload()}
      previewCaption="These task instances will be cleared and run again"
      emptyCaption="Nothing to clear."
      confirmLabel={(n) => (n === 0 ? 'Clear' : `Clear ${n} task instance${n === 1 ? '' : 's'}`)}
      onConfirm={() => void confirm()}
      pending={action.pending}
    />
  );
}

function MarkRunDialog({ run, state, onClose, onDone }: { readonly run: DagRun; readonly state: 'success' | 'failed'; readonly onClose: () => void; readonly onDone: () => void }) {
  const action = useAction();
  const confirm = async () => {
    const done = await action.run(() => api.dagRuns.patch(run.dag_id, run.dag_run_id, { state }, ['state']), `Marked run ${run.dag_run_id} ${state}`);
    if (done) {
      onDone();
      onClose();
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Mark this run ${state}`}
      testId="mark-run-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={`btn ${state === 'failed' ? 'btn-danger' : 'btn-primary'}`} onClick={() => void confirm()} disabled={action.pending} data-testid="confirm-action">
            Mark {state}
          </button>
        </>
      }
    >
      <p>
        The run <span className="mono">{run.dag_run_id}</span> becomes <StateBadge state={state} />.
      </p>
      <p className="muted">
        {state === 'success'
          ? 'Every task instance not yet successful is marked success too; running ones are stopped.'
          : 'Running task instances are stopped and marked failed, those not started are skipped; finished ones keep their state.'}
      </p>
    </Dialog>
  );
}

export function RunSummary({ dagId, runId, onClose }: RunSummaryProps) {
  const { search } = useLocation();
  const run = useApi(() => api.dagRuns.get(dagId, runId), [dagId, runId], { poll: true });
  const tis = useApi(() => api.taskInstances.list(dagId, runId, { limit: 100 }), [dagId, runId], { poll: true });
  const { can, reason } = usePermissions();
  const [dialog, setDialog] = useState<null | 'clear' | 'success' | 'failed'>(null);
  const why = can('edit', 'DAG runs') ? undefined : reason('edit', 'DAG runs');
  const reload = () => {
    void run.reload();
    void tis.reload();
  };

  const r = run.data;
  return (
    <div className="panel" data-testid="run-summary">
      <header className="panel-header">
        <div className="panel-title">
          <span className="panel-kicker">Run</span>
          <h2 className="mono" title={runId}>
            {runId}
          </h2>
        </div>
        <button type="button" className="btn btn-icon btn-ghost" onClick={onClose} aria-label="Close the run summary (Escape)" title="Close (Esc)">
          <Icon name="x" />
        </button>
      </header>
      {run.error !== undefined && <ErrorBanner error={run.error} what={`the run ${runId}`} onRetry={() => void run.reload()} />}
      {!r ? (
        run.error === undefined && <LoadingBlock />
      ) : (
        <>
          <div className="panel-actions">
            <StateBadge state={r.state} />
            <span className="toolbar-spacer" />
            <span title={why}>
              <button type="button" className="btn btn-sm" disabled={why !== undefined} onClick={() => setDialog('clear')} data-testid="clear-run">
                <Icon name="refresh" size={14} /> Clear run
              </button>
            </span>
            <span title={why}>
              <button type="button" className="btn btn-sm" disabled={why !== undefined || r.state === 'success'} onClick={() => setDialog('success')} data-testid="mark-run-success">
                <Icon name="check" size={14} /> Mark success
              </button>
            </span>
            <span title={why}>
              <button type="button" className="btn btn-sm" disabled={why !== undefined || r.state === 'failed'} onClick={() => setDialog('failed')} data-testid="mark-run-failed">
                <Icon name="x" size={14} /> Mark failed
              </button>
            </span>
          </div>
          <ActionReason why={why} />
          <dl className="facts">
            <dt>Run type</dt>
            <dd>{r.run_type}</dd>
            <dt>Triggered by</dt>
            <dd>{r.triggered_by ?? '—'}</dd>
            <dt>Logical date</dt>
            <dd>
              <When value={r.logical_date} />
            </dd>
            {r.data_interval_start && r.data_interval_end && (
              <>
                <dt>Data interval</dt>
                <dd>
                  <When value={r.data_interval_start} /> → <When value={r.data_interval_end} />
                </dd>
              </>
            )}
            <dt>Run after</dt>
            <dd>
              <When value={r.run_after} />
            </dd>
            <dt>Queued</dt>
            <dd>
              <When value={r.queued_at} />
            </dd>
            <dt>Started</dt>
            <dd>
              <When value={r.start_date} />
            </dd>
            <dt>Ended</dt>
            <dd>
              <When value={r.end_date} />
            </dd>
            <dt>Duration</dt>
            <dd>
              <Duration seconds={r.duration} start={r.start_date} end={r.end_date} />
            </dd>
            <dt>DAG version</dt>
            <dd>
              {r.dag_versions[0] ? (
                <Link to={`${paths.dag(dagId, 'code')}?version=${r.dag_versions[0].version_number}`} title="The code this run used">
                  v{r.dag_versions[0].version_number}
                </Link>
              ) : (
                '—'
              )}
            </dd>
            <dt>Note</dt>
            <dd>{r.note ? <span className="note">{r.note}</span> : <span className="faint">none</span>}</dd>
          </dl>
          <h3 className="panel-section">Conf</h3>
          {r.conf && Object.keys(r.conf).length > 0 ? <JsonView value={r.conf} testId="run-conf" /> : <p className="faint">Empty: the run uses the params' defaults.</p>}
          <h3 className="panel-section">Task instances</h3>
          {tis.data ? (
            <ul className="run-tis">
              {tis.data.task_instances.map((ti) => (
                <li key={`${ti.task_id}\u0000${ti.map_index}`}>
                  <Link to={keepGridView(paths.taskInstance(dagId, runId, ti.task_id, ti.map_index), search, GRID_VIEW_PARAMS)} className="mono">
                    {ti.task_id}
                    {ti.map_index >= 0 && <span className="faint">[{ti.map_index}]</span>}
                  </Link>
                  <StateBadge state={ti.state} />
                  <Duration seconds={ti.duration} start={ti.start_date} end={ti.end_date} className="muted" />
                </li>
              ))}
              {tis.data.total_entries > tis.data.task_instances.length && (
                <li className="faint">
                  …and {tis.data.total_entries - tis.data.task_instances.length} more: the grid shows them all.
                </li>
              )}
            </ul>
          ) : tis.error !== undefined ? (
            <ErrorBanner error={tis.error} what="the task instances" onRetry={() => void tis.reload()} />
          ) : (
            <LoadingBlock />
          )}
          {dialog === 'clear' && <ClearRunDialog dagId={dagId} runId={runId} onClose={() => setDialog(null)} onDone={reload} />}
          {(dialog === 'success' || dialog === 'failed') && <MarkRunDialog run={r} state={dialog} onClose={() => setDialog(null)} onDone={reload} />}
        </>
      )}
    </div>
  );
}
