/**
 * Asset-triggered runs (Airflow's `SchedulerJob._create_dag_runs_asset_triggered`),
 * one step of the scheduler's look-around, inside its transaction:
 *
 *   queue entries of DAG d ──> d active, unpaused, under maxActiveRuns, and its
 *   condition met by the queued assets?
 *     ──yes──> run `asset_triggered__<latest entry time>` (runAfter = that time)
 *              + the events it consumed: d's scheduled assets, timestamps in
 *                (previous asset-triggered run's runAfter, latest entry time]
 *              + those entries dequeued
 *     ──no───> entries stay queued (a paused DAG gets its run once unpaused)
 *
 * The run id is derived from the entries, so two schedulers reading the same
 * queue make the same id and the second one's insert is refused: never two
 * runs for the same events.
 */
import { assetConditionMet, scheduleAssetCondition } from '../core/asset-condition.js';
import type { DagRun, DataInterval } from '../core/run-model.js';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { AssetEvent, AssetQueueEntry } from '../store/types.js';
import { createRun, InvalidTriggerError } from './create-run.js';
import type { DagCatalog } from './dag-catalog.js';

export interface AssetRunsResult {
  /** Runs created, as "dagId/runId". */
  readonly created: readonly string[];
  /** What the scheduler should log: the runs created, and DAGs whose run could not be made. */
  readonly messages: readonly string[];
}

export async function createAssetRuns(store: Store, catalog: DagCatalog, now: Date): Promise<AssetRunsResult> {
  const byDag = new Map<string, AssetQueueEntry[]>();
  for (const entry of await store.assets.listQueue()) byDag.set(entry.dagId, [...(byDag.get(entry.dagId) ?? []), entry]);
  const created: string[] = [];
  const messages: string[] = [];
  for (const [dagId, entries] of byDag) {
    try {
      const runId = await createAssetRunOfDag(store, catalog, dagId, entries, now);
      if (runId !== null) created.push(`${dagId}/${runId}`);
    } catch (error) {
      if (!(error instanceof InvalidTriggerError)) throw error;
      messages.push(`cannot create the asset-triggered run of ${dagId}: ${error.message}`);
    }
  }
  if (created.length > 0) messages.unshift(`created asset-triggered runs ${created.join(', ')}`);
  return { created, messages };
}

async function createAssetRunOfDag(store: Store, catalog: DagCatalog, dagId: string, entries: readonly AssetQueueEntry[], now: Date): Promise<string | null> {
  const dag = await store.dags.get(dagId);
  if (!dag || !dag.isActive || dag.isPaused) return null;
  const entry = await catalog.latest(store, dagId, dag.latestVersionId);
  if (!entry || entry.spec.schedule.kind !== 'assets') return null;
  const { spec } = entry;
  if (!assetConditionMet(scheduleAssetCondition(entry.spec.schedule), new Set(entries.map((e) => e.uri)))) return null;
  // At maxActiveRuns (queued and running count, as Airflow's dags_needing_dagruns): the entries wait.
  if ((await store.dagRuns.countActive(dagId)) >= spec.maxActiveRuns) return null;

  const triggeredAt = new Date(Math.max(...entries.map((e) => e.createdAt.getTime())));
  const previous = (
    await store.dagRuns.list({ dagId, runTypes: ['asset_triggered'], runAfterLte: new Date(triggeredAt.getTime() - 1), orderBy: '-runAfter', limit: 1 })
  ).items[0];
  const events = await store.assets.listEventsForDag(dagId, { after: previous?.runAfter ?? null, upTo: triggeredAt });
  let run: DagRun;
  try {
    run = await createRun(
      store,
      spec,
      entry.versionId,
      // No logical date, as Airflow 3; the data interval spans the consumed events (Airflow's data_interval_for_events).
      { runType: 'asset_triggered', logicalDate: null, dataInterval: eventsInterval(events, triggeredAt), runAfter: triggeredAt, triggeredBy: 'asset' },
      now,
    );
  } catch (error) {
    // Another scheduler made this run from the same entries (it also dequeues them).
    if (isStoreError(error) && error.code === 'conflict') return null;
    throw error;
  }
  await store.assets.recordConsumed(run, events.map((e) => e.id));
  await store.assets.dequeue(dagId, entries.map((e) => e.assetId), triggeredAt);
  return run.runId;
}

function eventsInterval(events: readonly AssetEvent[], fallback: Date): DataInterval {
  if (events.length === 0) return { start: fallback, end: fallback };
  const times = events.map((e) => e.timestamp.getTime());
  return { start: new Date(Math.min(...times)), end: new Date(Math.max(...times)) };
}
