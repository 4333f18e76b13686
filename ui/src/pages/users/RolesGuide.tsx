/**
 * What each role may do: a sentence per role, and the full table from the
 * server (`GET /auth/fab/v1/roles`, the same table every request is checked
 * against), resources × roles.
 */
import type { RoleCollection } from '@updraft/client';
import { useMemo } from 'react';
import { rankOf, ROLE_SUMMARY } from './roles';

const ACTIONS = ['read', 'create', 'edit', 'delete'] as const;

function cellText(actions: ReadonlySet<string>): string {
  if (actions.size === 0) return '—';
  if (ACTIONS.every((a) => actions.has(a))) return 'all';
  return ACTIONS.filter((a) => actions.has(a)).join(', ');
}

export function RolesGuide({ roles, counts }: { readonly roles: RoleCollection | undefined; readonly counts: Readonly<Record<string, number>> }) {
  const sorted = useMemo(() => [...(roles?.roles ?? [])].sort((a, b) => rankOf(a.name) - rankOf(b.name)), [roles]);
  const resources = useMemo(() => {
    const seen: string[] = [];
    for (const role of sorted) for (const a of role.actions) if (!seen.includes(a.resource.name)) seen.push(a.resource.name);
    return seen;
  }, [sorted]);
  const allowed = (role: (typeof sorted)[number], resource: string) =>
    new Set(role.actions.filter((a) => a.resource.name === resource).map((a) => a.action.name.replace(/^can_/, '')));
  const names = sorted.length > 0 ? sorted.map((r) => r.name) : Object.keys(ROLE_SUMMARY);
  return (
    <section aria-labelledby="roles-title" data-testid="roles-guide">
      <h2 id="roles-title" className="section-title">
        Roles <span className="muted">each has everything the one before it has</span>
      </h2>
      <div className="role-guide">
        {names.map((name) => (
          <div key={name} className="tile">
            <strong>
              {name} <span className="muted num">· {counts[name] ?? 0} user{counts[name] === 1 ? '' : 's'}</span>
            </strong>
            <span className="tile-sub">{ROLE_SUMMARY[name] ?? 'A role this UI does not know.'}</span>
          </div>
        ))}
      </div>
      {sorted.length > 0 && (
        <details className="tile role-details">
          <summary>What each role may do, resource by resource (from the server)</summary>
          <table className="role-matrix">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                {sorted.map((r) => (
                  <th key={r.name} scope="col">
                    {r.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {resources.map((resource) => (
                <tr key={resource}>
                  <th scope="row">{resource}</th>
                  {sorted.map((r) => {
                    const text = cellText(allowed(r, resource));
                    return (
                      <td key={r.name} className={text === '—' ? 'role-cell role-none' : 'role-cell'}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
