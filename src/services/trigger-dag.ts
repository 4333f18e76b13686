/**
 * Triggering a DAG by hand (Airflow's `dags trigger` and `POST /dagRuns`): a
 * `manual` run of the latest version, conf validated against the params, the
 * data interval inferred from the timetable. The scheduler starts it.
 */
import type { JsonObject } from '../core/dag-spec.js';
import type { DagRun } from '../core/run-model.js';
import { timetableFor } from '../core/timetables/index.js';
import { createRun, InvalidTriggerError } from '../scheduler/create-run.js';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { requireLatestVersion } from './dag-lookup.js';
import { BadRequestError, ConflictError } from './errors.js';

export interface TriggerInput {
  readonly dagId: string;
  readonly conf?: JsonObject;
  readonly runId?: string;
  /** Default: now. `null`: a run without a logical date (Airflow 3). */
  readonly logicalDate?: Date | null;
  /** Default: the logical date, or now without one. */
  readonly runAfter?: Date;
  /** Default: the timetable's manual interval for the logical date. */
  readonly dataInterval?: { readonly start: Date; readonly end: Date };
  readonly triggeredBy: string;
  readonly note?: string | null;
}

export async function triggerDag(store: Store, input: TriggerInput, now: Date): Promise<DagRun> {
  const version = await requireLatestVersion(store, input.dagId);
  const logicalDate = input.logicalDate === undefined ? now : input.logicalDate;
  const timetable = timetableFor(version.spec.schedule);
  try {
    return await createRun(
      store,
      version.spec,
      version.id,
      {
        runType: 'manual',
        ...(input.runId !== undefined ? { runId: input.runId } : {}),
        logicalDate,
        dataInterval: input.dataInterval ?? (logicalDate === null ? null : timetable.inferManualDataInterval(logicalDate)),
        runAfter: input.runAfter ?? logicalDate ?? now,
        conf: input.conf ?? {},
        triggeredBy: input.triggeredBy,
        note: input.note ?? null,
      },
      now,
    );
  } catch (error) {
    if (error instanceof InvalidTriggerError) throw new BadRequestError(error.message);
    if (isStoreError(error) && error.code === 'conflict') throw new ConflictError(error.message);
    throw error;
  }
}
