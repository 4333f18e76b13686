/**
 * Fields several `/ui/` bodies share, spread into their objects: each body
 * keeps its own named OpenAPI component, with the same properties as before.
 */
import { z } from '@hono/zod-openapi';
import { nullableDateTime } from './common.js';
import { DagRunState } from './dag-runs.js';
import { DagRunType } from './dags.js';

/** What names a run and says how it stands (the grid, the timeline, the DAG list's recent runs). */
export const uiRunFields = {
  dag_run_id: z.string(),
  state: DagRunState,
  run_type: DagRunType,
  logical_date: nullableDateTime,
  run_after: z.string().openapi({ format: 'date-time' }),
};

/** A task group (the grid's rows, the graph's boxes). */
export const uiGroupFields = {
  group_id: z.string(),
  label: z.string(),
  parent_id: z.string().nullable(),
  tooltip: z.string().nullable(),
};
