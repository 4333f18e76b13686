/** "Delete X?" with what it means, a danger button, and the button busy while the call runs. */
import type { ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Loading';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly pending?: boolean;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, pending, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      width="sm"
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={pending}>
            {pending && <Spinner label="Working" />}
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-body">{children}</div>
    </Dialog>
  );
}
