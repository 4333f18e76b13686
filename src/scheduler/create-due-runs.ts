/**
 * Creates the scheduled runs that are due: for each active, unpaused DAG, the
 * timetable's next run while it is due and the DAG has room under
 * `maxActiveRuns` (with catchup, one missed interval after another), then
 * records when the next one is due so the scheduler can sleep until then.
 */
import type { DataInterval } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import { isStoreError } from '../store/errors.js';
import type { DagModel } from '../store/types.js';
import { createRun } from './create-run.js';
import type { DagCatalog } from './dag-catalog.js';

export interface DueRunsResult {
  /** Runs created, as "dagId/runId". */
  readonly created: readonly string[];
  /** Earliest time another scheduled run becomes due, or null if none is known. */
  readonly nextDueAt: Date | null;
}

export async function createDueRuns(store: Store, catalog: DagCatalog, now: Date): Promise<DueRunsResult> {
  const dags = (await store.dags.list({ active: true, paused: false })).items;
  const created: string[] = [];
  let nextDueAt: Date | null = null;
  for (const dag of dags) {
    if (dag.nextDagrunCreateAfter !== null && dag.nextDagrunCreateAfter > now) {
      nextDueAt = earliest(nextDueAt, dag.nextDagrunCreateAfter);
      continue;
    }
    const next = await createDueRunsOfDag(store, catalog, dag, now, created);
    nextDueAt = earliest(nextDueAt, next);
  }
  return { created, nextDueAt };
}

async function createDueRunsOfDag(store: Store, catalog: DagCatalog, dag: DagModel, now: Date, created: string[]): Promise<Date | null> {
  const entry = await catalog.latest(store, dag.dagId, dag.latestVersionId);
  if (!entry || !entry.timetable.canBeScheduled) return null;
  const { spec, timetable } = entry;
  const restriction = {
    earliest: spec.startDate === null ? null : new Date(spec.startDate),
    latest: spec.endDate === null ? null : new Date(spec.endDate),
    catchup: spec.catchup,
  };
  let last = await lastAutomatedInterval(store, dag.dagId);
  let active = await store.dagRuns.countActive(dag.dagId);
  let info = timetable.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction, now });
  while (info !== null && info.runAfter <= now && active < spec.maxActiveRuns) {
    try {
      const run = await createRun(
        store,
        spec,
        entry.versionId,
        { runType: 'scheduled', logicalDate: info.logicalDate, dataInterval: info.dataInterval, runAfter: info.runAfter, triggeredBy: 'timetable' },
        now,
      );
      created.push(`${run.dagId}/${run.runId}`);
      active += 1;
    } catch (error) {
      // A run for this date already exists (made by hand, or before a restart): move past it.
      if (!isStoreError(error) || error.code !== 'conflict') throw error;
    }
    last = info.dataInterval;
    info = timetable.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction, now });
  }
  await store.dags.setNextDagrun(dag.dagId, {
    nextDagrunAt: info?.logicalDate ?? null,
    nextDagrunDataInterval: info?.dataInterval ?? null,
    nextDagrunCreateAfter: info?.runAfter ?? null,
  });
  // Held back by maxActiveRuns: due again as soon as a run ends, which wakes the scheduler anyway.
  return info !== null && info.runAfter > now ? info.runAfter : null;
}

async function lastAutomatedInterval(store: Store, dagId: string): Promise<DataInterval | null> {
  const latest = await store.dagRuns.list({ dagId, runTypes: ['scheduled', 'backfill'], orderBy: '-logicalDate', limit: 1 });
  return latest.items[0]?.dataInterval ?? null;
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}
