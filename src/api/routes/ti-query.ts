/**
 * Listing task instances the way Airflow's two list operations filter them
 * (query string or batch body, one shape here): the store narrows by DAG, run,
 * task and state; the filters it does not know (dates of the run, durations,
 * patterns, version...) and multi-key ordering are applied to the rows after.
 * With only store filters and the default order, the store pages by itself.
 */
import { TASK_INSTANCE_STATES, type TaskInstanceStateOrNone } from '../../core/states.js';
import type { TaskInstance } from '../../core/run-model.js';
import type { Store, TaskInstanceFilter } from '../../store/store.js';
import { ApiValidationError } from '../http-errors.js';
import type { TiContext, TiRow } from '../present/task-instances.js';
import { likeMatcher } from '../../services/list-page.js';

export interface Range<T> {
  gte?: T | undefined;
  gt?: T | undefined;
  lte?: T | undefined;
  lt?: T | undefined;
}

export interface TiQuery {
  dagId?: string | undefined;
  runId?: string | undefined;
  dagIds?: readonly string[] | undefined;
  runIds?: readonly string[] | undefined;
  taskIds?: readonly string[] | undefined;
  states?: readonly string[] | undefined;
  pools?: readonly string[] | undefined;
  queues?: readonly string[] | undefined;
  executors?: readonly string[] | undefined;
  operators?: readonly string[] | undefined;
  versionNumbers?: readonly number[] | undefined;
  tryNumbers?: readonly number[] | undefined;
  mapIndexes?: readonly number[] | undefined;
  /** Only the instances of mapped tasks (map index 0 and up). */
  mappedOnly?: boolean;
  patterns?: { taskId?: string | undefined; dagId?: string | undefined; runId?: string | undefined; pool?: string | undefined; queue?: string | undefined; operator?: string | undefined };
  runAfter?: Range<string>;
  logicalDate?: Range<string>;
  startDate?: Range<string>;
  endDate?: Range<string>;
  /** Seconds. */
  duration?: Range<number>;
  orderBy?: readonly string[] | undefined;
  limit: number;
  offset: number;
  /** Where a bad value came from, for 422 locations: 'query' or 'body'. */
  source: 'query' | 'body';
}

const SORT_KEYS: Readonly<Record<string, (r: TiRow) => string | number | null>> = {
  id: (r) => `${r.ti.dagId}\u0000${r.ti.runId}\u0000${r.ti.taskId}\u0000${String(r.ti.mapIndex).padStart(10, '0')}`,
  task_id: (r) => r.ti.taskId,
  dag_id: (r) => r.ti.dagId,
  run_id: (r) => r.ti.runId,
  dag_run_id: (r) => r.ti.runId,
  state: (r) => r.ti.state,
  duration: (r) => r.ti.durationMs,
  start_date: (r) => r.ti.startDate?.getTime() ?? null,
  end_date: (r) => r.ti.endDate?.getTime() ?? null,
  map_index: (r) => r.ti.mapIndex,
  rendered_map_index: (r) => r.ti.mapIndex,
  try_number: (r) => r.ti.tryNumber,
  logical_date: (r) => r.run?.logicalDate?.getTime() ?? null,
  run_after: (r) => r.run?.runAfter.getTime() ?? null,
  data_interval_start: (r) => r.run?.dataInterval?.start.getTime() ?? null,
  data_interval_end: (r) => r.run?.dataInterval?.end.getTime() ?? null,
  operator: (r) => r.ti.operator,
  pool: (r) => r.ti.pool,
  queue: (r) => r.ti.queue,
  priority_weight: (r) => r.ti.priorityWeight,
  hostname: (r) => r.ti.hostname,
};

function fail(source: string, name: string, msg: string): never {
  throw new ApiValidationError([{ loc: [source, name], msg, type: 'value_error' }]);
}

function checkedStates(q: TiQuery): TaskInstanceStateOrNone[] | undefined {
  if (!q.states || q.states.length === 0) return undefined;
  return q.states.map((s) => {
    if (s === 'none' || s === 'no_status') return null;
    if (!(TASK_INSTANCE_STATES as readonly string[]).includes(s)) fail(q.source, 'state', `Invalid value for state: ${s}; use one of none, ${TASK_INSTANCE_STATES.join(', ')}`);
    return s as TaskInstanceStateOrNone;
  });
}

