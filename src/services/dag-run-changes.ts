/**
 * Changing a DAG run by hand (the API's PATCH and DELETE of a run, Airflow's
 * "mark run as success/failed/queued"):
 * - success: every task instance not yet successful becomes success;
 * - failed: running ones fail, the ones not started are skipped;
 * - queued: the run is queued again as it is (its tasks keep their states).
 * A try still running when its instance is marked is stopped by the scheduler.
 */
import type { DagRun } from '../core/run-model.js';
import { FINISHED_TI_STATES, type DagRunState } from '../core/states.js';
import type { DagRunKey, Store } from '../store/store.js';
import { audit } from './audit.js';
import { NotFoundError } from './errors.js';

export type SettableRunState = Extract<DagRunState, 'queued' | 'success' | 'failed'>;

export async function requireRun(store: Store, key: DagRunKey): Promise<DagRun> {
  const run = await store.dagRuns.get(key);
  if (!run) throw new NotFoundError(`The DagRun with dag_id: \`${key.dagId}\` and run_id: \`${key.runId}\` was not found`);
  return run;
}

export async function setDagRunState(store: Store, key: DagRunKey, state: SettableRunState, actor: string, now: Date): Promise<DagRun> {
  const run = await requireRun(store, key);
  await store.transaction(async (tx) => {
    if (state !== 'queued') {
      for (const ti of (await tx.taskInstances.list({ dagId: key.dagId, runId: key.runId })).items) {
        const finished = ti.state !== null && FINISHED_TI_STATES.has(ti.state);
        const target = state === 'success' ? (ti.state === 'success' ? null : 'success') : finished ? null : ti.state === 'running' ? 'failed' : 'skipped';
        if (target === null) continue;
        await tx.taskInstances.update(ti, { state: target, endDate: now, nextRetryAt: null, stateReason: `run marked ${state} by ${actor}` });
      }
    }
    const ended = state === 'queued' ? { endDate: null } : { endDate: now, startDate: run.startDate ?? now };
    await tx.dagRuns.update(key, { state, ...ended, ...(state === 'queued' ? { queuedAt: now } : {}) });
  });
  await audit(store, `dag_run_mark_${state}`, { dagId: key.dagId, runId: key.runId, owner: actor }, now);
  return requireRun(store, key);
}

export async function setDagRunNote(store: Store, key: DagRunKey, note: string | null, actor: string, now: Date): Promise<DagRun> {
  await requireRun(store, key);
  await store.dagRuns.update(key, { note });
  await audit(store, 'dag_run_note', { dagId: key.dagId, runId: key.runId, owner: actor }, now);
  return requireRun(store, key);
}

export async function deleteDagRun(store: Store, key: DagRunKey, actor: string, now: Date): Promise<void> {
  await requireRun(store, key);
  await store.dagRuns.delete(key);
  await audit(store, 'dag_run_delete', { dagId: key.dagId, runId: key.runId, owner: actor }, now);
}
