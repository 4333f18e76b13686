/**
 * `GET /ui/dags/{dag_id}/deadlines`: a DAG's deadline alerts (Airflow 3.1's
 * deadlines, which its REST API v2 does not list): each deadline of its runs
 * and tasks, its rule, when it fell due, whether it was missed and by how much,
 * and how its callback went. Latest first; `missed=true` keeps the misses.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { deadlineRule, deadlineStatus, listDagDeadlines } from '../../services/deadlines.js';
import type { Deadline } from '../../store/deadlines.js';
import type { RouteDeps } from '../api-context.js';
import { iso } from '../present/json-values.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { dateTime, errorResponses, jsonContent, PageQuery, queryBool } from '../schemas/common.js';

const UiDeadline = z
  .object({
    id: z.number().int(),
    dag_id: z.string(),
    dag_run_id: z.string(),
    task_id: z.string().nullable(),
    map_index: z.number().int(),
    reference: z.string(),
    interval_ms: z.number().int(),
    rule: z.string().openapi({ description: "How the time is computed, e.g. 'run_start + 30m'" }),
    deadline_time: dateTime.nullable().openapi({ description: 'Null until the run (or task) starts, for run_start and task deadlines' }),
    status: z.string(),
    missed_at: dateTime.nullable(),
    late_ms: z.number().int().nullable(),
    callback: z.string(),
    callback_state: z.enum(['pending', 'success', 'failed']),
    callback_reason: z.string().nullable(),
  })
  .openapi('UiDeadline');

const UiDeadlineCollection = z.object({ deadlines: z.array(UiDeadline), total_entries: z.number().int() }).openapi('UiDeadlineCollection');

export const getUiDeadlines = defineRoute(permission('read', 'DAG runs'), {
  method: 'get',
  path: '/ui/dags/{dag_id}/deadlines',
  operationId: 'get_deadlines_ui',
  tags: ['UI'],
  summary: "A DAG's deadline alerts: when each fell due, whether it was missed, and how its callback went",
  request: {
    params: z.object({ dag_id: z.string() }),
    query: z.object({ ...PageQuery, dag_run_id: z.string().optional(), missed: queryBool.optional() }),
  },
  responses: { 200: jsonContent(UiDeadlineCollection), ...errorResponses(401, 403, 404, 422) },
});

function present(d: Deadline): z.infer<typeof UiDeadline> {
  return {
    id: d.id,
    dag_id: d.dagId,
    dag_run_id: d.runId,
    task_id: d.taskId,
    map_index: d.mapIndex,
    reference: d.reference,
    interval_ms: d.intervalMs,
    rule: deadlineRule(d),
    deadline_time: iso(d.deadlineTime),
    status: deadlineStatus(d),
    missed_at: iso(d.missedAt),
    late_ms: d.lateMs,
    callback: d.callback,
    callback_state: d.callbackState,
    callback_reason: d.callbackReason,
  };
}

export function registerUiDeadlineRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getUiDeadlines, async (c) => {
    const { dag_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const page = await listDagDeadlines(deps.app.store, dag_id, {
      ...(q.dag_run_id !== undefined ? { runId: q.dag_run_id } : {}),
      missedOnly: q.missed ?? false,
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    return c.json({ deadlines: page.items.map(present), total_entries: page.total }, 200);
  });
}
