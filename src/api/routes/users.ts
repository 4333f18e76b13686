/**
 * `/auth/fab/v1/users` and `/auth/fab/v1/roles`: users and roles at the paths
 * and in the shapes of Airflow's FAB auth manager (Airflow's core API has no user
 * routes). Admin only. The four roles are fixed; what each allows is read from
 * the permission table, so this listing cannot drift from what is enforced.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { createUser, deleteUser, listUsers, requireUser, updateUser } from '../../services/users.js';
import type { User } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { ApiError } from '../http-errors.js';
import { allows, LEAST_ROLE, ROLES, type Action, type Resource, type Role } from '../permissions.js';
import { callerOf, defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, queryInt, queryList } from '../schemas/common.js';
import { RoleCollectionResponse, RoleResponse, UserBody, UserCollectionResponse, UserPatchBody, UserResponse } from '../schemas/users.js';
import { storeSort } from './ordering.js';

const TAGS = ['FabAuthManager'];
const UsernameParam = z.object({ username: z.string().min(1) });
const NameParam = z.object({ name: z.string().min(1) });
/** FAB's page: 100 by default. */
const FabPageQuery = { limit: queryInt(100), offset: queryInt(0) };
/** Airflow's `id` is insertion order: our users have no id, so creation time stands in. */
const USER_ORDER = {
  id: 'createdAt',
  user_id: 'createdAt',
  username: 'username',
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  active: 'active',
  last_login: 'lastLogin',
  created_on: 'createdAt',
} as const;
const ROLE_ORDER = { name: 'name' } as const;
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const getUsers = defineRoute(permission('read', 'users'), {
  method: 'get',
  path: '/auth/fab/v1/users',
  operationId: 'get_users',
  tags: TAGS,
  summary: 'Get Users',
  description: 'List users with pagination and ordering.',
  request: { query: z.object({ ...FabPageQuery, order_by: orderByQuery('id') }) },
  responses: { 200: jsonContent(UserCollectionResponse), ...errorResponses(401, 403, 422) },
});

export const postUser = defineRoute(permission('create', 'users'), {
  method: 'post',
  path: '/auth/fab/v1/users',
  operationId: 'create_user',
  tags: TAGS,
  summary: 'Create User',
  request: { body: body(UserBody) },
  responses: { 200: jsonContent(UserResponse), ...errorResponses(400, 401, 403, 409, 422) },
});

export const getUser = defineRoute(permission('read', 'users'), {
  method: 'get',
  path: '/auth/fab/v1/users/{username}',
  operationId: 'get_user',
  tags: TAGS,
  summary: 'Get User',
  request: { params: UsernameParam },
  responses: { 200: jsonContent(UserResponse), ...errorResponses(401, 403, 404, 422) },
});

