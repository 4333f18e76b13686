/**
 * Bodies of the DAG page's visual tabs' endpoints: the graph's structure of a
 * DAG version (`/ui/dags/{dag_id}/structure`), one run's task instances for the
 * graph's colours and the Gantt chart (`/ui/dags/{dag_id}/run_timeline`), and
 * a year of daily run outcomes for the calendar (`/ui/dags/{dag_id}/calendar`).
 */
import { z } from '@hono/zod-openapi';
import { TRIGGER_RULES } from '../../core/dag-spec.js';
import { nullableDateTime } from './common.js';
import { TaskInstanceState } from './dag-runs.js';
import { uiGroupFields, uiRunFields } from './ui-fields.js';

export const UiStructureNode = z
  .object({
    task_id: z.string(),
    /** The id without its group prefix (`users` of `extract.users`). */
    label: z.string(),
    operator: z.string(),
    /** The innermost group, and every enclosing group from the outermost in. */
    group_id: z.string().nullable(),
    group_path: z.array(z.string()),
    /** Dynamic task mapping: one instance per element of these inputs at run time. */
    is_mapped: z.boolean(),
    mapped_over: z.array(z.string()),
    is_setup: z.boolean(),
    is_teardown: z.boolean(),
    trigger_rule: z.enum(TRIGGER_RULES),
    /** Whether the task reads the run's params. */
    uses_params: z.boolean(),
    doc: z.string().nullable(),
  })
  .openapi('UiStructureNode');

export const UiStructureEdgeInput = z
  .object({
    /** The consumer's input name. */
    name: z.string(),
    /** The producer's XCom key (`return_value` for its result). */
    xcom_key: z.string(),
    /** Consumed through `expand` (the consumer is mapped over it). */
    mapped: z.boolean(),
  })
  .openapi('UiStructureEdgeInput');

export const UiStructureEdge = z
  .object({
    from: z.string(),
    to: z.string(),
    /** `data`: `to` consumes `from`'s output (listed in `inputs`); `order`: a plain dependency. */
    kind: z.enum(['data', 'order']),
    inputs: z.array(UiStructureEdgeInput),
  })
  .openapi('UiStructureEdge');

export const UiStructureGroup = z
  .object({
    ...uiGroupFields,
    /** Tasks in the group and its subgroups. */
    task_count: z.number().int(),
  })
  .openapi('UiStructureGroup');

export const UiDagStructureResponse = z
  .object({
    dag_id: z.string(),
    version_number: z.number().int(),
    /** Upstream before downstream (the DAG's topological order). */
    nodes: z.array(UiStructureNode),
    edges: z.array(UiStructureEdge),
    /** Parents before children. */
    groups: z.array(UiStructureGroup),
  })
  .openapi('UiDagStructureResponse');

export const UiTimelineTaskInstance = z
  .object({
    task_id: z.string(),
    map_index: z.number().int(),
    state: TaskInstanceState.nullable(),
    try_number: z.number().int(),
    max_tries: z.number().int(),
    queued_at: nullableDateTime,
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    /** Seconds; null until the try has ended. */
    duration: z.number().nullable(),
    operator: z.string(),
  })
  .openapi('UiTimelineTaskInstance');

export const UiTimelineRun = z
  .object({
    ...uiRunFields,
    queued_at: nullableDateTime,
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    /** The DAG version the run uses (its graph is that version's). */
    dag_version_number: z.number().int().nullable(),
  })
  .openapi('UiTimelineRun');

export const UiRunTimelineResponse = z
  .object({
    dag_id: z.string(),
    /** The run asked for, or the latest run (by `run_after`); null when the DAG has none. */
    dag_run: UiTimelineRun.nullable(),
    /** Every task instance of the run, mapped ones one per map index. */
    task_instances: z.array(UiTimelineTaskInstance),
  })
  .openapi('UiRunTimelineResponse');

export const UiCalendarDay = z
  .object({
    /** `YYYY-MM-DD` in the DAG's time zone (of the run's logical date, else its `run_after`). */
    date: z.string(),
    total: z.number().int(),
    /** Runs per state. */
    counts: z.record(z.string(), z.number().int()),
  })
  .openapi('UiCalendarDay');

export const UiCalendarResponse = z
  .object({
    dag_id: z.string(),
    year: z.number().int(),
    /** The DAG's time zone, which days are counted in. */
    timezone: z.string(),
    /** Only days with runs, in date order. */
    days: z.array(UiCalendarDay),
    /** Years from the first run to now: the year selector's choices. */
    years: z.array(z.number().int()),
  })
  .openapi('UiCalendarResponse');
