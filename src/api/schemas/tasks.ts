/** Task bodies (a task of the serialized DAG), as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { nullableDateTime } from './common.js';

export const TimeDelta = z
  .object({ __type: z.string(), days: z.number().int(), seconds: z.number().int(), microseconds: z.number().int() })
  .openapi('TimeDelta');

export const TaskResponse = z
  .object({
    task_id: z.string().nullable(),
    task_display_name: z.string().nullable(),
    owner: z.string().nullable(),
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    trigger_rule: z.string().nullable(),
    depends_on_past: z.boolean(),
    wait_for_downstream: z.boolean(),
    retries: z.number().nullable(),
    queue: z.string().nullable(),
    pool: z.string().nullable(),
    pool_slots: z.number().nullable(),
    execution_timeout: TimeDelta.nullable(),
    retry_delay: TimeDelta.nullable(),
    retry_exponential_backoff: z.number(),
    priority_weight: z.number().nullable(),
    weight_rule: z.string().nullable(),
    ui_color: z.string().nullable(),
    ui_fgcolor: z.string().nullable(),
    template_fields: z.array(z.string()).nullable(),
    downstream_task_ids: z.array(z.string()).nullable(),
    doc_md: z.string().nullable(),
    operator_name: z.string().nullable(),
    params: z.record(z.string(), z.unknown()).nullable(),
    class_ref: z.record(z.string(), z.unknown()).nullable(),
    is_mapped: z.boolean().nullable(),
    extra_links: z.array(z.string()),
  })
  .openapi('TaskResponse');

export const TaskCollectionResponse = z.object({ tasks: z.array(TaskResponse), total_entries: z.number().int() }).openapi('TaskCollectionResponse');
