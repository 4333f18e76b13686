/**
 * What the signed-in user may do, from `/ui/me` (the server's one role table):
 * `can('edit', 'DAGs')`, and the reason to show beside what they cannot do.
 */
import type { UiMe, UiPermission } from '@updraft/client';

export type Action = UiPermission['action'];
export type Resource = UiPermission['resource'];

export interface Permissions {
  can(action: Action, resource: Resource): boolean;
  /** Why not, in a sentence ("Your role, Viewer, cannot edit DAGs: that needs User or above"); undefined when allowed. */
  reason(action: Action, resource: Resource): string | undefined;
}

export function permissionsOf(me: UiMe | null): Permissions {
  const byKey = new Map((me?.permissions ?? []).map((p) => [`${p.action} ${p.resource}`, p]));
  return {
    can: (action, resource) => byKey.get(`${action} ${resource}`)?.allowed ?? false,
    reason(action, resource) {
      const p = byKey.get(`${action} ${resource}`);
      if (p?.allowed) return undefined;
      const roles = me && me.roles.length > 0 ? `Your role, ${me.roles.join(', ')},` : 'Your account has no role and';
      return `${roles} cannot ${action} ${resource}: that needs ${p?.least_role ?? 'another'} or above`;
    },
  };
}
