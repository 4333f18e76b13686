/** Deadline records (see ../deadlines.ts for their life cycle). */
import type { Selectable } from 'kysely';
import type { DeadlineReference } from '../../core/deadlines.js';
import type { Deadline, DeadlineCallbackState, DeadlineFilter, DeadlineRepository, NewDeadline } from '../deadlines.js';
import type { Page } from '../store.js';
import type { Codec } from './codec.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { DeadlineTable } from './schema.js';

const SORT_COLUMNS = { deadlineTime: 'deadline_time', missedAt: 'missed_at', id: 'id' } as const;

function toDeadline(row: Selectable<DeadlineTable>, c: Codec): Deadline {
  return {
    id: row.id,
    dagId: row.dag_id,
    runId: row.run_id,
    taskId: row.task_id,
    mapIndex: row.map_index,
    alertIndex: row.alert_index,
    reference: row.reference as DeadlineReference,
    intervalMs: Number(row.interval_ms),
    deadlineTime: c.toDateOrNull(row.deadline_time),
    createdAt: c.toDate(row.created_at),
    missedAt: c.toDateOrNull(row.missed_at),
    lateMs: row.late_ms === null ? null : Number(row.late_ms),
    callback: row.callback,
    callbackState: row.callback_state as DeadlineCallbackState,
    callbackReason: row.callback_reason,
  };
}

export class KyselyDeadlineRepository implements DeadlineRepository {
  constructor(private readonly ctx: RepoContext) {}

  async createMany(deadlines: readonly NewDeadline[], now: Date): Promise<Deadline[]> {
    if (deadlines.length === 0) return [];
    const c = this.ctx.codec;
    const rows = await this.ctx.db
      .insertInto('deadline')
      .values(
        deadlines.map((d) => ({
          dag_id: d.dagId,
          run_id: d.runId,
          task_id: d.taskId,
          map_index: d.mapIndex,
          alert_index: d.alertIndex,
          reference: d.reference,
          interval_ms: d.intervalMs,
          deadline_time: c.timeOrNull(d.deadlineTime),
          created_at: c.time(now),
          callback: d.callback,
          callback_state: 'pending',
        })),
      )
      .returningAll()
      .execute();
    return rows.map((row) => toDeadline(row, c)).sort((a, b) => a.id - b.id);
  }

  async get(id: number): Promise<Deadline | null> {
    const row = await this.ctx.db.selectFrom('deadline').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDeadline(row, this.ctx.codec) : null;
  }

  async listPending(): Promise<Deadline[]> {
    const rows = await this.ctx.db.selectFrom('deadline').selectAll().where('missed_at', 'is', null).execute();
    return rows.map((row) => toDeadline(row, this.ctx.codec));
  }

  async list(filter: DeadlineFilter = {}): Promise<Page<Deadline>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, SORT_COLUMNS, '-deadlineTime');
    const base = () => {
      let query = db.selectFrom('deadline');
      if (filter.dagId !== undefined) query = query.where('dag_id', '=', filter.dagId);
      if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
      if (filter.missed !== undefined) query = query.where('missed_at', filter.missed ? 'is not' : 'is', null);
      return query;
    };
    return pageOf(
      bounds,
      async () => {
        // Rows without a time sort last either way (NULLS LAST is not portable: order by "is null" first).
        const query = base()
          .selectAll()
          .orderBy((eb) => eb(sort.column, 'is', null), 'asc')
          .orderBy(sort.column, sort.direction)
          .orderBy('id', sort.direction);
        return (await applyPage(query, bounds).execute()).map((row) => toDeadline(row, c));
      },
      async () => Number((await base().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    );
  }

  async setTime(id: number, deadlineTime: Date): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deadline')
      .set({ deadline_time: this.ctx.codec.time(deadlineTime) })
      .where('id', '=', id)
      .where('deadline_time', 'is', null)
      .where('missed_at', 'is', null)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async markMissed(id: number, at: Date, lateMs: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deadline')
      .set({ missed_at: this.ctx.codec.time(at), late_ms: lateMs, callback_state: 'pending' })
      .where('id', '=', id)
      .where('missed_at', 'is', null)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async resolve(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.ctx.db.deleteFrom('deadline').where('id', 'in', ids).where('missed_at', 'is', null).executeTakeFirst();
    return changed(result);
  }

  async setCallbackResult(id: number, state: Exclude<DeadlineCallbackState, 'pending'>, reason: string | null): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('deadline')
      .set({ callback_state: state, callback_reason: reason })
      .where('id', '=', id)
      .where('missed_at', 'is not', null)
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
