/** Task instance bodies beyond the plain response: batch list, patch, clear, dependencies, tries, logs. */
import { z } from '@hono/zod-openapi';
import { dateTime, optionalDateFilter, optionalNumberFilter, rangeFilters } from './common.js';
import { TaskInstanceState, tryFields } from './dag-runs.js';
import { DagVersionResponse } from './dags.js';

const optionalStrings = z.array(z.string()).nullable().optional();

export const TaskInstancesBatchBody = z
  .strictObject({
    dag_ids: optionalStrings,
    dag_run_ids: optionalStrings,
    task_ids: optionalStrings,
    state: z.array(TaskInstanceState.nullable()).nullable().optional(),
    ...rangeFilters('run_after', optionalDateFilter),
    ...rangeFilters('logical_date', optionalDateFilter),
    ...rangeFilters('start_date', optionalDateFilter),
    ...rangeFilters('end_date', optionalDateFilter),
    ...rangeFilters('duration', optionalNumberFilter),
    pool: optionalStrings,
    queue: optionalStrings,
    executor: optionalStrings,
    page_offset: z.number().int().min(0).max(2_147_483_647).default(0),
    page_limit: z.number().int().min(0).default(100),
    order_by: z.string().nullable().optional(),
  })
  .openapi('TaskInstancesBatchBody');

export const PatchTaskInstanceBody = z
  .strictObject({
    new_state: TaskInstanceState.nullable().optional(),
    note: z.string().max(1000).nullable().optional(),
    include_upstream: z.boolean().default(false),
    include_downstream: z.boolean().default(false),
    include_future: z.boolean().default(false),
    include_past: z.boolean().default(false),
  })
  .openapi('PatchTaskInstanceBody');

export const ClearTaskInstancesBody = z
  .strictObject({
    dry_run: z.boolean().default(true),
    start_date: optionalDateFilter,
    end_date: optionalDateFilter,
    only_failed: z.boolean().default(true),
    only_running: z.boolean().default(false),
    reset_dag_runs: z.boolean().default(true),
    task_ids: z.array(z.union([z.string(), z.tuple([z.string(), z.number().int()])])).nullable().optional(),
    dag_run_id: z.string().nullable().optional(),
    include_upstream: z.boolean().default(false),
    include_downstream: z.boolean().default(false),
    include_future: z.boolean().default(false),
    include_past: z.boolean().default(false),
    run_on_latest_version: z.boolean().default(false),
    prevent_running_task: z.boolean().default(false),
  })
  .openapi('ClearTaskInstancesBody');

export const TaskDependencyResponse = z.object({ name: z.string(), reason: z.string() }).openapi('TaskDependencyResponse');
export const TaskDependencyCollectionResponse = z
  .object({ dependencies: z.array(TaskDependencyResponse) })
  .openapi('TaskDependencyCollectionResponse');

export const TaskInstanceHistoryResponse = z
  .object({
    task_id: z.string(),
    dag_id: z.string(),
    dag_run_id: z.string(),
    map_index: z.number().int(),
    ...tryFields,
    dag_version: DagVersionResponse.nullable(),
  })
  .openapi('TaskInstanceHistoryResponse');

export const TaskInstanceHistoryCollectionResponse = z
  .object({ task_instances: z.array(TaskInstanceHistoryResponse), total_entries: z.number().int() })
  .openapi('TaskInstanceHistoryCollectionResponse');

export const StructuredLogMessage = z
  .object({ timestamp: dateTime.optional(), event: z.string() })
  .catchall(z.unknown())
  .openapi('StructuredLogMessage');

export const TaskInstancesLogResponse = z
  .object({
    content: z.union([z.array(StructuredLogMessage), z.array(z.string())]),
    continuation_token: z.string().nullable(),
  })
  .openapi('TaskInstancesLogResponse');
