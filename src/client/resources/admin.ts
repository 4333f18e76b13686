/** What Op and Admin manage: variables, connections, pools, users and roles. */
import { seg, type Query, type Transport } from '../transport.js';
import type {
  BulkResponse,
  Connection,
  ConnectionBody,
  ConnectionCollection,
  ConnectionTestResult,
  Pool,
  PoolBody,
  PoolCollection,
  PoolPatch,
  RoleCollection,
  User,
  UserBody,
  UserCollection,
  UserPatch,
  Variable,
  VariableBody,
  VariableCollection,
} from '../types.js';

/** Airflow's bulk body: create / update / delete actions, each with its entities. */
export interface BulkBody<T> {
  readonly actions: readonly (
    | { readonly action: 'create'; readonly entities: readonly T[]; readonly action_on_existence?: 'fail' | 'skip' | 'overwrite' }
    | { readonly action: 'update'; readonly entities: readonly T[]; readonly action_on_non_existence?: 'fail' | 'skip'; readonly update_mask?: readonly string[] }
    | { readonly action: 'delete'; readonly entities: readonly (string | T)[]; readonly action_on_non_existence?: 'fail' | 'skip' }
  )[];
}

export function variablesApi(t: Transport) {
  return {
    list: (query?: Query) => t.json<VariableCollection>('GET', '/api/v2/variables', { query }),
    get: (key: string) => t.json<Variable>('GET', `/api/v2/variables/${seg(key)}`),
    create: (body: VariableBody) => t.json<Variable>('POST', '/api/v2/variables', { body }),
    update: (key: string, body: VariableBody, updateMask?: readonly string[]) =>
      t.json<Variable>('PATCH', `/api/v2/variables/${seg(key)}`, { body, query: { update_mask: updateMask } }),
    delete: (key: string) => t.json<void>('DELETE', `/api/v2/variables/${seg(key)}`),
    bulk: (body: BulkBody<VariableBody>) => t.json<BulkResponse>('PATCH', '/api/v2/variables', { body }),
  };
}

export function connectionsApi(t: Transport) {
  return {
    list: (query?: Query) => t.json<ConnectionCollection>('GET', '/api/v2/connections', { query }),
    get: (connectionId: string) => t.json<Connection>('GET', `/api/v2/connections/${seg(connectionId)}`),
    create: (body: ConnectionBody) => t.json<Connection>('POST', '/api/v2/connections', { body }),
    update: (connectionId: string, body: ConnectionBody, updateMask?: readonly string[]) =>
      t.json<Connection>('PATCH', `/api/v2/connections/${seg(connectionId)}`, { body, query: { update_mask: updateMask } }),
    delete: (connectionId: string) => t.json<void>('DELETE', `/api/v2/connections/${seg(connectionId)}`),
    bulk: (body: BulkBody<ConnectionBody>) => t.json<BulkResponse>('PATCH', '/api/v2/connections', { body }),
    /** Connects with these settings without saving them (the server must allow it: core.test_connection). */
    test: (body: ConnectionBody) => t.json<ConnectionTestResult>('POST', '/api/v2/connections/test', { body }),
  };
}

export function poolsApi(t: Transport) {
  return {
    list: (query?: Query) => t.json<PoolCollection>('GET', '/api/v2/pools', { query }),
    get: (name: string) => t.json<Pool>('GET', `/api/v2/pools/${seg(name)}`),
    create: (body: PoolBody) => t.json<Pool>('POST', '/api/v2/pools', { body }),
    update: (name: string, body: PoolPatch, updateMask?: readonly string[]) =>
      t.json<Pool>('PATCH', `/api/v2/pools/${seg(name)}`, { body, query: { update_mask: updateMask } }),
    delete: (name: string) => t.json<void>('DELETE', `/api/v2/pools/${seg(name)}`),
    bulk: (body: BulkBody<PoolBody>) => t.json<BulkResponse>('PATCH', '/api/v2/pools', { body }),
  };
}

/** Users and roles, at Airflow's FAB auth-manager paths (Admin only). */
export function usersApi(t: Transport) {
  return {
    list: (query?: Query) => t.json<UserCollection>('GET', '/auth/fab/v1/users', { query }),
    get: (username: string) => t.json<User>('GET', `/auth/fab/v1/users/${seg(username)}`),
    create: (body: UserBody) => t.json<User>('POST', '/auth/fab/v1/users', { body }),
    update: (username: string, body: UserPatch, updateMask?: readonly string[]) =>
      t.json<User>('PATCH', `/auth/fab/v1/users/${seg(username)}`, { body, query: { update_mask: updateMask } }),
    delete: (username: string) => t.json<void>('DELETE', `/auth/fab/v1/users/${seg(username)}`),
    roles: () => t.json<RoleCollection>('GET', '/auth/fab/v1/roles'),
  };
}
