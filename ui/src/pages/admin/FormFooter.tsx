/**
 * An admin dialog's footer: Cancel and the submit button of `form` (busy while
 * saving); read-only, it says why and offers only Close.
 */
import type { ReactNode } from 'react';
import { Spinner } from '../../components/Loading';

export interface FormFooterProps {
  /** The id of the <form> the button submits. */
  readonly form: string;
  readonly onClose: () => void;
  readonly submitLabel: ReactNode;
  /** Off for another reason than saving (invalid, unchanged, not loaded). */
  readonly disabled: boolean;
  readonly pending: boolean;
  readonly pendingLabel?: string;
  /** Why the user may only look (undefined: they may save). */
  readonly readOnlyReason?: string | undefined;
}

export function FormFooter({ form, onClose, submitLabel, disabled, pending, pendingLabel = 'Saving', readOnlyReason }: FormFooterProps) {
  const readOnly = readOnlyReason !== undefined;
  return (
    <>
      {readOnly && <span className="field-hint footer-note">{readOnlyReason}</span>}
      <button type="button" className="btn" onClick={onClose}>
        {readOnly ? 'Close' : 'Cancel'}
      </button>
      {!readOnly && (
        <button type="submit" form={form} className="btn btn-primary" disabled={disabled || pending}>
          {pending && <Spinner label={pendingLabel} />}
          {submitLabel}
        </button>
      )}
    </>
  );
}
