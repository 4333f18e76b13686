/** Deleting a DAG's metadata (its runs, task instances and history); the file stays, so it comes back on the next parse. */
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { requireDag } from './dag-lookup.js';

export async function deleteDag(store: Store, dagId: string, actor: string, now: Date): Promise<void> {
  await requireDag(store, dagId);
  await store.dags.delete(dagId);
  await audit(store, 'delete_dag', { dagId, owner: actor }, now);
}
