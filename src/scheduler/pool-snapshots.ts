/** The pools as admission sees them: total and open slots, from the store's usage counts. */
import type { PoolSnapshot } from '../core/admission.js';
import type { Store } from '../store/store.js';

/** Airflow's "-1 slots": a pool without limit. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export type PoolSnapshots = ReadonlyMap<string, PoolSnapshot>;

export async function poolSnapshots(store: Store): Promise<Map<string, PoolSnapshot>> {
  const pools = (await store.pools.list()).items;
  const usage = await store.taskInstances.slotsByPool();
  return new Map(
    pools.map((pool) => {
      const used = usage[pool.name];
      const occupied = (used?.running ?? 0) + (used?.queued ?? 0) + (pool.includeDeferred ? (used?.deferred ?? 0) : 0);
      const total = pool.slots < 0 ? UNLIMITED : pool.slots;
      return [pool.name, { name: pool.name, totalSlots: total, openSlots: Math.max(0, total - occupied) }] as const;
    }),
  );
}
