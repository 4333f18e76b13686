/**
 * "Trigger DAG": a dialog with a form generated from the DAG's params (or the
 * conf as raw JSON), the run id, logical date and note, and, for a paused DAG,
 * the offer to unpause it. Used by the DAG list and the DAG page header:
 *
 *   <TriggerDialog dagId="etl" open={open} onClose={() => setOpen(false)} onTriggered={(run) => ...} />
 */
import type { DagRun } from '@updraft/client';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { Dialog } from '../Dialog';
import { ErrorBanner } from '../ErrorBanner';
import { LoadingBlock } from '../Loading';
import { TriggerForm } from './TriggerForm';
import './trigger.css';

export interface TriggerDialogProps {
  readonly dagId: string;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onTriggered?: (run: DagRun) => void;
}

export function TriggerDialog({ dagId, open, onClose, onTriggered }: TriggerDialogProps) {
  const details = useApi(() => api.dags.details(dagId), [dagId, open], { enabled: open });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      width="lg"
      testId="trigger-dialog"
      title={
        <>
          Trigger <span className="mono">{dagId}</span>
        </>
      }
    >
      {details.error !== undefined && !details.data ? (
        <ErrorBanner error={details.error} what={`the params of ${dagId}`} onRetry={() => void details.reload()} />
      ) : !details.data || details.loading ? (
        <LoadingBlock label="Loading the DAG’s params…" />
      ) : (
        <TriggerForm dag={details.data} onClose={onClose} {...(onTriggered ? { onTriggered } : {})} />
      )}
    </Dialog>
  );
}
