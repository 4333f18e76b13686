/**
 * Queued runs moved to running, one step of the scheduler's look-around: first
 * the runs of active backfills (in their backfill's order, under its own limit),
 * then every other queued run that is due, oldest first, while its DAG has
 * room under `maxActiveRuns` and is not paused. With several schedulers the
 * caller holds the `start_runs` lock: the running runs counted here are then
 * every scheduler's.
 */
import type { DagRunKey, Store } from '../store/store.js';
import type { DagCatalog } from './dag-catalog.js';
import { startBackfillRuns } from './start-backfill-runs.js';

export interface StartedRuns {
  /** Runs now running: each needs a plan. */
  readonly started: DagRunKey[];
  readonly messages: string[];
}

export async function startQueuedRuns(tx: Store, catalog: DagCatalog, now: Date): Promise<StartedRuns> {
  const backfills = await startBackfillRuns(tx, now);
  const started: DagRunKey[] = [...backfills.started];
  const messages = backfills.completed.length > 0 ? [`backfills completed: ${backfills.completed.join(', ')}`] : [];
  const queued = (await tx.dagRuns.list({ states: ['queued'], orderBy: 'runAfter' })).items;
  const running = new Map<string, number>();
  const paused = new Map<string, boolean>();
  for (const run of queued) {
    if (run.runAfter > now) continue;
    // A paused DAG's runs wait, triggered ones included, as in Airflow: unpausing starts them.
    if (!paused.has(run.dagId)) paused.set(run.dagId, (await tx.dags.get(run.dagId))?.isPaused ?? false);
    if (paused.get(run.dagId)) continue;
    if (run.backfillId !== null && backfills.activeBackfillIds.has(run.backfillId)) continue;
    const { spec } = await catalog.version(tx, run.dagVersionId);
    // Backfill runs do not count against the DAG's own maxActiveRuns (Airflow 3).
    const active = running.get(run.dagId) ?? (await tx.dagRuns.list({ dagId: run.dagId, backfillId: null, states: ['running'], limit: 1 })).total;
    if (active >= spec.maxActiveRuns) continue;
    if (await tx.dagRuns.updateState(run, 'queued', 'running', { startDate: run.startDate ?? now })) {
      running.set(run.dagId, active + 1);
      started.push(run);
    }
  }
  return { started, messages };
}
