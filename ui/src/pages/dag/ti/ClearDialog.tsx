/**
 * Clearing a task instance (Airflow's "Clear"): it and, as chosen, its
 * downstream and upstream tasks, only the failed ones, and the same tasks in
 * past or future runs, get a fresh try. The list shows exactly what will be
 * cleared (the API's dry run) before anything changes.
 */
import type { ClearTaskInstancesBody, TaskInstanceCollection } from '@updraft/client';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useAction } from '../../../api/useAction';
import { useApi } from '../../../api/useApi';
import { ActionDialog, Check } from './ActionDialog';

export interface ClearDialogProps {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** Past and future runs are found by logical date: a run without one cannot reach them. */
  readonly hasLogicalDate: boolean;
  readonly onClose: () => void;
  readonly onCleared: () => void;
}

export function ClearDialog({ dagId, runId, taskId, hasLogicalDate, onClose, onCleared }: ClearDialogProps) {
  const [downstream, setDownstream] = useState(true);
  const [upstream, setUpstream] = useState(false);
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [past, setPast] = useState(false);
  const [future, setFuture] = useState(false);
  const body: ClearTaskInstancesBody = {
    dag_run_id: runId,
    task_ids: [taskId],
    include_downstream: downstream,
    include_upstream: upstream,
    only_failed: onlyFailed,
    include_past: past,
    include_future: future,
    reset_dag_runs: true,
  };
  const preview = useApi(() => api.taskInstances.clear(dagId, { ...body, dry_run: true }), [dagId, runId, taskId, downstream, upstream, onlyFailed, past, future]);
  const action = useAction();
  const confirm = async () => {
    const done = await action.run(
      () => api.taskInstances.clear(dagId, { ...body, dry_run: false }),
      (r: TaskInstanceCollection) => `Cleared ${r.total_entries} task instance${r.total_entries === 1 ? '' : 's'}: they run again`,
    );
    if (done) {
      onCleared();
      onClose();
    }
  };
  const noDate = hasLogicalDate ? undefined : 'This run has no logical date, so there are no past or future runs to reach';
  return (
    <ActionDialog
      open
      onClose={onClose}
      title={
        <>
          Clear <span className="mono">{taskId}</span>
        </>
      }
      testId="clear-dialog"
      options={
        <>
          <Check label="Downstream" hint="and every task after it" checked={downstream} onChange={setDownstream} testId="clear-downstream" />
          <Check label="Upstream" hint="and every task before it" checked={upstream} onChange={setUpstream} testId="clear-upstream" />
          <Check label="Only failed" hint="only those that failed or were upstream_failed" checked={onlyFailed} onChange={setOnlyFailed} testId="clear-only-failed" />
          <span className={hasLogicalDate ? undefined : 'check-disabled'} title={noDate}>
            <Check label="Past" hint="the same tasks in earlier runs" checked={past} onChange={(v) => hasLogicalDate && setPast(v)} testId="clear-past" />
          </span>
          <span className={hasLogicalDate ? undefined : 'check-disabled'} title={noDate}>
            <Check label="Future" hint="the same tasks in later runs" checked={future} onChange={(v) => hasLogicalDate && setFuture(v)} testId="clear-future" />
          </span>
        </>
      }
      preview={preview.loading ? undefined : preview.data?.task_instances}
      previewError={preview.error}
      onRetryPreview={() => void preview.reload()}
      previewCaption="These task instances will be cleared and run again"
      emptyCaption={onlyFailed ? 'Nothing failed among these tasks: nothing to clear. Untick “Only failed” to clear them anyway.' : 'Nothing to clear.'}
      confirmLabel={(n) => (n === 0 ? 'Clear' : `Clear ${n} task instance${n === 1 ? '' : 's'}`)}
      onConfirm={() => void confirm()}
      pending={action.pending}
    />
  );
}
