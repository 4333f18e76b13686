/**
 * Bodies of the web UI's own endpoints under `/ui/` (not part of Airflow's
 * API v2, documented in our spec all the same): what one screen needs in one
 * round trip.
 */
import { z } from '@hono/zod-openapi';
import { LEAST_ROLE, ROLES, type Action, type Resource } from '../permissions.js';
import { nullableDateTime } from './common.js';
import { DAGResponse } from './dags.js';
import { uiRunFields } from './ui-fields.js';

const RESOURCES = Object.keys(LEAST_ROLE) as [Resource, ...Resource[]];
const ACTIONS: [Action, ...Action[]] = ['read', 'create', 'edit', 'delete'];

export const UiPermission = z
  .object({
    action: z.enum(ACTIONS),
    resource: z.enum(RESOURCES),
    allowed: z.boolean(),
    /** The least role that may: the UI says "needs the Op role" beside a disabled action. */
    least_role: z.enum(ROLES),
  })
  .openapi('UiPermission');

export const UiMeResponse = z
  .object({
    username: z.string(),
    roles: z.array(z.string()),
    /** Every action on every resource, allowed or not, from the server's one role table. */
    permissions: z.array(UiPermission),
  })
  .openapi('UiMeResponse');

export const UiRecentRun = z
  .object({
    ...uiRunFields,
    start_date: nullableDateTime,
    end_date: nullableDateTime,
    /** Seconds from start to end; null until the run ends. */
    duration: z.number().nullable(),
  })
  .openapi('UiRecentRun');

export const UiDag = DAGResponse.extend({
  /** Newest first (by `run_after`), at most `dag_runs_limit`. */
  latest_dag_runs: z.array(UiRecentRun),
}).openapi('UiDag');

export const UiDagCollectionResponse = z
  .object({
    dags: z.array(UiDag),
    /** DAGs matching every filter (the page is a slice of them). */
    total_entries: z.number().int(),
    /** DAGs matching the other filters, by paused state: the All / Active / Paused tabs. */
    counts: z.object({ all: z.number().int(), active: z.number().int(), paused: z.number().int() }),
    /** Choices for the filters: every tag and owner of the listed (non-stale) DAGs. */
    tags: z.array(z.string()),
    owners: z.array(z.string()),
    /** DAG files that failed to load: the banner above the list. */
    import_errors: z.number().int(),
  })
  .openapi('UiDagCollectionResponse');
