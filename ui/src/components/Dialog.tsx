/**
 * A modal dialog on the native <dialog> (focus kept inside, Escape closes, the
 * page behind inert). `footer` holds the buttons; `onClose` is called on
 * Escape, the close button and a click on the backdrop.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface DialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly width?: 'sm' | 'md' | 'lg' | 'xl';
  /** For tests and deep styling. */
  readonly testId?: string;
}

export function Dialog({ open, onClose, title, children, footer, width = 'md', testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${width}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // the backdrop
      }}
      aria-labelledby="dialog-title"
      data-testid={testId}
    >
      {open && (
        <div className="dialog-panel">
          <header className="dialog-header">
            <h2 id="dialog-title">{title}</h2>
            <button type="button" className="btn btn-icon btn-ghost" onClick={onClose} aria-label="Close">
              <Icon name="x" />
            </button>
          </header>
          <div className="dialog-body">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
