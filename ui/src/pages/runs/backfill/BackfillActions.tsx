/** Pause / unpause / cancel a backfill, disabled with the reason for a role that may not edit backfills or once it has completed. */
import type { Backfill } from '@updraft/client';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { useAction } from '../../../api/useAction';
import { Icon } from '../../../components/Icon';
import { usePermissions } from '../../../session/SessionProvider';

export function BackfillActions({ backfill, onChanged, size = 'sm' }: { readonly backfill: Backfill; readonly onChanged: () => void; readonly size?: 'sm' | 'md' }) {
  const { can, reason } = usePermissions();
  const action = useAction();
  const done = backfill.completed_at !== null;
  const why = !can('edit', 'backfills') ? reason('edit', 'backfills') : done ? 'The backfill has completed' : undefined;
  const cls = `btn${size === 'sm' ? ' btn-sm' : ''}`;
  const run = async (call: () => Promise<Backfill>, message: string) => {
    await action.run(call, message);
    onChanged();
  };
  // Cancelling cannot be undone: the first click asks, a second within 5 s does it.
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = window.setTimeout(() => setConfirming(false), 5000);
    return () => window.clearTimeout(timer);
  }, [confirming]);
  const cancel = () => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    void run(() => api.backfills.cancel(backfill.id), `Cancelled backfill ${backfill.id}: its queued runs are marked failed`);
  };
  return (
    <span className="bf-actions" title={why}>
      {backfill.is_paused ? (
        <button type="button" className={cls} disabled={why !== undefined || action.pending} onClick={() => void run(() => api.backfills.unpause(backfill.id), `Resumed backfill ${backfill.id}`)} data-testid="backfill-unpause">
          <Icon name="play" size={13} /> Resume
        </button>
      ) : (
        <button type="button" className={cls} disabled={why !== undefined || action.pending} onClick={() => void run(() => api.backfills.pause(backfill.id), `Paused backfill ${backfill.id}`)} data-testid="backfill-pause">
          <Icon name="pause" size={13} /> Pause
        </button>
      )}
      <button
        type="button"
        className={`${cls} ${confirming ? 'btn-danger' : 'btn-ghost'}`}
        disabled={why !== undefined || action.pending}
        onClick={cancel}
        title={confirming ? 'Queued runs are marked failed; running ones finish. This cannot be undone.' : undefined}
        data-testid="backfill-cancel"
      >
        <Icon name="x" size={13} /> {confirming ? 'Click again to cancel it' : 'Cancel backfill'}
      </button>
    </span>
  );
}
