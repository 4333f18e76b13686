/** Pausing and unpausing a DAG: a paused DAG gets no new scheduled runs; running ones finish. */
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { requireDag } from './dag-lookup.js';

export async function setDagPaused(store: Store, dagId: string, paused: boolean, actor: string, now: Date): Promise<void> {
  await requireDag(store, dagId);
  await store.dags.setPaused(dagId, paused);
  await audit(store, paused ? 'pause' : 'unpause', { dagId, owner: actor }, now);
}
