/**
 * The app's URLs, built in one place so every page links the same way.
 * Filters go in the query string (see `useQueryParams`).
 */
import { buildPath } from './match';

export const paths = {
  dags: () => '/dags',
  dag: (dagId: string, tab?: string) => buildPath(tab ? '/dags/:dagId/:tab' : '/dags/:dagId', { dagId, tab: tab ?? '' }),
  run: (dagId: string, runId: string) => buildPath('/dags/:dagId/runs/:runId', { dagId, runId }),
  /** A tab of the DAG page with a run selected (`?run=`), e.g. the grid with the run's summary open. */
  dagRun: (dagId: string, runId: string, tab = 'grid') => `${buildPath('/dags/:dagId/:tab', { dagId, tab })}?run=${encodeURIComponent(runId)}`,
  taskInstance: (dagId: string, runId: string, taskId: string, mapIndex = -1) =>
    buildPath('/dags/:dagId/runs/:runId/tasks/:taskId', { dagId, runId, taskId }) + (mapIndex >= 0 ? `?map_index=${mapIndex}` : ''),
  runs: () => '/runs',
  importErrors: () => '/import-errors',
  auditLog: () => '/audit-log',
  login: (next?: string, reason?: 'expired' | 'signed-out') => {
    const params = new URLSearchParams();
    if (next && next !== '/' && !next.startsWith('/login')) params.set('next', next);
    if (reason) params.set('reason', reason);
    const q = params.toString();
    return q ? `/login?${q}` : '/login';
  },
} as const;
