/**
 * Backfills (Airflow 3's `_create_backfill` and the backfill API): runs of a DAG
 * over a past date range, started by the scheduler in the backfill's order and
 * under its own `maxActiveRuns`.
 *
 *   active ──pause──> paused ──unpause──> active
 *     │ all runs ended (scheduler)          │ cancel: pause, queued runs -> failed
 *     v                                     v
 *   completed <─────────────────────────────┘
 *
 * A date that already has a run: a queued or running one is left alone ("in
 * flight"); a finished one is re-run (cleared and taken over by the backfill)
 * when the reprocess behaviour asks for it, else skipped ("already exists").
 */
import type { JsonObject } from '../core/dag-spec.js';
import { validateConf } from '../core/params-validation.js';
import { generateRunId } from '../core/run-id.js';
import type { DagRun, DataInterval } from '../core/run-model.js';
import { DAG_RUN_STATES, type DagRunState } from '../core/states.js';
import { planBackfill, timetableFor } from '../core/timetables/index.js';
import type { DagRunInfo } from '../core/timetables/index.js';
import { createRun, InvalidTriggerError } from '../scheduler/create-run.js';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { REPROCESS_BEHAVIORS } from '../store/types.js';
import type { Backfill, BackfillDagRun, BackfillSkipReason, DagVersion, NewBackfillDagRun, ReprocessBehavior } from '../store/types.js';
import { audit } from './audit.js';
import { clearTaskInstances } from './clear-task-instances.js';
import { requireLatestVersion } from './dag-lookup.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';

/** Airflow's default `max_active_runs` for a backfill. */
export const DEFAULT_BACKFILL_MAX_ACTIVE_RUNS = 10;

export interface BackfillRequest {
  readonly dagId: string;
  /** First logical date (inclusive). */
  readonly from: Date;
  /** Last logical date (inclusive). */
  readonly to: Date;
  readonly reprocess?: ReprocessBehavior;
  readonly maxActiveRuns?: number;
  readonly runBackwards?: boolean;
  /** Conf of every run; validated against the DAG's params. Re-run runs keep theirs unless given. */
  readonly conf?: JsonObject;
  /** Who asked (a user name, `cli`, `api`). */
  readonly triggeredBy: string;
}

export type BackfillDateAction = 'create' | 'rerun' | 'skip';

/** What a backfill does (or did) for one logical date. */
export interface BackfillDatePlan {
  readonly sortOrdinal: number;
  readonly logicalDate: Date;
  readonly dataInterval: DataInterval;
  readonly action: BackfillDateAction;
  /** The run created or re-run; for a skip, the run that was already there. */
  readonly runId: string | null;
  readonly reason: BackfillSkipReason | null;
  /** State of the run that was already there, if any (before the backfill touched it). */
  readonly existingState: DagRunState | null;
}

export interface BackfillCreated {
  readonly backfill: Backfill;
  readonly dates: readonly BackfillDatePlan[];
}

/** Airflow's `_get_dag_run_no_create_reason`: why an existing run is not re-run, or null to re-run it. */
export function noRerunReason(state: DagRunState, reprocess: ReprocessBehavior): BackfillSkipReason | null {
  if (state !== 'success' && state !== 'failed') return 'in flight';
  if (reprocess === 'none') return 'already exists';
  if (reprocess === 'failed' && state !== 'failed') return 'already exists';
  return null;
}

interface Validated {
  readonly version: DagVersion;
  readonly infos: readonly DagRunInfo[];
  readonly reprocess: ReprocessBehavior;
  readonly maxActiveRuns: number;
}

async function validate(store: Store, input: BackfillRequest, now: Date): Promise<Validated> {
  const version = await requireLatestVersion(store, input.dagId);
  const spec = version.spec;
  const reprocess = input.reprocess ?? 'none';
  if (!(REPROCESS_BEHAVIORS as readonly string[]).includes(reprocess)) {
    throw new BadRequestError(`unknown reprocess behaviour '${String(reprocess)}': use one of ${REPROCESS_BEHAVIORS.join(', ')}`);
  }
  const maxActiveRuns = input.maxActiveRuns ?? DEFAULT_BACKFILL_MAX_ACTIVE_RUNS;
  if (!Number.isInteger(maxActiveRuns) || maxActiveRuns < 1) {
    throw new BadRequestError(`max active runs must be a whole number of at least 1, got ${String(maxActiveRuns)}`);
  }
  const timetable = timetableFor(spec.schedule);
  if (!timetable.periodic) {
    throw new BadRequestError(
      `DAG '${spec.dagId}' cannot be backfilled: its schedule (${timetable.summary}) is not periodic; trigger runs by hand instead`,
    );
  }
  const pastDependent = spec.tasks.filter((t) => t.dependsOnPast).map((t) => t.taskId);
  if (pastDependent.length > 0) {
    const tasks = pastDependent.join(', ');
    if (input.runBackwards) {
      throw new BadRequestError(`DAG '${spec.dagId}' cannot be backfilled backwards: tasks ${tasks} depend on past runs`);
    }
    if (reprocess === 'none') {
      throw new BadRequestError(
        `DAG '${spec.dagId}' has tasks that depend on past runs (${tasks}): choose reprocess 'failed' or 'completed' so earlier dates are not left behind`,
      );
    }
  }
  const check = validateConf(spec.dagId, spec.params, input.conf ?? {});
  if (!check.ok) throw new BadRequestError(check.message);
  let infos: DagRunInfo[];
  try {
    infos = planBackfill(timetable, { from: input.from, to: input.to, runBackwards: input.runBackwards ?? false, now });
  } catch (error) {
    throw new BadRequestError(`DAG '${spec.dagId}': ${error instanceof Error ? error.message : String(error)}`);
  }
  return { version, infos, reprocess, maxActiveRuns };
}

