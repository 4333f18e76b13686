/**
 * Starting the queued runs of backfills, as Airflow 3 does: each active,
 * unpaused backfill starts its runs in its own order (logical date, or newest
 * first when run backwards) while fewer than its `maxActiveRuns` are running.
 * Backfill runs neither count against nor wait for the DAG's own
 * `maxActiveRuns`. A backfill whose runs have all ended is marked completed.
 */
import type { DagRunKey, Store } from '../store/store.js';

export interface BackfillStartResult {
  /** Runs moved from queued to running. */
  readonly started: DagRunKey[];
  /** Backfills still active: their queued runs are theirs to start, not the DAG's. */
  readonly activeBackfillIds: ReadonlySet<number>;
  /** Backfills completed by this pass. */
  readonly completed: number[];
}

export async function startBackfillRuns(store: Store, now: Date): Promise<BackfillStartResult> {
  const completed = await store.backfills.completeFinished(now);
  const active = (await store.backfills.list({ active: true, orderBy: 'id' })).items;
  const started: DagRunKey[] = [];
  for (const backfill of active) {
    if (backfill.isPaused) continue;
    const running = (await store.dagRuns.list({ dagId: backfill.dagId, backfillId: backfill.id, states: ['running'], limit: 1 })).total;
    let room = backfill.maxActiveRuns - running;
    if (room <= 0) continue;
    for (const row of await store.backfills.listRuns(backfill.id, { runStates: ['queued'] })) {
      if (room <= 0) break;
      if (row.runId === null) continue;
      const key = { dagId: backfill.dagId, runId: row.runId };
      const run = await store.dagRuns.get(key);
      // The run may since belong to a newer backfill of the same date.
      if (!run || run.backfillId !== backfill.id || run.runAfter > now) continue;
      if (await store.dagRuns.updateState(key, 'queued', 'running', { startDate: run.startDate ?? now })) {
        started.push(key);
        room -= 1;
      }
    }
  }
  return { started, activeBackfillIds: new Set(active.map((b) => b.id)), completed };
}
