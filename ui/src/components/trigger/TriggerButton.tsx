/**
 * A "Trigger" button (play icon) that opens the TriggerDialog; disabled, with
 * the reason in its tooltip and for screen readers, for a role that may not
 * create DAG runs (a Viewer).
 *
 *   <TriggerButton dagId="etl" />                    // icon only, for table rows
 *   <TriggerButton dagId="etl" variant="button" />   // "Trigger" with the icon, for headers
 */
import type { DagRun } from '@updraft/client';
import { useState } from 'react';
import { usePermissions } from '../../session/SessionProvider';
import { Icon } from '../Icon';
import { TriggerDialog } from './TriggerDialog';

export interface TriggerButtonProps {
  readonly dagId: string;
  readonly variant?: 'icon' | 'button';
  readonly onTriggered?: (run: DagRun) => void;
}

export function TriggerButton({ dagId, variant = 'icon', onTriggered }: TriggerButtonProps) {
  const { can, reason } = usePermissions();
  const [open, setOpen] = useState(false);
  const why = can('create', 'DAG runs') ? undefined : reason('create', 'DAG runs');
  const label = `Trigger ${dagId}`;
  return (
    <>
      <span className="trigger-button-wrap" title={why ?? label}>
        <button
          type="button"
          className={variant === 'icon' ? 'btn btn-icon btn-ghost btn-sm trigger-button' : 'btn trigger-button'}
          onClick={() => setOpen(true)}
          disabled={why !== undefined}
          aria-label={variant === 'icon' ? label : undefined}
          aria-description={why}
          title={why ?? label}
          data-testid={`trigger-${dagId}`}
        >
          <Icon name="play" size={variant === 'icon' ? 14 : 15} />
          {variant === 'button' && 'Trigger'}
        </button>
      </span>
      {open && <TriggerDialog dagId={dagId} open={open} onClose={() => setOpen(false)} {...(onTriggered ? { onTriggered } : {})} />}
    </>
  );
}