async function runAt(store: Store, dagId: string, logicalDate: Date): Promise<DagRun | null> {
  return (await store.dagRuns.list({ dagId, logicalDateGte: logicalDate, logicalDateLte: logicalDate, limit: 1 })).items[0] ?? null;
}

function decide(info: DagRunInfo, sortOrdinal: number, existing: DagRun | null, reprocess: ReprocessBehavior): BackfillDatePlan {
  const base = { sortOrdinal, logicalDate: info.logicalDate, dataInterval: info.dataInterval };
  if (!existing) return { ...base, action: 'create', runId: generateRunId('backfill', info.logicalDate), reason: null, existingState: null };
  const reason = noRerunReason(existing.state, reprocess);
  return { ...base, action: reason ? 'skip' : 'rerun', runId: existing.runId, reason, existingState: existing.state };
}

async function activeBackfillConflict(store: Store, dagId: string): Promise<void> {
  const active = (await store.backfills.list({ dagId, active: true, limit: 1 })).items[0];
  if (active) {
    throw new ConflictError(
      `DAG '${dagId}' already has a running backfill (id ${active.id}): a DAG can have one at a time; ` +
        `wait for it or stop it with 'updraft backfill cancel ${active.id}'`,
    );
  }
}

/** What `createBackfill` would do, changing nothing (Airflow's dry run). */
export async function dryRunBackfill(store: Store, input: BackfillRequest, now: Date): Promise<BackfillDatePlan[]> {
  const { infos, reprocess } = await validate(store, input, now);
  const plans: BackfillDatePlan[] = [];
  for (const [i, info] of infos.entries()) plans.push(decide(info, i + 1, await runAt(store, input.dagId, info.logicalDate), reprocess));
  return plans;
}

/**
 * Creates a backfill and, in the same transaction, its runs (queued, type
 * `backfill`, id `backfill__<logical date>`) and one row per date saying what
 * it got. The scheduler starts the runs; nothing here waits for them.
 */
export async function createBackfill(store: Store, input: BackfillRequest, now: Date): Promise<BackfillCreated> {
  const { version, infos, reprocess, maxActiveRuns } = await validate(store, input, now);
  await activeBackfillConflict(store, input.dagId);
  const created = await store.transaction(async (tx) => {
    let backfill: Backfill;
    try {
      backfill = await tx.backfills.create(
        {
          dagId: input.dagId,
          fromDate: input.from,
          toDate: input.to,
          reprocessBehavior: reprocess,
          maxActiveRuns,
          runBackwards: input.runBackwards ?? false,
          dagRunConf: input.conf ?? {},
          triggeredBy: input.triggeredBy,
        },
        now,
      );
    } catch (error) {
      if (isStoreError(error, 'conflict')) throw new ConflictError(error.message);
      throw error;
    }
    const dates: BackfillDatePlan[] = [];
    for (const [i, info] of infos.entries()) {
      const plan = decide(info, i + 1, await runAt(tx, input.dagId, info.logicalDate), reprocess);
      dates.push(await carryOut(tx, plan, info, backfill, version, input.conf, now));
    }
    const rows: NewBackfillDagRun[] = dates.map((d) => ({
      backfillId: backfill.id,
      sortOrdinal: d.sortOrdinal,
      logicalDate: d.logicalDate,
      runId: d.action === 'skip' ? null : d.runId,
      exceptionReason: d.reason,
    }));
    await tx.backfills.addRuns(rows);
    return { backfill, dates };
  });
  const counts = summarize(created.dates);
  await audit(
    store,
    'backfill_create',
    { dagId: input.dagId, owner: input.triggeredBy, extra: JSON.stringify({ backfill_id: created.backfill.id, ...counts }) },
    now,
  );
  return created;
}

