/**
 * Can the task ever run in its pool: the pool exists and holds at least the task's
 * `poolSlots`. Whether slots are open right now is the admission step's question.
 */
import type { PoolSnapshot } from '../admission.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const POOL_SLOTS_DEP = 'Pool Slots Available';

export function poolSlotsDep(input: {
  readonly poolName: string;
  readonly poolSlots: number;
  readonly pool: PoolSnapshot | null;
}): DepStatus {
  const { pool, poolSlots, poolName } = input;
  if (!pool) return fail(POOL_SLOTS_DEP, `pool ${poolName} does not exist: create it or change the task's pool`);
  if (poolSlots > pool.totalSlots) {
    return fail(POOL_SLOTS_DEP, `needs ${poolSlots} slots but pool ${pool.name} has only ${pool.totalSlots}: it can never run there`);
  }
  return pass(
    POOL_SLOTS_DEP,
    `pool ${pool.name} can hold its ${poolSlots} slot${poolSlots === 1 ? '' : 's'} (${pool.openSlots} of ${pool.totalSlots} open now)`,
  );
}
