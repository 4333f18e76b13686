/**
 * Who may do what: Airflow's four built-in roles, each with everything the one
 * below it has (Viewer < User < Op < Admin), and one table of the least role
 * each action on each resource needs. Every route names its permission in its
 * definition (see `route-def.ts`); one middleware checks it against this table.
 */
import { isRole, type Role } from '../auth/roles.js';

export { isRole, ROLES, type Role } from '../auth/roles.js';

export type Action = 'read' | 'create' | 'edit' | 'delete';

export type Resource =
  | 'DAGs'
  | 'DAG runs'
  | 'task instances'
  | 'backfills'
  | 'audit logs'
  | 'import errors'
  | 'jobs'
  | 'variables'
  | 'connections'
  | 'pools'
  | 'config'
  | 'users'
  | 'roles'
  | 'assets'
  | 'plugins'
  | 'providers';

export interface Permission {
  readonly action: Action;
  readonly resource: Resource;
}

type LeastRoles = Readonly<Record<Action, Role>>;

const viewerReadsUserChanges: LeastRoles = { read: 'Viewer', create: 'User', edit: 'User', delete: 'User' };
const opOnly: LeastRoles = { read: 'Op', create: 'Op', edit: 'Op', delete: 'Op' };
const adminOnly: LeastRoles = { read: 'Admin', create: 'Admin', edit: 'Admin', delete: 'Admin' };
const readOnlyForViewers: LeastRoles = { read: 'Viewer', create: 'Admin', edit: 'Admin', delete: 'Admin' };
const readOnlyForOps: LeastRoles = { read: 'Op', create: 'Admin', edit: 'Admin', delete: 'Admin' };

/** Airflow's meaning: Viewer reads; User also triggers, clears, pauses, marks; Op also variables, connections, pools; Admin also users and config. */
export const LEAST_ROLE: Readonly<Record<Resource, LeastRoles>> = {
  DAGs: viewerReadsUserChanges,
  'DAG runs': viewerReadsUserChanges,
  'task instances': viewerReadsUserChanges,
  backfills: viewerReadsUserChanges,
  'audit logs': readOnlyForViewers,
  'import errors': readOnlyForViewers,
  jobs: readOnlyForViewers,
  variables: opOnly,
  connections: opOnly,
  pools: opOnly,
  config: adminOnly,
  users: adminOnly,
  roles: adminOnly,
  // Airflow: Viewers read assets and User creates asset events; Viewers read plugins, Ops read providers.
  assets: viewerReadsUserChanges,
  plugins: readOnlyForViewers,
  providers: readOnlyForOps,
};

const RANK: Readonly<Record<Role, number>> = { Viewer: 0, User: 1, Op: 2, Admin: 3 };

export function leastRoleFor(permission: Permission): Role {
  return LEAST_ROLE[permission.resource][permission.action];
}

/** True when one of `roles` (unknown role names grant nothing) is at least the least role the permission needs. */
export function allows(roles: readonly string[], permission: Permission): boolean {
  const needed = RANK[leastRoleFor(permission)];
  return roles.some((role) => isRole(role) && RANK[role] >= needed);
}

/** The 403 reason: names the user's roles, the action and the role it needs. */
export function denialReason(username: string, roles: readonly string[], permission: Permission): string {
  const has = roles.length > 0 ? `role ${roles.join(', ')}` : 'no role';
  return `user '${username}' (${has}) may not ${permission.action} ${permission.resource}: that needs the ${leastRoleFor(permission)} role or above`;
}
