/**
 * `GET /ui/dags/{dag_id}/grid`: the DAG page's grid in one round trip: a page
 * of runs (newest first), the task structure (tasks in order with their group,
 * groups with their parent) and, per run and task, a summary of the task
 * instance (for a mapped task: every map index folded into one cell with
 * counts per state).
 */
import { z } from '@hono/zod-openapi';
import { nullableDateTime } from './common.js';
import { TaskInstanceState } from './dag-runs.js';
import { uiGroupFields, uiRunFields } from './ui-fields.js';

export const UiGridTaskInstance = z
  .object({
    task_id: z.string(),
    /** A mapped task's most telling state over its instances (failed first, then retries, running...); null: no state yet. */
    state: TaskInstanceState.nullable(),
    /** The highest try number among the instances. */
    try_number: z.number().int(),
    /** The earliest start and, once all have ended, the latest end. */
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    /** Mapped tasks only: instances (0 before the expansion), and how many are in each state (`none`: no state yet). */
    map_count: z.number().int().nullable(),
    state_counts: z.record(z.string(), z.number().int()).nullable(),
  })
  .openapi('UiGridTaskInstance');

export const UiGridRun = z
  .object({
    ...uiRunFields,
    queued_at: nullableDateTime,
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    /** Seconds from start to end; null until the run has ended. */
    duration: z.number().nullable(),
    triggered_by: z.string(),
    note: z.string().nullable(),
    /** The DAG version the run uses. */
    dag_version_number: z.number().int().nullable(),
    /** Only the tasks that have an instance in this run. */
    task_instances: z.array(UiGridTaskInstance),
  })
  .openapi('UiGridRun');

export const UiGridTask = z
  .object({
    task_id: z.string(),
    /** The id without its group prefix (`users` of `extract.users`). */
    label: z.string(),
    group_id: z.string().nullable(),
    is_mapped: z.boolean(),
    operator: z.string(),
    is_setup: z.boolean(),
    is_teardown: z.boolean(),
    /** False for a task only older versions of the DAG had (it shows in older runs). */
    in_latest_version: z.boolean(),
  })
  .openapi('UiGridTask');

export const UiGridGroup = z
  .object({
    ...uiGroupFields,
  })
  .openapi('UiGridGroup');

export const UiGridResponse = z
  .object({
    dag_id: z.string(),
    /** Newest first (by `run_after`). */
    runs: z.array(UiGridRun),
    /** Runs matching the filters (the page is a slice of them). */
    total_runs: z.number().int(),
    /** Tasks in the latest version's order (upstream first), then tasks only older runs have. */
    tasks: z.array(UiGridTask),
    groups: z.array(UiGridGroup),
  })
  .openapi('UiGridResponse');
