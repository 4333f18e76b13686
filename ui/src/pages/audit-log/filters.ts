/**
 * The audit log's filters as they live in the URL:
 * `?dag_id=etl&event=trigger_dag_run&owner=admin&after=<iso>&before=<iso>&include=a&exclude=b&run_id=..&task_id=..&sort=-when&offset=50`.
 */
import type { EventLogQuery } from '@updraft/client';
import { parseSort, type SortState } from '../../components/DataTable';
import type { QueryState } from '../../router/query';

export const PAGE_SIZE = 50;

/** Events Updraft records, suggested in the event boxes (others that show up are added). */
export const KNOWN_EVENTS = [
  'trigger_dag_run',
  'pause',
  'unpause',
  'clear_dag_run',
  'clear_task_instances',
  'mark_success',
  'mark_failed',
  'dag_run_mark_success',
  'dag_run_mark_failed',
  'dag_run_note',
  'dag_run_delete',
  'task_instance_note',
  'backfill_create',
  'backfill_pause',
  'backfill_unpause',
  'backfill_cancel',
  'delete_dag',
  'variable_create',
  'variable_edit',
  'variable_delete',
  'connection_create',
  'connection_edit',
  'connection_delete',
  'connection_test',
  'pool_create',
  'pool_edit',
  'pool_delete',
  'user_create',
  'user_edit',
  'user_delete',
  'create_asset_event',
  'create_xcom_entry',
  'update_xcom_entry',
] as const;

export interface AuditFilters {
  readonly dagId: string;
  readonly event: string;
  readonly owner: string;
  readonly runId: string;
  readonly taskId: string;
  readonly after: string;
  readonly before: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly sort: SortState | null;
  readonly offset: number;
}

export function readFilters(q: QueryState): AuditFilters {
  return {
    dagId: q.get('dag_id') ?? '',
    event: q.get('event') ?? '',
    owner: q.get('owner') ?? '',
    runId: q.get('run_id') ?? '',
    taskId: q.get('task_id') ?? '',
    after: q.get('after') ?? '',
    before: q.get('before') ?? '',
    include: q.getAll('include'),
    exclude: q.getAll('exclude'),
    sort: parseSort(q.get('sort')),
    offset: Math.max(0, Number(q.get('offset') ?? 0) || 0),
  };
}

export function hasFilters(f: AuditFilters): boolean {
  return [f.dagId, f.event, f.owner, f.runId, f.taskId, f.after, f.before].some((v) => v !== '') || f.include.length > 0 || f.exclude.length > 0;
}

export const CLEARED = { dag_id: null, event: null, owner: null, run_id: null, task_id: null, after: null, before: null, include: null, exclude: null, offset: null } as const;

export function toApiQuery(f: AuditFilters): EventLogQuery {
  const opt = (v: string) => (v === '' ? undefined : v);
  return {
    limit: PAGE_SIZE,
    offset: f.offset,
    order_by: f.sort ? `${f.sort.desc ? '-' : ''}${f.sort.id}` : '-when',
    dag_id: opt(f.dagId),
    event: opt(f.event),
    owner: opt(f.owner),
    run_id: opt(f.runId),
    task_id: opt(f.taskId),
    after: opt(f.after),
    before: opt(f.before),
    included_events: f.include.length > 0 ? f.include : undefined,
    excluded_events: f.exclude.length > 0 ? f.exclude : undefined,
  };
}
