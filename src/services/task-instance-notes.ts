/** Notes on task instances (Airflow's "note" in the UI and the API's patch). */
import type { TaskInstance, TaskInstanceKey } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { NotFoundError } from './errors.js';

/** Sets the note of each instance of `key` (every map index when `key.mapIndex` is -1 and the task is mapped). */
export async function setTaskInstanceNote(store: Store, key: TaskInstanceKey, note: string | null, actor: string, now: Date): Promise<TaskInstance[]> {
  const tis = await requireTaskInstances(store, key);
  await store.transaction(async (tx) => {
    for (const ti of tis) await tx.taskInstances.update(ti, { note });
  });
  await audit(store, 'task_instance_note', { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex, owner: actor, extra: JSON.stringify({ note }) }, now);
  return tis.map((ti) => ({ ...ti, note }));
}

/** The instance at `key`; with map index -1, every map index of a mapped task. */
export async function requireTaskInstances(store: Store, key: TaskInstanceKey): Promise<TaskInstance[]> {
  const exact = await store.taskInstances.get(key);
  if (exact) return [exact];
  const mapped = key.mapIndex < 0 ? (await store.taskInstances.list({ dagId: key.dagId, runId: key.runId, taskId: key.taskId })).items : [];
  if (mapped.length === 0) throw new NotFoundError(describeMissing(key));
  return mapped;
}

export function describeMissing(key: TaskInstanceKey): string {
  return `Task instance ${key.dagId}.${key.taskId}${key.mapIndex >= 0 ? `[${key.mapIndex}]` : ''} of run ${key.runId} not found`;
}
