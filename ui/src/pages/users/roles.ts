/** The four roles, least to most powerful, each in a sentence (Airflow's meaning; the server's table decides). */
export const ROLE_ORDER = ['Viewer', 'User', 'Op', 'Admin'] as const;

export const ROLE_SUMMARY: Readonly<Record<string, string>> = {
  Viewer: 'Reads everything about DAGs: runs, task instances, logs, the audit log, import errors.',
  User: 'Viewer, and also triggers, clears, marks and pauses DAGs and their runs.',
  Op: 'User, and also manages variables, connections and pools.',
  Admin: 'Op, and also manages users and roles, and reads the configuration.',
};

export function rankOf(role: string): number {
  return ROLE_ORDER.indexOf(role as (typeof ROLE_ORDER)[number]);
}
