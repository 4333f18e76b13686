/**
 * Marking a task instance success or failed by hand, optionally with its
 * upstream or downstream tasks in the same run; the list shows exactly the
 * instances whose state will change (the API's dry run) before anything does.
 */
import type { TaskInstanceCollection, TiRef } from '@updraft/client';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useAction } from '../../../api/useAction';
import { useApi } from '../../../api/useApi';
import { ActionDialog, Check } from './ActionDialog';

export interface MarkDialogProps {
  readonly ti: TiRef;
  readonly state: 'success' | 'failed';
  readonly onClose: () => void;
  readonly onMarked: () => void;
}

export function MarkDialog({ ti, state, onClose, onMarked }: MarkDialogProps) {
  const [upstream, setUpstream] = useState(false);
  const [downstream, setDownstream] = useState(false);
  const body = { new_state: state, include_upstream: upstream, include_downstream: downstream };
  const preview = useApi(
    () => api.taskInstances.patch(ti, body, { dryRun: true, updateMask: ['new_state'] }) as Promise<TaskInstanceCollection>,
    [ti.dagId, ti.runId, ti.taskId, ti.mapIndex, state, upstream, downstream],
  );
  const action = useAction();
  const confirm = async () => {
    const done = await action.run(() => api.taskInstances.patch(ti, body, { updateMask: ['new_state'] }), `Marked ${ti.taskId} ${state}`);
    if (done) {
      onMarked();
      onClose();
    }
  };
  return (
    <ActionDialog
      open
      onClose={onClose}
      title={
        <>
          Mark <span className="mono">{ti.taskId}</span> {state}
        </>
      }
      testId="mark-dialog"
      options={
        <>
          <Check label="Upstream" hint="and every task before it in this run" checked={upstream} onChange={setUpstream} testId="mark-upstream" />
          <Check label="Downstream" hint="and every task after it in this run" checked={downstream} onChange={setDownstream} testId="mark-downstream" />
        </>
      }
      preview={preview.loading ? undefined : preview.data?.task_instances}
      previewError={preview.error}
      onRetryPreview={() => void preview.reload()}
      previewCaption={`These task instances will be marked ${state}`}
      emptyCaption={`Already ${state}: nothing to change.`}
      confirmLabel={(n) => (n === 0 ? `Mark ${state}` : `Mark ${n} ${state}`)}
      onConfirm={() => void confirm()}
      pending={action.pending}
      danger={state === 'failed'}
    />
  );
}
