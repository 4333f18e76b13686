/** `/api/v2/eventLogs`: the audit log, filtered as Airflow filters it, and one entry by id. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { listEventLogs, requireEventLog } from '../../services/event-logs.js';
import type { AuditEvent } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { dateTimeInput, errorResponses, jsonContent, orderByQuery, PageQuery, queryList } from '../schemas/common.js';
import { EventLogCollectionResponse, EventLogResponse } from '../schemas/records.js';
import { isoString } from '../present/json-values.js';
import { parseDate } from './utc-date.js';
import { storeSort } from './ordering.js';

const ORDER_FIELDS = {
  id: 'id',
  event_log_id: 'id',
  dttm: 'when',
  when: 'when',
  dag_id: 'dagId',
  task_id: 'taskId',
  run_id: 'runId',
  event: 'event',
  logical_date: 'when',
  owner: 'owner',
  extra: 'extra',
} as const;

const queryInteger = z.string().regex(/^-?\d{1,9}$/, 'Input should be a valid integer, unable to parse string as an integer').transform(Number).openapi({ type: 'integer' });
const text = z.string().max(1000).optional();

export const getEventLogs = defineRoute(permission('read', 'audit logs'), {
  method: 'get',
  path: '/api/v2/eventLogs',
  operationId: 'get_event_logs',
  tags: ['Event Log'],
  summary: 'Get Event Logs',
  request: {
    query: z.object({
      ...PageQuery,
      order_by: orderByQuery('id'),
      dag_id: text,
      task_id: text,
      run_id: text,
      map_index: queryInteger.optional(),
      try_number: queryInteger.optional(),
      owner: text,
      event: text,
      excluded_events: queryList(z.string()),
      included_events: queryList(z.string()),
      before: dateTimeInput.optional(),
      after: dateTimeInput.optional(),
      dag_id_pattern: text,
      task_id_pattern: text,
      run_id_pattern: text,
      owner_pattern: text,
      event_pattern: text,
    }),
  },
  responses: { 200: jsonContent(EventLogCollectionResponse), ...errorResponses(401, 403, 422) },
}, { cacheWhileStoreUnchanged: true });

export const getEventLog = defineRoute(permission('read', 'audit logs'), {
  method: 'get',
  path: '/api/v2/eventLogs/{event_log_id}',
  operationId: 'get_event_log',
  tags: ['Event Log'],
  summary: 'Get Event Log',
  request: { params: z.object({ event_log_id: queryInteger }) },
  responses: { 200: jsonContent(EventLogResponse), ...errorResponses(401, 403, 404, 422) },
});

function present(e: AuditEvent): z.infer<typeof EventLogResponse> {
  return {
    event_log_id: e.id,
    when: isoString(e.when),
    dag_id: e.dagId,
    task_id: e.taskId,
    run_id: e.runId,
    map_index: e.mapIndex,
    try_number: e.tryNumber,
    event: e.event,
    logical_date: null,
    owner: e.owner,
    extra: e.extra,
    dag_display_name: e.dagId,
    task_display_name: e.taskId,
  };
}

export function registerEventLogRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  api.openapi(getEventLogs, async (c) => {
    const q = c.req.valid('query');
    const page = await listEventLogs(store, {
      dagId: q.dag_id,
      taskId: q.task_id,
      runId: q.run_id,
      mapIndex: q.map_index,
      tryNumber: q.try_number,
      owner: q.owner,
      event: q.event,
      includedEvents: q.included_events,
      excludedEvents: q.excluded_events,
      before: q.before ? parseDate(q.before) : undefined,
      after: q.after ? parseDate(q.after) : undefined,
      dagIdPattern: q.dag_id_pattern,
      taskIdPattern: q.task_id_pattern,
      runIdPattern: q.run_id_pattern,
      ownerPattern: q.owner_pattern,
      eventPattern: q.event_pattern,
      sort: storeSort(q.order_by, ORDER_FIELDS, 'id'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    return c.json({ event_logs: page.items.map(present), total_entries: page.total }, 200);
  });
  api.openapi(getEventLog, async (c) => c.json(present(await requireEventLog(store, c.req.valid('param').event_log_id)), 200));
}
