/** DAG run bodies: responses, trigger, patch, clear and the batch list, as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { DAG_RUN_STATES, TASK_INSTANCE_STATES } from '../../core/states.js';
import { dateTime, dateTimeInput, nullableDateTime, optionalDateFilter, optionalNumberFilter, rangeFilters } from './common.js';
import { DagRunType, DagVersionResponse } from './dags.js';

export const DagRunState = z.enum(DAG_RUN_STATES).openapi('DagRunState');
export const DagRunTriggeredByType = z
  .enum(['cli', 'operator', 'rest_api', 'ui', 'test', 'timetable', 'asset', 'backfill'])
  .openapi('DagRunTriggeredByType');

export const DAGRunResponse = z
  .object({
    dag_run_id: z.string(),
    dag_id: z.string(),
    logical_date: nullableDateTime,
    queued_at: nullableDateTime,
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    duration: z.number().nullable(),
    data_interval_start: nullableDateTime,
    data_interval_end: nullableDateTime,
    run_after: dateTime,
    last_scheduling_decision: nullableDateTime,
    run_type: DagRunType,
    state: DagRunState,
    triggered_by: DagRunTriggeredByType.nullable(),
    triggering_user_name: z.string().nullable(),
    conf: z.record(z.string(), z.unknown()).nullable(),
    note: z.string().nullable(),
    dag_versions: z.array(DagVersionResponse),
    bundle_version: z.string().nullable(),
    dag_display_name: z.string(),
    partition_key: z.string().nullable(),
  })
  .openapi('DAGRunResponse');

export const DAGRunCollectionResponse = z
  .object({ dag_runs: z.array(DAGRunResponse), total_entries: z.number().int() })
  .openapi('DAGRunCollectionResponse');

export const TriggerDAGRunPostBody = z
  .strictObject({
    dag_run_id: z.string().nullable().optional(),
    data_interval_start: dateTimeInput.nullable().optional(),
    data_interval_end: dateTimeInput.nullable().optional(),
    logical_date: dateTimeInput.nullable().optional(),
    run_after: dateTimeInput.nullable().optional(),
    conf: z.record(z.string(), z.unknown()).nullable().optional(),
    note: z.string().nullable().optional(),
    partition_key: z.string().nullable().optional(),
  })
  .openapi('TriggerDAGRunPostBody');

export const DAGRunPatchStates = z.enum(['queued', 'success', 'failed']).openapi('DAGRunPatchStates');

export const DAGRunPatchBody = z
  .strictObject({ state: DAGRunPatchStates.nullable().optional(), note: z.string().max(1000).nullable().optional() })
  .openapi('DAGRunPatchBody');

export const DAGRunClearBody = z
  .strictObject({
    dry_run: z.boolean().default(true),
    only_failed: z.boolean().default(false),
    run_on_latest_version: z.boolean().default(false),
  })
  .openapi('DAGRunClearBody');


export const DAGRunsBatchBody = z
  .strictObject({
    order_by: z.string().nullable().optional(),
    page_offset: z.number().int().min(0).max(2_147_483_647).default(0),
    page_limit: z.number().int().min(0).default(100),
    dag_ids: z.array(z.string()).nullable().optional(),
    states: z.array(DagRunState.nullable()).nullable().optional(),
    ...rangeFilters('run_after', optionalDateFilter),
    ...rangeFilters('logical_date', optionalDateFilter),
    ...rangeFilters('start_date', optionalDateFilter),
    ...rangeFilters('end_date', optionalDateFilter),
    ...rangeFilters('duration', optionalNumberFilter),
    conf_contains: z.string().nullable().optional(),
  })
  .openapi('DAGRunsBatchBody');

export const TaskInstanceState = z.enum(TASK_INSTANCE_STATES).openapi('TaskInstanceState');

/** Fields a task instance and one of its tries share (Airflow's TaskInstanceResponse and TaskInstanceHistoryResponse). */
export const tryFields = {
  start_date: nullableDateTime,
  end_date: nullableDateTime,
  duration: z.number().nullable(),
  state: TaskInstanceState.nullable(),
  try_number: z.number().int(),
  max_tries: z.number().int(),
  task_display_name: z.string(),
  dag_display_name: z.string(),
  hostname: z.string().nullable(),
  unixname: z.string().nullable(),
  pool: z.string(),
  pool_slots: z.number().int(),
  queue: z.string().nullable(),
  priority_weight: z.number().int().nullable(),
  operator: z.string().nullable(),
  operator_name: z.string().nullable(),
  queued_when: nullableDateTime,
  scheduled_when: nullableDateTime,
  pid: z.number().int().nullable(),
  executor: z.string().nullable(),
  executor_config: z.string(),
};

/** What a deferred task instance waits on (Airflow's trigger row; ours lives on the instance). */
export const TriggerResponse = z
  .object({
    id: z.number().int(),
    classpath: z.string(),
    kwargs: z.string(),
    created_date: dateTime,
    triggerer_id: z.number().int().nullable(),
    queue: z.string().nullable(),
  })
  .openapi('TriggerResponse');

export const TaskInstanceResponse = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    task_id: z.string(),
    dag_id: z.string(),
    dag_run_id: z.string(),
    map_index: z.number().int(),
    logical_date: nullableDateTime,
    run_after: dateTime,
    ...tryFields,
    note: z.string().nullable(),
    rendered_map_index: z.string().nullable(),
    rendered_fields: z.record(z.string(), z.unknown()),
    trigger: TriggerResponse.nullable(),
    triggerer_job: z.null(),
    dag_version: DagVersionResponse.nullable(),
  })
  .openapi('TaskInstanceResponse');

export const TaskInstanceCollectionResponse = z
  .object({ task_instances: z.array(TaskInstanceResponse), total_entries: z.number().int() })
  .openapi('TaskInstanceCollectionResponse');
