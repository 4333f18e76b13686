/**
 * Delete a row after the user confirms it: `ask(row)` opens the confirmation,
 * `dialog` is what ConfirmDialog needs; a success toasts "Deleted <name>",
 * closes it and calls `onDeleted`; a failure toasts the API's reason and
 * leaves it open.
 */
import { useState } from 'react';
import { useAction } from '../../api/useAction';

export interface DeleteConfirm<T> {
  /** The row being confirmed (null: none). */
  readonly deleting: T | null;
  readonly ask: (row: T) => void;
  readonly dialog: { readonly open: boolean; readonly confirmLabel: 'Delete'; readonly pending: boolean; readonly onConfirm: () => void; readonly onClose: () => void };
}

export function useDeleteConfirm<T>(nameOf: (row: T) => string, remove: (name: string) => Promise<unknown>, onDeleted: () => void): DeleteConfirm<T> {
  const [deleting, setDeleting] = useState<T | null>(null);
  const del = useAction();
  const confirm = async () => {
    if (!deleting) return;
    const name = nameOf(deleting);
    const done = await del.run(() => remove(name).then(() => true), `Deleted ${name}`);
    if (done) {
      setDeleting(null);
      onDeleted();
    }
  };
  return {
    deleting,
    ask: setDeleting,
    dialog: { open: deleting !== null, confirmLabel: 'Delete', pending: del.pending, onConfirm: () => void confirm(), onClose: () => setDeleting(null) },
  };
}
