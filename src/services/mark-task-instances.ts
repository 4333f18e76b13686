/**
 * Marking task instances success, failed or skipped by hand (Airflow's "mark
 * success/failed" and `PATCH .../taskInstances/{task_id}`), optionally with
 * their upstream or downstream tasks in the same run. A running try that is
 * marked is stopped by the scheduler, which sees its state changed. The run is
 * put back to running if it had ended, so its state is decided again.
 */
import type { TaskInstance, TaskInstanceKey } from '../core/run-model.js';
import { allDownstreamOf, allUpstreamOf } from '../core/graph.js';
import type { Store } from '../store/store.js';
import { audit } from './audit.js';
import { NotFoundError } from './errors.js';

export type MarkState = 'success' | 'failed' | 'skipped';

export interface MarkRequest {
  readonly key: TaskInstanceKey;
  readonly state: MarkState;
  readonly upstream?: boolean;
  readonly downstream?: boolean;
  readonly dryRun?: boolean;
  readonly actor: string;
}

export async function markTaskInstances(store: Store, request: MarkRequest, now: Date): Promise<TaskInstance[]> {
  const { key } = request;
  const run = await store.dagRuns.get(key);
  const version = run ? await store.dags.getVersion(run.dagVersionId) : null;
  if (!run || !version) throw new NotFoundError(`run ${key.runId} of DAG ${key.dagId} not found`);
  const spec = version.spec;
  if (!spec.tasks.some((t) => t.taskId === key.taskId)) throw new NotFoundError(`DAG ${key.dagId} has no task ${key.taskId}`);

  const taskIds = new Set([key.taskId]);
  if (request.downstream) for (const id of allDownstreamOf(spec, key.taskId)) taskIds.add(id);
  if (request.upstream) for (const id of allUpstreamOf(spec, key.taskId)) taskIds.add(id);
  const tis = (await store.taskInstances.list({ dagId: key.dagId, runId: key.runId })).items.filter(
    (ti) => taskIds.has(ti.taskId) && (ti.taskId !== key.taskId || key.mapIndex < 0 || ti.mapIndex === key.mapIndex) && ti.state !== request.state,
  );
  if (request.dryRun || tis.length === 0) return tis;

  await store.transaction(async (tx) => {
    for (const ti of tis) {
      await tx.taskInstances.update(ti, {
        state: request.state,
        endDate: now,
        startDate: ti.startDate ?? now,
        nextRetryAt: null,
        stateReason: `marked ${request.state} by ${request.actor}`,
      });
    }
    if (run.state === 'success' || run.state === 'failed') await tx.dagRuns.update(run, { state: 'running', endDate: null });
  });
  await audit(store, `mark_${request.state}`, { dagId: key.dagId, runId: key.runId, taskId: key.taskId, owner: request.actor, extra: JSON.stringify({ count: tis.length }) }, now);
  return tis;
}
