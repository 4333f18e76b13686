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
import type { DagRunStarter } from '../runner/task-services.js';
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

/**
 * How a task (the triggerDagRun operator) creates runs: the same trigger as the
 * API's, a run id that exists answered as "not created" rather than thrown,
 * and `onCreated` to wake the scheduler so the run starts at once.
 */
export function dagRunStarter(store: Store, onCreated: () => void = () => undefined): DagRunStarter {
  return async (request) => {
    try {
      const run = await triggerDag(
        store,
        {
          dagId: request.dagId,
          conf: request.conf,
          ...(request.runId !== undefined ? { runId: request.runId } : {}),
          ...(request.logicalDate !== undefined ? { logicalDate: new Date(request.logicalDate) } : {}),
          triggeredBy: request.triggeredBy,
          note: request.note,
        },
        new Date(),
      );
      onCreated();
      return { created: true, runId: run.runId, logicalDate: run.logicalDate?.toISOString() ?? null };
    } catch (error) {
      if (error instanceof ConflictError && request.runId !== undefined) return { created: false, runId: request.runId, reason: error.message };
      throw error;
    }
  };
}
