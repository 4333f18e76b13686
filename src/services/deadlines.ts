/**
 * A DAG's deadline alerts as people read them (`updraft dags deadlines`): each
 * deadline of its runs and tasks, when it fell due, whether it was missed, by
 * how much, and how its callback went.
 */
import { describeDeadline } from '../core/deadlines.js';
import { formatDuration } from '../core/duration.js';
import type { Deadline } from '../store/deadlines.js';
import type { Page, Store } from '../store/store.js';
import { requireDag } from './dag-lookup.js';

export interface DeadlineQuery {
  readonly runId?: string;
  /** true: only missed deadlines. */
  readonly missedOnly?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** Latest deadline first; an unknown DAG is a NotFoundError that says how to find the id. */
export async function listDagDeadlines(store: Store, dagId: string, query: DeadlineQuery = {}): Promise<Page<Deadline>> {
  await requireDag(store, dagId);
  return store.deadlines.list({
    dagId,
    ...(query.runId !== undefined ? { runId: query.runId } : {}),
    ...(query.missedOnly ? { missed: true } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(query.offset !== undefined ? { offset: query.offset } : {}),
  });
}

/** `run_start + 30m`, `task_start + 10m`, `fixed 2025-…Z - 30m`. */
export function deadlineRule(deadline: Deadline): string {
  const at = deadline.reference === 'fixed' && deadline.deadlineTime ? new Date(deadline.deadlineTime.getTime() - deadline.intervalMs).toISOString() : null;
  return describeDeadline(deadline.reference, deadline.intervalMs, at, formatDuration);
}

/** pending (not due or not started), missed, or missed with the callback's outcome. */
export function deadlineStatus(deadline: Deadline): string {
  if (deadline.missedAt === null) return deadline.deadlineTime === null ? 'waiting for start' : 'pending';
  return deadline.callbackState === 'pending' ? 'missed, callback running' : `missed, callback ${deadline.callbackState}`;
}
