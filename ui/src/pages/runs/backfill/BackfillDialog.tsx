/**
 * The backfill dialog: `which="new"` shows the form (DAG, range, reprocess
 * behaviour, max active runs, backwards, conf) with a live dry-run preview;
 * once created, or with a backfill id, it shows that backfill's progress with
 * pause / unpause / cancel.
 */
import type { Backfill } from '@updraft/client';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadingBlock } from '../../../components/Loading';
import { BackfillForm } from './BackfillForm';
import { BackfillProgressView } from './BackfillProgressView';

export interface BackfillDialogProps {
  readonly which: 'new' | number;
  readonly initialDagId: string;
  readonly onClose: () => void;
  readonly onCreated: (backfill: Backfill) => void;
}

export function BackfillDialog({ which, initialDagId, onClose, onCreated }: BackfillDialogProps) {
  const id = which === 'new' || !Number.isInteger(which) ? null : which;
  const { data, error, reload } = useApi(() => api.backfills.get(id ?? 0), [id], { enabled: id !== null, poll: 2000 });
  return (
    <Dialog open onClose={onClose} width="lg" testId="backfill-dialog" title={id === null ? 'Backfill a DAG' : `Backfill ${id}${data ? ` of ${data.dag_id}` : ''}`}>
      {id === null ? (
        <BackfillForm initialDagId={initialDagId} onCancel={onClose} onCreated={onCreated} />
      ) : data ? (
        <BackfillProgressView backfill={data} onChanged={() => void reload()} onClose={onClose} />
      ) : error !== undefined ? (
        <ErrorBanner error={error} what={`backfill ${id}`} onRetry={() => void reload()} />
      ) : (
        <LoadingBlock label="Loading the backfill…" />
      )}
    </Dialog>
  );
}
