/**
 * Airflow's bulk operations (`PATCH /variables`, `/connections`, `/pools`): a
 * list of create/update/delete actions, each over many entities, each reporting
 * the keys it changed and its errors. An action whose policy is `fail` and that
 * meets an existing (create) or missing (update, delete) key changes nothing and
 * reports one error with the status Airflow gives (409 or 404); `skip` leaves
 * those keys alone, `overwrite` (create only) replaces them.
 */
import type { Store } from '../store/store.js';
import { isStoreError } from '../store/errors.js';
import { audit } from './audit.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';

export type OnExistence = 'fail' | 'skip' | 'overwrite';
export type OnNonExistence = 'fail' | 'skip';

export type BulkAction<E> =
  | { readonly action: 'create'; readonly entities: readonly E[]; readonly action_on_existence?: OnExistence | undefined }
  | { readonly action: 'update'; readonly entities: readonly E[]; readonly action_on_non_existence?: OnNonExistence | undefined; readonly update_mask?: readonly string[] | null | undefined }
  | { readonly action: 'delete'; readonly entities: readonly (string | E)[]; readonly action_on_non_existence?: OnNonExistence | undefined };

export interface BulkActionResult {
  success: string[];
  errors: { error: string; status_code: number }[];
}

export type BulkResult = Partial<Record<'create' | 'update' | 'delete', BulkActionResult>>;

/** How one resource is stored; `update` gets the update mask (null: every field). */
export interface BulkTarget<E> {
  /** Plural noun for messages and the audit event, e.g. `variables`. */
  readonly noun: string;
  keyOf(entity: E): string;
  exists(store: Store, key: string): Promise<boolean>;
  create(store: Store, entity: E): Promise<void>;
  update(store: Store, entity: E, mask: readonly string[] | null): Promise<void>;
  delete(store: Store, key: string): Promise<void>;
}

function statusOf(error: unknown): number | null {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof BadRequestError) return 400;
  if (isStoreError(error)) return ({ not_found: 404, conflict: 409, invalid: 400, too_large: 413, encrypted: 400 } as const)[error.code];
  return null;
}

export async function runBulk<E>(store: Store, target: BulkTarget<E>, actions: readonly BulkAction<E>[], actor: string, now: Date): Promise<BulkResult> {
  const result: BulkResult = {};
  for (const action of actions) {
    const out = (result[action.action] ??= { success: [], errors: [] });
    const keys = action.entities.map((e) => (typeof e === 'string' ? e : target.keyOf(e)));
    const present = new Set<string>();
    for (const key of keys) if (await target.exists(store, key)) present.add(key);
    const policy = action.action === 'create' ? (action.action_on_existence ?? 'fail') : (action.action_on_non_existence ?? 'fail');
    const blocking = action.action === 'create' ? keys.filter((k) => present.has(k)) : keys.filter((k) => !present.has(k));
    if (policy === 'fail' && blocking.length > 0) {
      const what = action.action === 'create' ? 'already exist' : 'were not found';
      out.errors.push({ error: `The ${target.noun} with these keys: {${blocking.map((k) => `'${k}'`).join(', ')}} ${what}.`, status_code: action.action === 'create' ? 409 : 404 });
      continue;
    }
    const skip = new Set(policy === 'skip' ? blocking : []);
    const done: string[] = [];
    try {
      await store.transaction(async (tx) => {
        for (const entity of action.entities) {
          const key = typeof entity === 'string' ? entity : target.keyOf(entity);
          if (skip.has(key)) continue;
          if (action.action === 'create') await target.create(tx, entity as E);
          else if (action.action === 'update') await target.update(tx, entity as E, action.update_mask && action.update_mask.length > 0 ? action.update_mask : null);
          else await target.delete(tx, key);
          done.push(key);
        }
      });
    } catch (error) {
      const status = statusOf(error);
      if (status === null) throw error;
      out.errors.push({ error: (error as Error).message, status_code: status });
      continue;
    }
    out.success.push(...done);
    if (done.length > 0) {
      await audit(store, `bulk_${action.action}_${target.noun}`, { owner: actor, extra: JSON.stringify({ keys: done }) }, now);
    }
  }
  return result;
}
