/** Import errors, event logs, jobs and backfills, as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { REPROCESS_BEHAVIORS } from '../../store/types.js';
import { dateTime, dateTimeInput, nullableDateTime } from './common.js';

export const ImportErrorResponse = z
  .object({ import_error_id: z.number().int(), timestamp: dateTime, filename: z.string(), bundle_name: z.string().nullable(), stack_trace: z.string() })
  .openapi('ImportErrorResponse');

export const ImportErrorCollectionResponse = z
  .object({ import_errors: z.array(ImportErrorResponse), total_entries: z.number().int() })
  .openapi('ImportErrorCollectionResponse');

export const EventLogResponse = z
  .object({
    event_log_id: z.number().int(),
    when: dateTime,
    dag_id: z.string().nullable(),
    task_id: z.string().nullable(),
    run_id: z.string().nullable(),
    map_index: z.number().int().nullable(),
    try_number: z.number().int().nullable(),
    event: z.string(),
    logical_date: nullableDateTime,
    owner: z.string().nullable(),
    extra: z.string().nullable(),
    dag_display_name: z.string().nullable(),
    task_display_name: z.string().nullable(),
  })
  .openapi('EventLogResponse');

export const EventLogCollectionResponse = z
  .object({ event_logs: z.array(EventLogResponse), total_entries: z.number().int() })
  .openapi('EventLogCollectionResponse');

export const JobResponse = z
  .object({
    id: z.number().int(),
    dag_id: z.string().nullable(),
    state: z.string().nullable(),
    job_type: z.string().nullable(),
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    latest_heartbeat: nullableDateTime,
    executor_class: z.string().nullable(),
    hostname: z.string().nullable(),
    unixname: z.string().nullable(),
    dag_display_name: z.string().nullable(),
  })
  .openapi('JobResponse');

export const JobCollectionResponse = z.object({ jobs: z.array(JobResponse), total_entries: z.number().int() }).openapi('JobCollectionResponse');

export const ReprocessBehavior = z.enum(REPROCESS_BEHAVIORS).openapi('ReprocessBehavior');

export const BackfillPostBody = z
  .strictObject({
    dag_id: z.string().min(1),
    from_date: dateTimeInput,
    to_date: dateTimeInput,
    run_backwards: z.boolean().optional(),
    dag_run_conf: z.record(z.string(), z.unknown()).optional(),
    reprocess_behavior: ReprocessBehavior.optional(),
    max_active_runs: z.number().int().min(1).optional(),
    run_on_latest_version: z.boolean().optional(),
  })
  .openapi('BackfillPostBody');

export const BackfillResponse = z
  .object({
    id: z.number().int().min(0),
    dag_id: z.string(),
    from_date: dateTime,
    to_date: dateTime,
    dag_run_conf: z.record(z.string(), z.unknown()).nullable(),
    is_paused: z.boolean(),
    reprocess_behavior: ReprocessBehavior,
    max_active_runs: z.number().int(),
    created_at: dateTime,
    completed_at: nullableDateTime,
    updated_at: dateTime,
    dag_display_name: z.string(),
  })
  .openapi('BackfillResponse');

export const BackfillCollectionResponse = z
  .object({ backfills: z.array(BackfillResponse), total_entries: z.number().int() })
  .openapi('BackfillCollectionResponse');

export const DryRunBackfillResponse = z
  .object({ logical_date: nullableDateTime, partition_key: z.string().nullable().optional(), partition_date: nullableDateTime.optional() })
  .openapi('DryRunBackfillResponse');

export const DryRunBackfillCollectionResponse = z
  .object({ backfills: z.array(DryRunBackfillResponse), total_entries: z.number().int() })
  .openapi('DryRunBackfillCollectionResponse');
