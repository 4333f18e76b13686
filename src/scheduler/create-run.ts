/**
 * Creating a DAG run: the run and one task instance per task, in one
 * transaction, so no reader ever sees a run without its tasks. Shared by the
 * scheduler (scheduled runs), triggers (CLI, API) and backfills.
 */
import type { DagSpec, JsonObject } from '../core/dag-spec.js';
import { validateConf } from '../core/params-validation.js';
import { checkRunId, generateRunId } from '../core/run-id.js';
import type { DagRun, DataInterval, RunType } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import { createRunDeadlines } from './deadlines.js';
import { taskInstancesForRun } from './task-instances-for-run.js';

export interface NewRun {
  readonly runType: RunType;
  /** Default: `<runType>__<logical date or runAfter>`. */
  readonly runId?: string;
  readonly logicalDate: Date | null;
  readonly dataInterval: DataInterval | null;
  readonly runAfter: Date;
  readonly conf?: JsonObject;
  readonly triggeredBy: string;
  readonly note?: string | null;
  readonly backfillId?: number | null;
}

export class InvalidTriggerError extends Error {
  override name = 'InvalidTriggerError';
}

export async function createRun(store: Store, spec: DagSpec, dagVersionId: number, input: NewRun, now: Date): Promise<DagRun> {
  const conf = input.conf ?? {};
  const check = validateConf(spec.dagId, spec.params, conf);
  if (!check.ok) throw new InvalidTriggerError(check.message);
  const runId = input.runId ?? generateRunId(input.runType, input.logicalDate ?? input.runAfter);
  const idError = checkRunId(runId);
  if (idError) throw new InvalidTriggerError(idError);
  const run: DagRun = {
    dagId: spec.dagId,
    runId,
    runType: input.runType,
    state: 'queued',
    logicalDate: input.logicalDate,
    dataInterval: input.dataInterval,
    runAfter: input.runAfter,
    queuedAt: now,
    startDate: null,
    endDate: null,
    conf,
    dagVersionId,
    triggeredBy: input.triggeredBy,
    note: input.note ?? null,
    backfillId: input.backfillId ?? null,
    clearNumber: 0,
  };
  return store.transaction(async (tx) => {
    const created = await tx.dagRuns.create(run);
    await tx.taskInstances.createMany(taskInstancesForRun(spec, created));
    await createRunDeadlines(tx, spec, created, now);
    return created;
  });
}
