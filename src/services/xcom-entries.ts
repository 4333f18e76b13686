/** Creating and changing XCom entries by hand (the API's xcomEntries POST/PATCH), audited. */
import type { JsonValue } from '../core/dag-spec.js';
import type { TaskInstanceKey, XComEntry } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { BadRequestError, NotFoundError } from './errors.js';
import { describeMissing } from './task-instance-notes.js';

async function requireTi(store: Store, key: TaskInstanceKey): Promise<void> {
  if (!(await store.dagRuns.get(key))) throw new NotFoundError(`DAG run ${key.runId} of DAG ${key.dagId} not found`);
  if (!(await store.taskInstances.get(key))) throw new NotFoundError(describeMissing(key));
}

export async function createXCom(store: Store, key: TaskInstanceKey & { readonly key: string }, value: JsonValue, actor: string, now: Date): Promise<XComEntry> {
  await requireTi(store, key);
  if (await store.xcom.get(key)) throw new BadRequestError(`XCom entry with key '${key.key}' already exists for this task instance: PATCH it instead`);
  const entry: XComEntry = { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex, key: key.key, value, timestamp: now };
  await store.xcom.set(entry);
  await audit(store, 'create_xcom_entry', { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex, owner: actor, extra: JSON.stringify({ key: key.key }) }, now);
  return entry;
}

export async function updateXCom(store: Store, key: TaskInstanceKey & { readonly key: string }, value: JsonValue, actor: string, now: Date): Promise<XComEntry> {
  await requireTi(store, key);
  if (!(await store.xcom.get(key))) throw new NotFoundError(`XCom entry with key '${key.key}' not found for task instance ${key.dagId}.${key.taskId} of run ${key.runId}`);
  const entry: XComEntry = { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex, key: key.key, value, timestamp: now };
  await store.xcom.set(entry);
  await audit(store, 'update_xcom_entry', { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex, owner: actor, extra: JSON.stringify({ key: key.key }) }, now);
  return entry;
}
