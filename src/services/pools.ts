/**
 * Pools as the API and the CLI see them: each with its slot counts by state
 * (as Airflow counts them: running and queued occupy slots, deferred ones only
 * when the pool says so), and the changes the API makes, audited.
 */
import type { Page, PoolUsage, Store } from '../store/store.js';
import { DEFAULT_POOL_NAME, type Pool } from '../store/types.js';
import { audit } from './audit.js';
import type { BulkTarget } from './bulk.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export interface PoolSlots {
  readonly pool: Pool;
  readonly occupied: number;
  readonly running: number;
  readonly queued: number;
  readonly deferred: number;
  readonly scheduled: number;
  /** -1, like slots, means unlimited. */
  readonly open: number;
}

export function poolSlots(pool: Pool, usage: PoolUsage | undefined): PoolSlots {
  const u = usage ?? { running: 0, queued: 0, deferred: 0, scheduled: 0 };
  const occupied = u.running + u.queued + (pool.includeDeferred ? u.deferred : 0);
  return { pool, occupied, running: u.running, queued: u.queued, deferred: u.deferred, scheduled: u.scheduled, open: pool.slots === -1 ? -1 : Math.max(0, pool.slots - occupied) };
}

export async function requirePool(store: Store, name: string): Promise<Pool> {
  const pool = await store.pools.get(name);
  if (!pool) throw new NotFoundError(`The Pool with name: \`${name}\` was not found`);
  return pool;
}

export async function getPoolSlots(store: Store, name: string): Promise<PoolSlots> {
  const pool = await requirePool(store, name);
  return poolSlots(pool, (await store.taskInstances.slotsByPool())[name]);
}

export async function listPoolSlots(store: Store, request: { readonly namePattern?: string | undefined; readonly sort: string; readonly limit: number; readonly offset: number }): Promise<Page<PoolSlots>> {
  const { items } = await store.pools.list({ orderBy: 'name' });
  const matches = likeMatcher(request.namePattern);
  const page = pageInMemory(items, { sort: request.sort, limit: request.limit, offset: request.offset, keep: (p) => matches(p.name) });
  const usage = await store.taskInstances.slotsByPool();
  return { items: page.items.map((p) => poolSlots(p, usage[p.name])), total: page.total };
}

export async function createPool(store: Store, pool: Pool, actor: string, now: Date): Promise<PoolSlots> {
  if (await store.pools.get(pool.name)) throw new ConflictError(`The Pool with name: \`${pool.name}\` already exists`);
  await store.pools.upsert(pool);
  await audit(store, 'pool_create', { owner: actor, extra: JSON.stringify({ pool: pool.name, slots: pool.slots }) }, now);
  return getPoolSlots(store, pool.name);
}

export interface PoolPatch {
  /** Renaming is refused: only the pool's own name may be given. */
  readonly name?: string | null | undefined;
  readonly slots?: number | null | undefined;
  readonly description?: string | null | undefined;
  readonly includeDeferred?: boolean | null | undefined;
}

const PATCH_FIELDS = { pool: 'name', name: 'name', slots: 'slots', description: 'description', include_deferred: 'includeDeferred' } as const;

/** Changes the `sent` fields (narrowed by `mask`, names as in the body). Pools keep their names; a slot count cannot be removed. */
export async function updatePool(store: Store, name: string, patch: PoolPatch, sent: readonly string[], mask: readonly string[] | null, actor: string, now: Date): Promise<PoolSlots> {
  const unknown = (mask ?? []).filter((f) => !Object.prototype.hasOwnProperty.call(PATCH_FIELDS, f));
  if (unknown.length > 0) throw new BadRequestError(`Invalid field(s) in update mask: ${unknown.join(', ')}; use ${Object.keys(PATCH_FIELDS).join(', ')}`);
  const current = await requirePool(store, name);
  const fields = new Set((mask ?? sent).flatMap((f) => (Object.prototype.hasOwnProperty.call(PATCH_FIELDS, f) ? [PATCH_FIELDS[f as keyof typeof PATCH_FIELDS]] : [])));
  if (fields.has('name') && patch.name != null && patch.name !== name) throw new BadRequestError(`Pools cannot be renamed: '${name}' stays '${name}' (create '${patch.name}' instead)`);
  // As Airflow: the default pool's slots and include_deferred may change, nothing else.
  if (name === DEFAULT_POOL_NAME && [...fields].some((f) => f !== 'slots' && f !== 'includeDeferred' && !(f === 'name' && (patch.name == null || patch.name === name)))) {
    throw new BadRequestError(`Only slots and include_deferred can be modified on ${DEFAULT_POOL_NAME}`);
  }
  if (fields.has('slots') && patch.slots == null) throw new BadRequestError('slots cannot be null: give an integer >= 0, or -1 for unlimited');
  const next: Pool = {
    name,
    slots: fields.has('slots') && patch.slots != null ? patch.slots : current.slots,
    description: fields.has('description') ? (patch.description ?? null) : current.description,
    includeDeferred: fields.has('includeDeferred') ? (patch.includeDeferred ?? false) : current.includeDeferred,
  };
  await store.pools.upsert(next);
  await audit(store, 'pool_edit', { owner: actor, extra: JSON.stringify({ pool: name, fields: [...fields] }) }, now);
  return getPoolSlots(store, name);
}

/** The store refuses to delete the default pool (StoreError `invalid`, a 400). */
export async function deletePool(store: Store, name: string, actor: string, now: Date): Promise<void> {
  if (!(await store.pools.delete(name))) throw new NotFoundError(`The Pool with name: \`${name}\` was not found`);
  await audit(store, 'pool_delete', { owner: actor, extra: JSON.stringify({ pool: name }) }, now);
}

export const POOLS_BULK: BulkTarget<Pool> = {
  noun: 'pools',
  keyOf: (p) => p.name,
  exists: async (store, key) => (await store.pools.get(key)) !== null,
  create: async (store, p) => {
    await store.pools.upsert(p);
  },
  update: async (store, p, mask) => {
    const current = await requirePool(store, p.name);
    const wants = (f: string) => mask === null || mask.includes(f);
    await store.pools.upsert({
      name: p.name,
      slots: wants('slots') ? p.slots : current.slots,
      description: wants('description') ? p.description : current.description,
      includeDeferred: wants('include_deferred') ? p.includeDeferred : current.includeDeferred,
    });
  },
  delete: async (store, key) => {
    if (!(await store.pools.delete(key))) throw new NotFoundError(`The Pool with name: \`${key}\` was not found`);
  },
};
