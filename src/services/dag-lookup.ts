/** Finding a DAG and its latest version, with errors that say what to do. */
import type { Store } from '../store/store.js';
import type { DagModel, DagVersion } from '../store/types.js';
import { NotFoundError } from './errors.js';

export async function requireDag(store: Store, dagId: string): Promise<DagModel> {
  const dag = await store.dags.get(dagId);
  if (!dag) {
    throw new NotFoundError(`DAG '${dagId}' not found: check the id with 'updraft dags list' (DAGs appear once the DAG processor has parsed their file)`);
  }
  return dag;
}

export async function requireLatestVersion(store: Store, dagId: string): Promise<DagVersion> {
  await requireDag(store, dagId);
  const version = await store.dags.latestVersion(dagId);
  if (!version) throw new NotFoundError(`DAG '${dagId}' has no parsed version yet: wait for the DAG processor or run 'updraft dags list'`);
  return version;
}
