/** A small button in a table row's actions: off, with the reason as its tooltip, when the role may not use it. */
import type { ReactNode } from 'react';

export interface RowButtonProps {
  readonly onClick: () => void;
  /** Why it is off (undefined: it is on). */
  readonly disabledReason: string | undefined;
  /** Tooltip when it is on. */
  readonly title: string;
  readonly ariaLabel: string;
  readonly children: ReactNode;
}

export function RowButton({ onClick, disabledReason, title, ariaLabel, children }: RowButtonProps) {
  return (
    <button type="button" className="btn btn-sm btn-ghost" onClick={onClick} disabled={disabledReason !== undefined} title={disabledReason ?? title} aria-label={ariaLabel}>
      {children}
    </button>
  );
}

/** "Edit" for the row named `name`. */
export function EditRowButton({ name, onClick, disabledReason }: { readonly name: string; readonly onClick: () => void; readonly disabledReason: string | undefined }) {
  return (
    <RowButton onClick={onClick} disabledReason={disabledReason} title={`Edit ${name}`} ariaLabel={`Edit ${name}`}>
      Edit
    </RowButton>
  );
}

/** "Delete" for the row named `name`. */
export function DeleteRowButton({ name, onClick, disabledReason }: { readonly name: string; readonly onClick: () => void; readonly disabledReason: string | undefined }) {
  return (
    <RowButton onClick={onClick} disabledReason={disabledReason} title={`Delete ${name}`} ariaLabel={`Delete ${name}`}>
      Delete
    </RowButton>
  );
}
