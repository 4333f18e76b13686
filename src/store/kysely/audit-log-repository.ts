/** The audit log: who did what, append-only (Airflow's `log` table). */
import { expressionBuilder } from 'kysely';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { AuditLogFilter, AuditLogRepository, Page } from '../store.js';
import type { AuditEvent, AuditEventInput } from '../types.js';
import type { Codec } from './codec.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { Database, LogTable } from './schema.js';

const SORT_COLUMNS = { when: 'dttm', event: 'event' } as const;

function toEvent(row: Selectable<LogTable>, c: Codec): AuditEvent {
  return {
    id: row.id,
    when: c.toDate(row.dttm),
    event: row.event,
    dagId: row.dag_id,
    taskId: row.task_id,
    runId: row.run_id,
    mapIndex: row.map_index,
    tryNumber: row.try_number,
    owner: row.owner,
    extra: row.extra,
  };
}

export class KyselyAuditLogRepository implements AuditLogRepository {
  constructor(private readonly ctx: RepoContext) {}

  async append(event: AuditEventInput): Promise<AuditEvent> {
    const row = await this.ctx.db
      .insertInto('log')
      .values({
        dttm: this.ctx.codec.time(event.when),
        event: event.event,
        dag_id: event.dagId,
        task_id: event.taskId,
        run_id: event.runId,
        map_index: event.mapIndex,
        try_number: event.tryNumber,
        owner: event.owner,
        extra: event.extra,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row, this.ctx.codec);
  }

  async list(filter: AuditLogFilter = {}): Promise<Page<AuditEvent>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, SORT_COLUMNS, '-when');
    const conditions = (eb: ExpressionBuilder<Database, 'log'>): Expression<SqlBool>[] => {
      const parts: Expression<SqlBool>[] = [];
      if (filter.dagId !== undefined) parts.push(eb('dag_id', '=', filter.dagId));
      if (filter.taskId !== undefined) parts.push(eb('task_id', '=', filter.taskId));
      if (filter.runId !== undefined) parts.push(eb('run_id', '=', filter.runId));
      if (filter.event !== undefined) parts.push(eb('event', '=', filter.event));
      if (filter.owner !== undefined) parts.push(eb('owner', '=', filter.owner));
      if (filter.after) parts.push(eb('dttm', '>=', c.time(filter.after)));
      if (filter.before) parts.push(eb('dttm', '<', c.time(filter.before)));
      return parts;
    };
    const matches = (eb: ExpressionBuilder<Database, 'log'>) => eb.and(conditions(eb));
    // A bare count(*) lets SQLite count the table from its b-tree: 0.02 ms for 100,000 rows, against 2.8 ms
    // for Kysely's `where 1 = 1` when there is no condition.
    const filtered = conditions(expressionBuilder<Database, 'log'>()).length > 0;
    return pageOf(
      bounds,
      async () => {
        // Ties on time keep insertion order, in the sort's direction.
        const query = db.selectFrom('log').selectAll().where(matches).orderBy(sort.column, sort.direction).orderBy('id', sort.direction);
        return (await applyPage(query, bounds).execute()).map((r) => toEvent(r, c));
      },
      () => this.ctx.counts.count(db.selectFrom('log').$if(filtered, (qb) => qb.where(matches)).select((eb) => eb.fn.countAll<number>().as('n'))),
    );
  }
}
