/** Pausing and unpausing a DAG: a paused DAG gets no new scheduled runs; running ones finish. */
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { requireDag } from './dag-lookup.js';

export async function setDagPaused(store: Store, dagId: string, paused: boolean, actor: string, now: Date): Promise<void> {
  await requireDag(store, dagId);
  await store.dags.setPaused(dagId, paused);
  await audit(store, paused ? 'pause' : 'unpause', { dagId, owner: actor }, now);
}

/** Pauses or unpauses several DAGs at once (the API's bulk PATCH); unknown ids are skipped. */
export async function setDagsPaused(store: Store, dagIds: readonly string[], paused: boolean, actor: string, now: Date): Promise<string[]> {
  const changed: string[] = [];
  for (const dagId of dagIds) {
    if (await store.dags.setPaused(dagId, paused)) changed.push(dagId);
  }
  if (changed.length > 0) await audit(store, paused ? 'pause' : 'unpause', { owner: actor, extra: JSON.stringify({ dag_ids: changed }) }, now);
  return changed;
}
