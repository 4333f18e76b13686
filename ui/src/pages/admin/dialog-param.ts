/**
 * Which dialog a list page shows, kept in the URL so it is a deep link:
 * `?new=1` for the create form, `?edit=<id>` for one item's form.
 */
import type { QueryState } from '../../router/query';

export type DialogState = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly id: string } | null;

export function dialogOf(query: QueryState): DialogState {
  const edit = query.get('edit');
  if (edit) return { mode: 'edit', id: edit };
  return query.get('new') ? { mode: 'new' } : null;
}

export function openNew(query: QueryState): void {
  query.set({ new: '1', edit: null });
}

export function openEdit(query: QueryState, id: string): void {
  query.set({ edit: id, new: null });
}

export function closeDialog(query: QueryState): void {
  query.set({ edit: null, new: null });
}