export const patchUser = defineRoute(permission('edit', 'users'), {
  method: 'patch',
  path: '/auth/fab/v1/users/{username}',
  operationId: 'update_user',
  tags: TAGS,
  summary: 'Update User',
  description: 'Changes the fields in update_mask (repeated, or comma-separated), else every field the body gives. A password is hashed; roles are replaced.',
  request: { params: UsernameParam, query: z.object({ update_mask: queryList(z.string()) }), body: body(UserPatchBody) },
  responses: { 200: jsonContent(UserResponse), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const deleteUserRoute = defineRoute(permission('delete', 'users'), {
  method: 'delete',
  path: '/auth/fab/v1/users/{username}',
  operationId: 'delete_user',
  tags: TAGS,
  summary: 'Delete User',
  request: { params: UsernameParam },
  responses: { 204: { description: 'Successful Response' }, ...errorResponses(400, 401, 403, 404, 422) },
});

export const getRoles = defineRoute(permission('read', 'roles'), {
  method: 'get',
  path: '/auth/fab/v1/roles',
  operationId: 'get_roles',
  tags: TAGS,
  summary: 'Get Roles',
  description: 'The four built-in roles and what each allows.',
  request: { query: z.object({ ...FabPageQuery, order_by: orderByQuery('name') }) },
  responses: { 200: jsonContent(RoleCollectionResponse), ...errorResponses(401, 403, 422) },
});

export const getRole = defineRoute(permission('read', 'roles'), {
  method: 'get',
  path: '/auth/fab/v1/roles/{name}',
  operationId: 'get_role',
  tags: TAGS,
  summary: 'Get Role',
  request: { params: NameParam },
  responses: { 200: jsonContent(RoleResponse), ...errorResponses(401, 403, 404, 422) },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentUser(u: User): z.infer<typeof UserResponse> {
  return {
    username: u.username,
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    roles: u.roles.map((name) => ({ name })),
    active: u.active,
    last_login: iso(u.lastLogin),
    login_count: null,
    fail_login_count: null,
    created_on: iso(u.createdAt),
    changed_on: null,
  };
}

/** What `role` may do, as FAB names actions (`can_read`...), over our resources in the table's order. */
function presentRole(role: Role): z.infer<typeof RoleResponse> {
  const actions = (Object.keys(LEAST_ROLE) as Resource[]).flatMap((resource) =>
    (Object.keys(LEAST_ROLE[resource]) as Action[])
      .filter((action) => allows([role], { action, resource }))
      .map((action) => ({ action: { name: `can_${action}` }, resource: { name: resource } })),
  );
  return { name: role, actions };
}

/** `update_mask=a,b` (FAB) and `update_mask=a&update_mask=b` (the core API) both work. */
function maskOf(values: readonly string[] | undefined): string[] | null {
  const fields = (values ?? []).flatMap((v) => v.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  return fields.length > 0 ? fields : null;
}

export function registerUserRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getUsers, async (c) => {
    const q = c.req.valid('query');
    const page = await listUsers(store, { sort: storeSort(q.order_by, USER_ORDER, 'createdAt'), limit: deps.pageLimit(q.limit), offset: q.offset });
    return c.json({ users: page.items.map(presentUser), total_entries: page.total }, 200);
  });

  api.openapi(postUser, async (c) => {
    const b = c.req.valid('json');
    const input = { username: b.username, email: b.email, firstName: b.first_name, lastName: b.last_name, password: b.password, roles: (b.roles ?? []).map((r) => r.name) };
    const created = await createUser(store, input, callerOf(c).username, deps.now());
    deps.usersChanged();
    return c.json(presentUser(created), 200);
  });

  api.openapi(getUser, async (c) => c.json(presentUser(await requireUser(store, c.req.valid('param').username)), 200));

  api.openapi(patchUser, async (c) => {
    const username = c.req.valid('param').username;
    const b = c.req.valid('json');
    const changes = { username: b.username, email: b.email, firstName: b.first_name, lastName: b.last_name, password: b.password, roles: b.roles?.map((r) => r.name), active: b.active };
    const saved = await updateUser(store, username, changes, maskOf(c.req.valid('query').update_mask), callerOf(c).username, deps.now());
    deps.usersChanged();
    return c.json(presentUser(saved), 200);
  });

  api.openapi(deleteUserRoute, async (c) => {
    await deleteUser(store, c.req.valid('param').username, callerOf(c).username, deps.now());
    deps.usersChanged();
    return c.body(null, 204);
  });

  api.openapi(getRoles, async (c) => {
    const q = c.req.valid('query');
    const descending = storeSort(q.order_by, ROLE_ORDER, 'name').startsWith('-');
    const sorted = [...ROLES].sort((a, b) => (descending ? -1 : 1) * a.localeCompare(b));
    const page = sorted.slice(q.offset, q.offset + deps.pageLimit(q.limit));
    return c.json({ roles: page.map(presentRole), total_entries: ROLES.length }, 200);
  });

  api.openapi(getRole, async (c) => {
    const name = c.req.valid('param').name;
    const role = ROLES.find((r) => r === name);
    if (!role) throw new ApiError(404, `The Role with name \`${name}\` was not found: the roles are ${[...ROLES].reverse().join(', ')}`);
    return c.json(presentRole(role), 200);
  });
}
