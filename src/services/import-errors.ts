/** DAG file import errors as the API lists them: filtered by file name (Airflow's LIKE patterns), sorted, paged. */
import type { Page, Store } from '../store/store.js';
import type { ImportError } from '../store/types.js';
import { NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export async function listImportErrors(store: Store, q: { readonly filenamePattern?: string | undefined; readonly sort: string; readonly limit: number; readonly offset: number }): Promise<Page<ImportError>> {
  const { items } = await store.importErrors.list({ orderBy: 'fileloc' });
  const matches = likeMatcher(q.filenamePattern);
  return pageInMemory(items, { sort: q.sort, limit: q.limit, offset: q.offset, keep: (e) => matches(e.fileloc) });
}

export async function requireImportError(store: Store, id: number): Promise<ImportError> {
  const found = (await store.importErrors.list({})).items.find((e) => e.id === id);
  if (!found) throw new NotFoundError(`The ImportError with import_error_id: \`${id}\` was not found`);
  return found;
}
