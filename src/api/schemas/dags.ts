/** DAG, DAG details, tag and version bodies, field for field as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { dateTime, nullableDateTime } from './common.js';

export const DagRunType = z.enum(['backfill', 'scheduled', 'manual', 'asset_triggered', 'asset_materialization']).openapi('DagRunType');

export const DagTagResponse = z.object({ name: z.string(), dag_id: z.string(), dag_display_name: z.string() }).openapi('DagTagResponse');

export const DagVersionResponse = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    version_number: z.number().int(),
    dag_id: z.string(),
    bundle_name: z.string().nullable(),
    bundle_version: z.string().nullable(),
    created_at: dateTime,
    dag_display_name: z.string(),
    bundle_url: z.string().nullable(),
  })
  .openapi('DagVersionResponse');

const dagFields = {
  dag_id: z.string(),
  dag_display_name: z.string(),
  is_paused: z.boolean(),
  is_stale: z.boolean(),
  last_parsed_time: nullableDateTime,
  last_parse_duration: z.number().nullable(),
  last_expired: nullableDateTime,
  bundle_name: z.string().nullable(),
  bundle_version: z.string().nullable(),
  relative_fileloc: z.string().nullable(),
  fileloc: z.string(),
  description: z.string().nullable(),
  timetable_summary: z.string().nullable(),
  timetable_description: z.string().nullable(),
  timetable_partitioned: z.boolean(),
  tags: z.array(DagTagResponse),
  max_active_tasks: z.number().int(),
  max_active_runs: z.number().int().nullable(),
  max_consecutive_failed_dag_runs: z.number().int(),
  has_task_concurrency_limits: z.boolean(),
  has_import_errors: z.boolean(),
  next_dagrun_logical_date: nullableDateTime,
  next_dagrun_data_interval_start: nullableDateTime,
  next_dagrun_data_interval_end: nullableDateTime,
  next_dagrun_run_after: nullableDateTime,
  allowed_run_types: z.array(DagRunType).nullable(),
  owners: z.array(z.string()),
  file_token: z.string(),
};

export const DAGResponse = z.object(dagFields).openapi('DAGResponse');

export const DAGCollectionResponse = z.object({ dags: z.array(DAGResponse), total_entries: z.number().int() }).openapi('DAGCollectionResponse');

export const DAGDetailsResponse = z
  .object({
    ...dagFields,
    catchup: z.boolean(),
    dag_run_timeout: z.string().openapi({ format: 'duration' }).nullable(),
    asset_expression: z.record(z.string(), z.unknown()).nullable(),
    doc_md: z.string().nullable(),
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    is_paused_upon_creation: z.boolean().nullable(),
    params: z.record(z.string(), z.unknown()).nullable(),
    render_template_as_native_obj: z.boolean(),
    template_search_path: z.array(z.string()).nullable(),
    timezone: z.string().nullable(),
    last_parsed: nullableDateTime,
    default_args: z.record(z.string(), z.unknown()).nullable(),
    owner_links: z.record(z.string(), z.string()).nullable(),
    is_favorite: z.boolean(),
    active_runs_count: z.number().int(),
    latest_dag_version: DagVersionResponse.nullable(),
    concurrency: z.number().int(),
  })
  .openapi('DAGDetailsResponse');

export const DAGPatchBody = z.strictObject({ is_paused: z.boolean() }).openapi('DAGPatchBody');

export const DAGTagCollectionResponse = z.object({ tags: z.array(z.string()), total_entries: z.number().int() }).openapi('DAGTagCollectionResponse');
