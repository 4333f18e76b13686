/** `/api/v2/variables`: list, get, create, patch, delete, and bulk changes. Values of secret-looking keys read `***`. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { runBulk } from '../../services/bulk.js';
import { maskedVariableValue } from '../../services/secret-masking.js';
import { createVariable, deleteVariable, listVariables, requireVariable, updateVariable, VARIABLES_BULK } from '../../services/variables.js';
import type { Variable } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { BulkBodyVariables, BulkResponse, VariableBody, VariableCollectionResponse, VariableResponse } from '../schemas/admin.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryList } from '../schemas/common.js';
import { storeSort } from './ordering.js';

const KeyParam = z.object({ variable_key: z.string().min(1) });
const ORDER_FIELDS = { key: 'key', id: 'key', _val: 'value', description: 'description', is_encrypted: 'isEncrypted' } as const;
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const getVariables = defineRoute(permission('read', 'variables'), {
  method: 'get',
  path: '/api/v2/variables',
  operationId: 'get_variables',
  tags: ['Variable'],
  summary: 'Get Variables',
  request: { query: z.object({ ...PageQuery, order_by: orderByQuery('id'), variable_key_pattern: z.string().max(1000).optional() }) },
  responses: { 200: jsonContent(VariableCollectionResponse), ...errorResponses(401, 403, 422) },
});

export const bulkVariables = defineRoute(permission('edit', 'variables'), {
  method: 'patch',
  path: '/api/v2/variables',
  operationId: 'bulk_variables',
  tags: ['Variable'],
  summary: 'Bulk Variables',
  request: { body: body(BulkBodyVariables) },
  responses: { 200: jsonContent(BulkResponse), ...errorResponses(401, 403, 422) },
});

export const postVariable = defineRoute(permission('create', 'variables'), {
  method: 'post',
  path: '/api/v2/variables',
  operationId: 'post_variable',
  tags: ['Variable'],
  summary: 'Post Variable',
  request: { body: body(VariableBody) },
  responses: { 201: jsonContent(VariableResponse), ...errorResponses(401, 403, 409, 422) },
});

export const getVariable = defineRoute(permission('read', 'variables'), {
  method: 'get',
  path: '/api/v2/variables/{variable_key}',
  operationId: 'get_variable',
  tags: ['Variable'],
  summary: 'Get Variable',
  request: { params: KeyParam },
  responses: { 200: jsonContent(VariableResponse), ...errorResponses(401, 403, 404, 422) },
});

export const patchVariable = defineRoute(permission('edit', 'variables'), {
  method: 'patch',
  path: '/api/v2/variables/{variable_key}',
  operationId: 'patch_variable',
  tags: ['Variable'],
  summary: 'Patch Variable',
  request: { params: KeyParam, query: z.object({ update_mask: queryList(z.string()) }), body: body(VariableBody) },
  responses: { 200: jsonContent(VariableResponse), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deleteVariableRoute = defineRoute(permission('delete', 'variables'), {
  method: 'delete',
  path: '/api/v2/variables/{variable_key}',
  operationId: 'delete_variable',
  tags: ['Variable'],
  summary: 'Delete Variable',
  request: { params: KeyParam },
  responses: { 204: { description: 'Successful Response' }, ...errorResponses(401, 403, 404, 422) },
});

function present(v: Variable): z.infer<typeof VariableResponse> {
  return { key: v.key, value: maskedVariableValue(v.key, v.value, v.isSecret), description: v.description, is_encrypted: v.isEncrypted, team_name: null };
}

export function registerVariableRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getVariables, async (c) => {
    const q = c.req.valid('query');
    const page = await listVariables(store, {
      keyPattern: q.variable_key_pattern,
      sort: storeSort(q.order_by, ORDER_FIELDS, 'key'),
      limit: deps.pageLimit(q.limit),
      offset: q.offset,
    });
    return c.json({ variables: page.items.map(present), total_entries: page.total }, 200);
  });

  api.openapi(bulkVariables, async (c) => {
    const { actions } = c.req.valid('json');
    return c.json(await runBulk(store, VARIABLES_BULK, actions, callerOf(c).username, deps.now()), 200);
  });

  api.openapi(postVariable, async (c) => {
    const b = c.req.valid('json');
    return c.json(present(await createVariable(store, b, callerOf(c).username, deps.now())), 201);
  });

  api.openapi(getVariable, async (c) => c.json(present(await requireVariable(store, c.req.valid('param').variable_key)), 200));

  api.openapi(patchVariable, async (c) => {
    const key = c.req.valid('param').variable_key;
    const mask = c.req.valid('query').update_mask;
    const saved = await updateVariable(store, key, c.req.valid('json'), mask && mask.length > 0 ? mask : null, callerOf(c).username, deps.now());
    return c.json(present(saved), 200);
  });

  api.openapi(deleteVariableRoute, async (c) => {
    await deleteVariable(store, c.req.valid('param').variable_key, callerOf(c).username, deps.now());
    return c.body(null, 204);
  });
}
