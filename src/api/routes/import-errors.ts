/** `/api/v2/importErrors`: the DAG files that failed to parse, listed and one by id. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { listImportErrors, requireImportError } from '../../services/import-errors.js';
import type { ImportError } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery } from '../schemas/common.js';
import { ImportErrorCollectionResponse, ImportErrorResponse } from '../schemas/records.js';
import { storeSort } from './ordering.js';

const ORDER_FIELDS = { id: 'id', import_error_id: 'id', timestamp: 'timestamp', filename: 'fileloc', stacktrace: 'stacktrace' } as const;
const idParam = z.object({ import_error_id: z.string().regex(/^\d{1,15}$/, 'Input should be a valid integer').transform(Number).openapi({ type: 'integer' }) });

export const getImportErrors = defineRoute(permission('read', 'import errors'), {
  method: 'get',
  path: '/api/v2/importErrors',
  operationId: 'get_import_errors',
  tags: ['Import Error'],
  summary: 'Get Import Errors',
  request: { query: z.object({ ...PageQuery, order_by: orderByQuery('id'), filename_pattern: z.string().max(1000).optional() }) },
  responses: { 200: jsonContent(ImportErrorCollectionResponse), ...errorResponses(401, 403, 422) },
}, { cacheWhileStoreUnchanged: true });

export const getImportError = defineRoute(permission('read', 'import errors'), {
  method: 'get',
  path: '/api/v2/importErrors/{import_error_id}',
  operationId: 'get_import_error',
  tags: ['Import Error'],
  summary: 'Get Import Error',
  request: { params: idParam },
  responses: { 200: jsonContent(ImportErrorResponse), ...errorResponses(401, 403, 404, 422) },
});

/** Airflow's stack_trace holds the whole error text: the message, then the trace when there is one. */
function present(e: ImportError): z.infer<typeof ImportErrorResponse> {
  const trace = e.stacktrace === null || e.stacktrace.includes(e.message) ? (e.stacktrace ?? e.message) : `${e.message}\n${e.stacktrace}`;
  return { import_error_id: e.id, timestamp: e.timestamp.toISOString(), filename: e.fileloc, bundle_name: null, stack_trace: trace };
}

export function registerImportErrorRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  api.openapi(getImportErrors, async (c) => {
    const q = c.req.valid('query');
    const page = await listImportErrors(store, { filenamePattern: q.filename_pattern, sort: storeSort(q.order_by, ORDER_FIELDS, 'id'), limit: deps.pageLimit(q.limit), offset: q.offset });
    return c.json({ import_errors: page.items.map(present), total_entries: page.total }, 200);
  });
  api.openapi(getImportError, async (c) => c.json(present(await requireImportError(store, c.req.valid('param').import_error_id)), 200));
}
