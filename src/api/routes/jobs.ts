/** `GET /api/v2/jobs`: Updraft's long-running processes (scheduler, DAG processor, triggerer...), as Airflow's jobs. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { AIRFLOW_JOB_TYPE, jobKindOf, listJobs, type DateRange } from '../../services/jobs.js';
import type { Job, JobState } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { ApiValidationError } from '../http-errors.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { dateTimeInput, errorResponses, jsonContent, orderByQuery, PageQuery, queryBool } from '../schemas/common.js';
import { JobCollectionResponse, type JobResponse } from '../schemas/records.js';
import { storeSort } from './ordering.js';
import { parseDate } from './utc-date.js';

const ORDER_FIELDS = { id: 'id', state: 'state', job_type: 'kind', start_date: 'startedAt', end_date: 'endedAt', latest_heartbeat: 'latestHeartbeat', hostname: 'hostname' } as const;
const JOB_STATES: readonly JobState[] = ['running', 'success', 'failed'];
const bounds = ['start_date', 'end_date'].flatMap((f) => ['gte', 'gt', 'lte', 'lt'].map((op) => [`${f}_${op}`, dateTimeInput.optional()]));

export const getJobs = defineRoute(permission('read', 'jobs'), {
  method: 'get',
  path: '/api/v2/jobs',
  operationId: 'get_jobs',
  tags: ['Job'],
  summary: 'Get Jobs',
  request: {
    query: z.object({
      ...(Object.fromEntries(bounds) as Record<`${'start_date' | 'end_date'}_${'gte' | 'gt' | 'lte' | 'lt'}`, z.ZodOptional<typeof dateTimeInput>>),
      is_alive: queryBool.optional(),
      ...PageQuery,
      order_by: orderByQuery('id'),
      job_state: z.string().max(100).optional(),
      job_type: z.string().max(100).optional(),
      hostname: z.string().max(1000).optional(),
      executor_class: z.string().max(1000).optional(),
    }),
  },
  responses: { 200: jsonContent(JobCollectionResponse), ...errorResponses(400, 401, 403, 422) },
});

function invalid(name: string, msg: string): never {
  throw new ApiValidationError([{ loc: ['query', name], msg, type: 'value_error' }]);
}

/** Our times are kept to the millisecond, so `> x` is `>= x + 1 ms`. */
function range(q: Readonly<Record<string, unknown>>, field: string): DateRange | undefined {
  const at = (key: string, shift: number) => {
    const v = q[`${field}_${key}`];
    return typeof v === 'string' ? new Date(parseDate(v).getTime() + shift) : undefined;
  };
  const lows = [at('gte', 0), at('gt', 1)].filter((d): d is Date => d !== undefined);
  const highs = [at('lte', 0), at('lt', -1)].filter((d): d is Date => d !== undefined);
  if (lows.length === 0 && highs.length === 0) return undefined;
  const gte = lows.length > 0 ? new Date(Math.max(...lows.map(Number))) : undefined;
  const lte = highs.length > 0 ? new Date(Math.min(...highs.map(Number))) : undefined;
  return { ...(gte ? { gte } : {}), ...(lte ? { lte } : {}) };
}

function present(j: Job): z.infer<typeof JobResponse> {
  return {
    id: j.id,
    dag_id: null,
    state: j.state,
    job_type: AIRFLOW_JOB_TYPE[j.kind],
    start_date: j.startedAt.toISOString(),
    end_date: j.endedAt?.toISOString() ?? null,
    latest_heartbeat: j.latestHeartbeat.toISOString(),
    executor_class: null,
    hostname: j.hostname,
    unixname: null,
    dag_display_name: null,
  };
}

export function registerJobRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getJobs, async (c) => {
    const q = c.req.valid('query');
    const kind = q.job_type === undefined ? undefined : (jobKindOf(q.job_type) ?? invalid('job_type', `Unknown job type '${q.job_type}': use one of ${Object.values(AIRFLOW_JOB_TYPE).join(', ')}`));
    if (q.job_state !== undefined && !(JOB_STATES as readonly string[]).includes(q.job_state)) invalid('job_state', `Unknown job state '${q.job_state}': use one of ${JOB_STATES.join(', ')}`);
    // We run no executor classes of Airflow's: asking for one matches nothing.
    const none = q.executor_class !== undefined;
    const start = range(q, 'start_date');
    const end = range(q, 'end_date');
    const page = await listJobs(
      deps.app.store,
      {
        kind,
        state: q.job_state as JobState | undefined,
        hostname: q.hostname,
        isAlive: q.is_alive,
        ...(start ? { start } : {}),
        ...(end ? { end } : {}),
        sort: storeSort(q.order_by, ORDER_FIELDS, 'id'),
        limit: deps.pageLimit(q.limit),
        offset: q.offset,
      },
      deps.now(),
    );
    return c.json(none ? { jobs: [], total_entries: 0 } : { jobs: page.items.map(present), total_entries: page.total }, 200);
  });
}
