/**
 * What a finished run produced: the `return_value` XCom of the tasks a caller
 * asks for, one entry per task (a mapped task's values as a list, in map-index
 * order), as Airflow's experimental "wait for a DAG run" endpoint returns them.
 */
import type { JsonValue } from '../core/dag-spec.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';
import type { DagRunKey, Store } from '../store/store.js';

export async function runResults(store: Store, run: DagRunKey, taskIds: readonly string[]): Promise<Record<string, JsonValue>> {
  const wanted = new Set(taskIds);
  const entries = (await store.xcom.listForRun(run)).filter((x) => x.key === RETURN_VALUE_KEY && wanted.has(x.taskId));
  const byTask = new Map<string, { mapIndex: number; value: JsonValue }[]>();
  for (const x of entries) {
    const list = byTask.get(x.taskId) ?? [];
    list.push({ mapIndex: x.mapIndex, value: x.value });
    byTask.set(x.taskId, list);
  }
  const results: Record<string, JsonValue> = {};
  for (const [taskId, list] of byTask) {
    const only = list[0];
    results[taskId] = list.length === 1 && only !== undefined && only.mapIndex < 0 ? only.value : list.sort((a, b) => a.mapIndex - b.mapIndex).map((e) => e.value);
  }
  return results;
}
