/**
 * Airflow's four built-in roles, least to most powerful: the one list the API's
 * permission table, the users service and the CLI all read (it sits below them).
 */
export const ROLES = ['Viewer', 'User', 'Op', 'Admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** Most powerful first, as messages list them: Admin, Op, User, Viewer. */
export const ROLES_BY_POWER: readonly Role[] = [...ROLES].reverse();
