/** Runs and task instances as Airflow's DAGRunResponse / TaskInstanceResponse. */
import { createHash } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { DagRun, TaskInstance } from '../../core/run-model.js';
import type { DagVersion } from '../../store/types.js';
import type { DAGRunResponse, DagRunTriggeredByType, TaskInstanceResponse, TriggerResponse } from '../schemas/dag-runs.js';
import { presentVersion } from './dag.js';
import { iso, isoString, uuidOfKey } from './json-values.js';

type TriggeredBy = z.infer<typeof DagRunTriggeredByType>;
const TRIGGERED_BY: ReadonlySet<string> = new Set<TriggeredBy>(['cli', 'operator', 'rest_api', 'ui', 'test', 'timetable', 'asset', 'backfill']);

function seconds(start: Date | null, end: Date | null): number | null {
  return start && end ? (end.getTime() - start.getTime()) / 1000 : null;
}

export function presentDagRun(run: DagRun, version: DagVersion | null): z.infer<typeof DAGRunResponse> {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: iso(run.logicalDate),
    queued_at: iso(run.queuedAt),
    start_date: iso(run.startDate),
    end_date: iso(run.endDate),
    duration: seconds(run.startDate, run.endDate),
    data_interval_start: iso(run.dataInterval?.start),
    data_interval_end: iso(run.dataInterval?.end),
    run_after: isoString(run.runAfter),
    last_scheduling_decision: null,
    run_type: run.runType,
    state: run.state,
    triggered_by: TRIGGERED_BY.has(run.triggeredBy) ? (run.triggeredBy as TriggeredBy) : null,
    triggering_user_name: null,
    conf: { ...run.conf },
    note: run.note,
    dag_versions: version ? [presentVersion(version)] : [],
    bundle_version: null,
    dag_display_name: run.dagId,
    partition_key: null,
  };
}

export function presentTaskInstance(ti: TaskInstance, run: DagRun | null, version: DagVersion | null): z.infer<typeof TaskInstanceResponse> {
  return {
    id: uuidOfKey(ti.dagId, ti.runId, ti.taskId, ti.mapIndex),
    task_id: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    map_index: ti.mapIndex,
    logical_date: iso(run?.logicalDate),
    run_after: isoString(run?.runAfter ?? ti.queuedAt ?? new Date(0)),
    start_date: iso(ti.startDate),
    end_date: iso(ti.endDate),
    duration: ti.durationMs === null ? null : ti.durationMs / 1000,
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: ti.maxTries,
    task_display_name: ti.taskId,
    dag_display_name: ti.dagId,
    hostname: ti.hostname,
    unixname: null,
    pool: ti.pool,
    pool_slots: ti.poolSlots,
    queue: ti.queue,
    priority_weight: ti.priorityWeight,
    operator: ti.operator,
    operator_name: ti.operator,
    queued_when: iso(ti.queuedAt),
    scheduled_when: null,
    pid: ti.pid,
    executor: ti.executor,
    executor_config: '{}',
    note: ti.note,
    rendered_map_index: ti.mapIndex >= 0 ? String(ti.mapIndex) : null,
    rendered_fields: { ...(ti.renderedFields ?? {}) },
    trigger: presentTrigger(ti),
    triggerer_job: null,
    dag_version: version ? presentVersion(version) : null,
  };
}

/**
 * A deferred instance's trigger in Airflow's shape. There is no trigger table (the
 * trigger is kept on the instance), so its id is a stable number derived from the
 * instance and the time it deferred, and the triggerer is the scheduler (null).
 */
function presentTrigger(ti: TaskInstance): z.infer<typeof TriggerResponse> | null {
  const wait = ti.waitState ?? null;
  if (ti.state !== 'deferred' || wait === null || wait.kind !== 'deferred') return null;
  const { kind, ...kwargs } = wait.trigger;
  const classpath = kind === 'time' ? 'updraft.triggers.TimeTrigger' : 'updraft.triggers.ExternalTaskTrigger';
  const id = Number.parseInt(createHash('sha1').update(`${uuidOfKey(ti.dagId, ti.runId, ti.taskId, ti.mapIndex)}#${wait.firstPokeAt}`).digest('hex').slice(0, 7), 16);
  return { id, classpath, kwargs: JSON.stringify({ ...kwargs, timeout_at: wait.timeoutAt }), created_date: wait.firstPokeAt, triggerer_id: null, queue: null };
}
