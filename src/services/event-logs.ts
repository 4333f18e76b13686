/**
 * Reading the audit log as Airflow's event log API filters it. The store filters
 * by the exact fields it indexes; the rest (map index, try number, included and
 * excluded events, LIKE patterns, other sort keys) are applied in memory over
 * the store's matches.
 */
import type { AuditLogFilter, Page, Store } from '../store/store.js';
import type { AuditEvent } from '../store/types.js';
import { NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export interface EventLogQuery {
  readonly dagId?: string | undefined;
  readonly taskId?: string | undefined;
  readonly runId?: string | undefined;
  readonly mapIndex?: number | undefined;
  readonly tryNumber?: number | undefined;
  readonly owner?: string | undefined;
  readonly event?: string | undefined;
  readonly includedEvents?: readonly string[] | undefined;
  readonly excludedEvents?: readonly string[] | undefined;
  readonly before?: Date | undefined;
  readonly after?: Date | undefined;
  readonly dagIdPattern?: string | undefined;
  readonly taskIdPattern?: string | undefined;
  readonly runIdPattern?: string | undefined;
  readonly ownerPattern?: string | undefined;
  readonly eventPattern?: string | undefined;
  /** A field of AuditEvent, `-` for descending. */
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

/** Sorts the store does itself; ids follow append order, which is the order of `when`. */
const STORE_SORTS: Readonly<Record<string, NonNullable<AuditLogFilter['orderBy']>>> = { when: 'when', '-when': '-when', event: 'event', '-event': '-event', id: 'when', '-id': '-when' };

export async function listEventLogs(store: Store, q: EventLogQuery): Promise<Page<AuditEvent>> {
  const base: AuditLogFilter = {
    ...(q.dagId !== undefined ? { dagId: q.dagId } : {}),
    ...(q.taskId !== undefined ? { taskId: q.taskId } : {}),
    ...(q.runId !== undefined ? { runId: q.runId } : {}),
    ...(q.owner !== undefined ? { owner: q.owner } : {}),
    ...(q.event !== undefined ? { event: q.event } : {}),
    ...(q.after !== undefined ? { after: q.after } : {}),
    ...(q.before !== undefined ? { before: q.before } : {}),
  };
  const patterns = [
    [q.dagIdPattern, (e: AuditEvent) => e.dagId],
    [q.taskIdPattern, (e: AuditEvent) => e.taskId],
    [q.runIdPattern, (e: AuditEvent) => e.runId],
    [q.ownerPattern, (e: AuditEvent) => e.owner],
    [q.eventPattern, (e: AuditEvent) => e.event],
  ] as const;
  const inMemory =
    q.mapIndex !== undefined ||
    q.tryNumber !== undefined ||
    (q.includedEvents?.length ?? 0) > 0 ||
    (q.excludedEvents?.length ?? 0) > 0 ||
    patterns.some(([p]) => p !== undefined) ||
    STORE_SORTS[q.sort] === undefined;
  const storeSort = STORE_SORTS[q.sort];
  if (!inMemory && storeSort) return store.auditLog.list({ ...base, orderBy: storeSort, limit: q.limit, offset: q.offset });
  const { items } = await store.auditLog.list(base);
  const matchers = patterns.filter(([p]) => p !== undefined).map(([p, field]) => [likeMatcher(p), field] as const);
  const keep = (e: AuditEvent) =>
    (q.mapIndex === undefined || e.mapIndex === q.mapIndex) &&
    (q.tryNumber === undefined || e.tryNumber === q.tryNumber) &&
    (!q.includedEvents || q.includedEvents.length === 0 || q.includedEvents.includes(e.event)) &&
    (!q.excludedEvents || !q.excludedEvents.includes(e.event)) &&
    matchers.every(([match, field]) => {
      const value = field(e);
      return value !== null && match(value);
    });
  return pageInMemory(items, { sort: q.sort, limit: q.limit, offset: q.offset, keep });
}

export async function requireEventLog(store: Store, id: number): Promise<AuditEvent> {
  const { items } = await store.auditLog.list({});
  const found = items.find((e) => e.id === id);
  if (!found) throw new NotFoundError(`The Event Log with id: \`${id}\` not found`);
  return found;
}