async function carryOut(
  tx: Store,
  plan: BackfillDatePlan,
  info: DagRunInfo,
  backfill: Backfill,
  version: DagVersion,
  conf: JsonObject | undefined,
  now: Date,
): Promise<BackfillDatePlan> {
  if (plan.action === 'skip' || plan.runId === null) return plan;
  if (plan.action === 'rerun') {
    const key = { dagId: backfill.dagId, runId: plan.runId };
    await clearTaskInstances(tx, key, now);
    const run = await tx.dagRuns.get(key);
    // A run with no task instance to clear is still finished: queue it again by hand.
    if (run && (run.state === 'success' || run.state === 'failed')) {
      await tx.dagRuns.updateState(key, run.state, 'queued', { queuedAt: now, startDate: null, endDate: null, clearNumber: run.clearNumber + 1 });
    }
    await tx.dagRuns.update(key, { runType: 'backfill', triggeredBy: 'backfill', backfillId: backfill.id, ...(conf ? { conf } : {}) });
    return plan;
  }
  try {
    await createRun(
      tx,
      version.spec,
      version.id,
      {
        runType: 'backfill',
        runId: plan.runId,
        logicalDate: info.logicalDate,
        dataInterval: info.dataInterval,
        runAfter: info.runAfter,
        conf: conf ?? {},
        triggeredBy: 'backfill',
        backfillId: backfill.id,
      },
      now,
    );
    return plan;
  } catch (error) {
    if (error instanceof InvalidTriggerError) throw new BadRequestError(error.message);
    // Another process made a run for this date (or with this id) since we looked.
    if (isStoreError(error, 'conflict')) return { ...plan, action: 'skip', runId: null, reason: 'in flight' };
    throw error;
  }
}

export interface BackfillCounts {
  readonly created: number;
  readonly rerun: number;
  readonly skipped: number;
}

export function summarize(dates: readonly BackfillDatePlan[]): BackfillCounts {
  return {
    created: dates.filter((d) => d.action === 'create').length,
    rerun: dates.filter((d) => d.action === 'rerun').length,
    skipped: dates.filter((d) => d.action === 'skip').length,
  };
}

export interface BackfillProgress {
  readonly backfill: Backfill;
  /** Dates that got a run (created or re-run). */
  readonly total: number;
  /** Runs that ended (success or failed). */
  readonly done: number;
  readonly byState: Readonly<Record<DagRunState, number>>;
  /** Dates that got no run, and runs since deleted. */
  readonly skipped: number;
  readonly rows: readonly BackfillDagRun[];
}

export async function requireBackfill(store: Store, id: number): Promise<Backfill> {
  const backfill = await store.backfills.get(id);
  if (!backfill) throw new NotFoundError(`backfill ${id} not found: see 'updraft backfill list'`);
  return backfill;
}

export async function backfillProgress(store: Store, id: number): Promise<BackfillProgress> {
  const backfill = await requireBackfill(store, id);
  const rows = await store.backfills.listRuns(id);
  const byState = Object.fromEntries(DAG_RUN_STATES.map((s) => [s, 0])) as Record<DagRunState, number>;
  let skipped = 0;
  for (const row of rows) {
    if (row.runState === null) skipped += 1;
    else byState[row.runState] += 1;
  }
  return { backfill, total: rows.length - skipped, done: byState.success + byState.failed, byState, skipped, rows };
}

function requireActive(backfill: Backfill): void {
  if (backfill.completedAt !== null) {
    throw new ConflictError(`backfill ${backfill.id} of DAG '${backfill.dagId}' is already completed (${backfill.completedAt.toISOString()})`);
  }
}

/** Pausing stops new runs of the backfill from starting; running ones finish. */
export async function pauseBackfill(store: Store, id: number, paused: boolean, actor: string, now: Date): Promise<Backfill> {
  const backfill = await requireBackfill(store, id);
  requireActive(backfill);
  if (!(await store.backfills.update(id, { isPaused: paused }, { onlyActive: true }))) requireActive(await requireBackfill(store, id));
  await audit(store, paused ? 'backfill_pause' : 'backfill_unpause', { dagId: backfill.dagId, owner: actor, extra: JSON.stringify({ backfill_id: id }) }, now);
  return requireBackfill(store, id);
}

/**
 * Cancelling, as Airflow does: the backfill is paused so nothing more starts,
 * its queued runs fail, running ones finish, and it is completed at once.
 */
export async function cancelBackfill(store: Store, id: number, actor: string, now: Date): Promise<{ backfill: Backfill; failedRuns: string[] }> {
  const backfill = await requireBackfill(store, id);
  requireActive(backfill);
  const failedRuns = await store.transaction(async (tx) => {
    await tx.backfills.update(id, { isPaused: true }, { onlyActive: true });
    const failed: string[] = [];
    for (const run of (await tx.dagRuns.list({ dagId: backfill.dagId, backfillId: id, states: ['queued'] })).items) {
      if (await tx.dagRuns.updateState(run, 'queued', 'failed', { endDate: now })) failed.push(run.runId);
    }
    await tx.backfills.update(id, { completedAt: now }, { onlyActive: true });
    return failed;
  });
  await audit(store, 'backfill_cancel', { dagId: backfill.dagId, owner: actor, extra: JSON.stringify({ backfill_id: id, failed_runs: failedRuns.length }) }, now);
  return { backfill: await requireBackfill(store, id), failedRuns };
}