/** Our dates are kept to the millisecond, so `> x` is `>= x + 1 ms`. */
function timeRange(range: Range<string> | undefined): ((t: number | null) => boolean) | null {
  if (!range || Object.values(range).every((v) => v == null)) return null;
  const ms = (v: string | undefined) => (v == null ? undefined : new Date(v.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`).getTime());
  return numberRange({ gte: ms(range.gte), gt: ms(range.gt), lte: ms(range.lte), lt: ms(range.lt) });
}

function numberRange(range: Range<number> | undefined): ((v: number | null) => boolean) | null {
  if (!range || Object.values(range).every((v) => v == null)) return null;
  return (v) =>
    v !== null && (range.gte == null || v >= range.gte) && (range.gt == null || v > range.gt) && (range.lte == null || v <= range.lte) && (range.lt == null || v < range.lt);
}

function inList<T>(list: readonly T[] | undefined): ((v: T) => boolean) | null {
  return list && list.length > 0 ? (v) => list.includes(v) : null;
}

/** A LIKE pattern's matcher, or null when the pattern matches everything (so the store can page alone). */
function patternMatcher(pattern: string | undefined): ((value: string) => boolean) | null {
  return pattern === undefined || pattern.trim() === '' || pattern === '~' ? null : likeMatcher(pattern);
}

function rowFilters(q: TiQuery): ((r: TiRow) => boolean)[] {
  const checks: ((r: TiRow) => boolean)[] = [];
  const add = <V>(test: ((v: V) => boolean) | null, get: (r: TiRow) => V) => {
    if (test) checks.push((r) => test(get(r)));
  };
  add(inList(q.dagIds), (r) => r.ti.dagId);
  add(inList(q.runIds), (r) => r.ti.runId);
  add(inList(q.taskIds), (r) => r.ti.taskId);
  add(inList(q.pools), (r) => r.ti.pool);
  add(inList(q.queues), (r) => r.ti.queue);
  add(inList(q.executors), (r) => r.ti.executor ?? '');
  add(inList(q.operators), (r) => r.ti.operator);
  add(inList(q.versionNumbers), (r) => r.version?.versionNumber ?? -1);
  add(inList(q.tryNumbers), (r) => r.ti.tryNumber);
  add(inList(q.mapIndexes), (r) => r.ti.mapIndex);
  if (q.mappedOnly) checks.push((r) => r.ti.mapIndex >= 0);
  add(patternMatcher(q.patterns?.taskId), (r) => r.ti.taskId);
  add(patternMatcher(q.patterns?.dagId), (r) => r.ti.dagId);
  add(patternMatcher(q.patterns?.runId), (r) => r.ti.runId);
  add(patternMatcher(q.patterns?.pool), (r) => r.ti.pool);
  add(patternMatcher(q.patterns?.queue), (r) => r.ti.queue);
  add(patternMatcher(q.patterns?.operator), (r) => r.ti.operator);
  add(timeRange(q.runAfter), (r) => r.run?.runAfter.getTime() ?? null);
  add(timeRange(q.logicalDate), (r) => r.run?.logicalDate?.getTime() ?? null);
  add(timeRange(q.startDate), (r) => r.ti.startDate?.getTime() ?? null);
  add(timeRange(q.endDate), (r) => r.ti.endDate?.getTime() ?? null);
  add(numberRange(q.duration), (r) => (r.ti.durationMs === null ? null : r.ti.durationMs / 1000));
  return checks;
}

function comparator(q: TiQuery): ((a: TiRow, b: TiRow) => number) | null {
  const keys = (q.orderBy ?? []).map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) return null;
  const parts = keys.map((k) => {
    const desc = k.startsWith('-');
    const name = desc ? k.slice(1) : k;
    const get = Object.prototype.hasOwnProperty.call(SORT_KEYS, name) ? SORT_KEYS[name] : undefined;
    if (!get) fail(q.source, 'order_by', `Ordering with '${name}' is disallowed or the attribute does not exist on the model: use one of ${Object.keys(SORT_KEYS).join(', ')}`);
    return { get, desc };
  });
  const tieBreak = SORT_KEYS.id as (r: TiRow) => string;
  return (a, b) => {
    for (const { get, desc } of parts) {
      const x = get(a);
      const y = get(b);
      if (x === y) continue;
      // Nulls last either way.
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return tieBreak(a) < tieBreak(b) ? -1 : tieBreak(a) > tieBreak(b) ? 1 : 0;
  };
}

/**
 * Single sort keys the store orders by exactly as `comparator` does: columns that are
 * never null (nulls would sort differently per dialect), ties broken by DAG, run, task
 * and map index. No `order_by` at all is the store's default (task id).
 */
const STORE_SORTS: Readonly<Record<string, NonNullable<TaskInstanceFilter['orderBy']>>> = {
  map_index: 'mapIndex',
  '-map_index': '-mapIndex',
  rendered_map_index: 'mapIndex',
  '-rendered_map_index': '-mapIndex',
  task_id: 'taskId',
  '-task_id': '-taskId',
  priority_weight: 'priorityWeight',
  '-priority_weight': '-priorityWeight',
};

function storeSort(q: TiQuery): TaskInstanceFilter['orderBy'] | null {
  const keys = (q.orderBy ?? []).map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) return undefined;
  return keys.length === 1 ? (STORE_SORTS[keys[0] as string] ?? null) : null;
}

export async function listTaskInstances(store: Store, ctx: TiContext, q: TiQuery): Promise<{ items: TaskInstance[]; total: number }> {
  const states = checkedStates(q);
  const base: TaskInstanceFilter = {
    ...(q.dagId !== undefined ? { dagId: q.dagId } : q.dagIds?.length === 1 ? { dagId: q.dagIds[0] as string } : {}),
    ...(q.runId !== undefined ? { runId: q.runId } : {}),
    ...(q.taskIds?.length === 1 ? { taskId: q.taskIds[0] as string } : {}),
    ...(states ? { states } : {}),
  };
  const checks = rowFilters(q);
  const compare = comparator(q);
  const sort = storeSort(q);
  // Only the page is read: listing every instance to sort it costs seconds at 100,000 of them.
  if (checks.length === 0 && sort !== null) {
    const page = await store.taskInstances.list({ ...base, ...(sort ? { orderBy: sort } : {}), limit: q.limit, offset: q.offset });
    return { items: page.items, total: page.total };
  }
  const rows = (await ctx.rows((await store.taskInstances.list(base)).items)).filter((r) => checks.every((check) => check(r)));
  if (compare) rows.sort(compare);
  return { items: rows.slice(q.offset, q.offset + q.limit).map((r) => r.ti), total: rows.length };
}
