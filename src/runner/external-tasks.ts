/**
 * What another DAG's run and tasks look like now, for the external-task sensor
 * (in a task process, through its services) and its trigger (in the
 * scheduler): one reading, two callers, so both judge the same way.
 */
import type { ExternalObservation } from '../core/sensors/external-task-verdict.js';
import type { ExternalTaskQuery } from '../core/sensors/wait-state.js';
import type { DagRunKey, Store } from '../store/store.js';

export async function observeExternalTasks(store: Store, query: ExternalTaskQuery): Promise<ExternalObservation> {
  const at = query.logicalDate === null ? null : new Date(query.logicalDate);
  if (query.runId !== undefined) {
    const run = await store.dagRuns.get({ dagId: query.dagId, runId: query.runId });
    const where = `DAG '${query.dagId}' run '${query.runId}'`;
    if (query.taskIds === null) return { what: `the run of ${where}`, states: run ? [run.state] : [], expected: 1 };
    return observeTasks(store, run ?? undefined, query.taskIds, where);
  }
  const where = `DAG '${query.dagId}' at ${query.logicalDate ?? '(no logical date)'}`;
  const runs = at === null ? [] : (await store.dagRuns.list({ dagId: query.dagId, logicalDateGte: at, logicalDateLte: at })).items;
  if (query.taskIds === null) {
    return { what: `the run of ${where}`, states: runs.map((r) => r.state), expected: 1 };
  }
  // Logical dates are unique per DAG: at most one run matches.
  return observeTasks(store, runs[0], query.taskIds, where);
}

/** A run not there yet (or without its instances yet) counts every task as missing. */
async function observeTasks(store: Store, run: DagRunKey | undefined, taskIds: readonly string[], where: string): Promise<ExternalObservation> {
  const what = `task${taskIds.length === 1 ? '' : 's'} ${taskIds.join(', ')} of ${where}`;
  const found = run === undefined ? [] : await store.taskInstances.listForTasks(run, taskIds);
  // A mapped task counts once per instance: all of them must be in an allowed state.
  const missing = taskIds.filter((id) => !found.some((ti) => ti.taskId === id)).length;
  const states = found.map((ti) => ti.state);
  return { what, states, expected: states.length + missing };
}

/** Events of the asset after `since`: how many, and the latest one's time. */
export async function assetUpdatesSince(store: Store, uri: string, since: Date | null): Promise<{ count: number; latest: string | null }> {
  const asset = await store.assets.get(uri);
  if (asset === null) return { count: 0, latest: null };
  const page = await store.assets.listEvents({ assetId: asset.id, ...(since ? { after: since } : {}), orderBy: '-timestamp', limit: 1 });
  const latest = page.items[0]?.timestamp ?? null;
  return { count: page.total, latest: latest?.toISOString() ?? null };
}
