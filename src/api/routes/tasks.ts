/** `/api/v2/dags/{dag_id}/tasks`: the tasks of a DAG's latest version. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireLatestVersion } from '../../services/dag-lookup.js';
import { NotFoundError } from '../../services/errors.js';
import type { TaskSpec } from '../../core/dag-spec.js';
import type { RouteDeps } from '../api-context.js';
import { ApiValidationError } from '../http-errors.js';
import { presentTask } from '../present/task.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent } from '../schemas/common.js';
import { TaskCollectionResponse, TaskResponse } from '../schemas/tasks.js';

const ORDER: Readonly<Record<string, (t: TaskSpec) => string | number>> = {
  task_id: (t) => t.taskId,
  priority_weight: (t) => t.priorityWeight,
  retries: (t) => t.retries,
  pool: (t) => t.pool,
  queue: (t) => t.queue,
  operator_name: (t) => t.operator,
};

export const getTasks = defineRoute(permission('read', 'task instances'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/tasks',
  operationId: 'get_tasks',
  tags: ['Task'],
  summary: 'Get Tasks',
  request: {
    params: z.object({ dag_id: z.string().min(1) }),
    query: z.object({ order_by: z.string().max(100).optional().openapi({ default: 'task_id' }) }),
  },
  responses: { 200: jsonContent(TaskCollectionResponse), ...errorResponses(400, 401, 403, 404, 422) },
}, { cacheWhileStoreUnchanged: true });

export const getTask = defineRoute(permission('read', 'task instances'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/tasks/{task_id}',
  operationId: 'get_task',
  tags: ['Task'],
  summary: 'Get Task',
  request: { params: z.object({ dag_id: z.string().min(1), task_id: z.string().min(1) }) },
  responses: { 200: jsonContent(TaskResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export function registerTaskRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  api.openapi(getTasks, async (c) => {
    const { spec } = await requireLatestVersion(deps.app.store, c.req.valid('param').dag_id);
    const orderBy = c.req.valid('query').order_by ?? 'task_id';
    const descending = orderBy.startsWith('-');
    const key = ORDER[descending ? orderBy.slice(1) : orderBy];
    if (!key) {
      throw new ApiValidationError([{ loc: ['query', 'order_by'], msg: `cannot order tasks by '${orderBy}': use one of ${Object.keys(ORDER).join(', ')}`, type: 'value_error' }]);
    }
    const tasks = [...spec.tasks].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const cmp = x < y ? -1 : x > y ? 1 : a.taskId.localeCompare(b.taskId);
      return descending ? -cmp : cmp;
    });
    return c.json({ tasks: tasks.map((t) => presentTask(spec, t)), total_entries: tasks.length }, 200);
  });

  api.openapi(getTask, async (c) => {
    const { dag_id, task_id } = c.req.valid('param');
    const { spec } = await requireLatestVersion(deps.app.store, dag_id);
    const task = spec.tasks.find((t) => t.taskId === task_id);
    if (!task) throw new NotFoundError(`Task with id ${task_id} not found in DAG ${dag_id}`);
    return c.json(presentTask(spec, task), 200);
  });
}
