/**
 * Backfills and their per-date rows. "One active backfill per DAG" is a partial
 * unique index (migration 0002), so `create` loses cleanly to a concurrent one.
 * A backfill's runs are the dag_run rows carrying its id; `backfill_dag_run`
 * keeps the order they start in and the dates that got no run, with the reason.
 */
import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool, Updateable } from 'kysely';
import type { JsonObject } from '../../core/dag-spec.js';
import type { DagRunState } from '../../core/states.js';
import { StoreError } from '../errors.js';
import type { BackfillFilter, BackfillPatch, BackfillRepository, Page } from '../store.js';
import type { Backfill, BackfillDagRun, BackfillSkipReason, NewBackfill, NewBackfillDagRun, ReprocessBehavior } from '../types.js';
import type { Codec } from './codec.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { BackfillTable, Database } from './schema.js';

const SORT_COLUMNS = { id: 'id', createdAt: 'created_at', dagId: 'dag_id' } as const;

function toBackfill(row: Selectable<BackfillTable>, c: Codec): Backfill {
  return {
    id: row.id,
    dagId: row.dag_id,
    fromDate: c.toDate(row.from_date),
    toDate: c.toDate(row.to_date),
    reprocessBehavior: row.reprocess_behavior as ReprocessBehavior,
    maxActiveRuns: row.max_active_runs,
    runBackwards: c.toBool(row.run_backwards),
    isPaused: c.toBool(row.is_paused),
    dagRunConf: c.fromJson<JsonObject>(row.dag_run_conf),
    triggeredBy: row.triggered_by,
    createdAt: c.toDate(row.created_at),
    completedAt: c.toDateOrNull(row.completed_at),
  };
}

export class KyselyBackfillRepository implements BackfillRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(backfill: NewBackfill, now: Date): Promise<Backfill> {
    const { db, codec: c } = this.ctx;
    const dag = await db.selectFrom('dag').select('dag_id').where('dag_id', '=', backfill.dagId).executeTakeFirst();
    if (!dag) throw new StoreError('not_found', `DAG "${backfill.dagId}" does not exist; a backfill needs a known DAG.`);
    const values: Insertable<BackfillTable> = {
      dag_id: backfill.dagId,
      from_date: c.time(backfill.fromDate),
      to_date: c.time(backfill.toDate),
      reprocess_behavior: backfill.reprocessBehavior,
      max_active_runs: backfill.maxActiveRuns,
      run_backwards: c.bool(backfill.runBackwards),
      is_paused: c.bool(false),
      created_at: c.time(now),
      completed_at: null,
      dag_run_conf: c.json(backfill.dagRunConf),
      triggered_by: backfill.triggeredBy,
    };
    // ON CONFLICT DO NOTHING: a violated index would abort the caller's PostgreSQL transaction.
    const row = await db.insertInto('backfill').values(values).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
    if (row) return toBackfill(row, c);
    const active = await db
      .selectFrom('backfill')
      .select('id')
      .where('dag_id', '=', backfill.dagId)
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    throw new StoreError(
      'conflict',
      `DAG "${backfill.dagId}" already has a running backfill${active ? ` (id ${active.id})` : ''}; ` +
        'a DAG can have one running backfill at a time: wait for it, or cancel it.',
    );
  }

  async get(id: number): Promise<Backfill | null> {
    const row = await this.ctx.db.selectFrom('backfill').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBackfill(row, this.ctx.codec) : null;
  }

  async list(filter: BackfillFilter = {}): Promise<Page<Backfill>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, SORT_COLUMNS, '-id');
    const matches = (eb: ExpressionBuilder<Database, 'backfill'>) => {
      const parts: Expression<SqlBool>[] = [];
      if (filter.dagId !== undefined) parts.push(eb('dag_id', '=', filter.dagId));
      if (filter.active !== undefined) parts.push(eb('completed_at', filter.active ? 'is' : 'is not', null));
      return eb.and(parts);
    };
    return pageOf(
      bounds,
      async () => {
        const query = db.selectFrom('backfill').selectAll().where(matches).orderBy(sort.column, sort.direction).orderBy('id');
        return (await applyPage(query, bounds).execute()).map((r) => toBackfill(r, c));
      },
      async () =>
        (await db.selectFrom('backfill').where(matches).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async update(id: number, patch: BackfillPatch, options: { readonly onlyActive?: boolean } = {}): Promise<boolean> {
    const c = this.ctx.codec;
    const values: Updateable<BackfillTable> = {};
    if (patch.isPaused !== undefined) values.is_paused = c.bool(patch.isPaused);
    if (patch.completedAt !== undefined) values.completed_at = c.timeOrNull(patch.completedAt);
    if (Object.keys(values).length === 0) {
      const found = await this.get(id);
      return found !== null && (!options.onlyActive || found.completedAt === null);
    }
    let query = this.ctx.db.updateTable('backfill').set(values).where('id', '=', id);
    if (options.onlyActive) query = query.where('completed_at', 'is', null);
    return changed(await query.executeTakeFirst()) > 0;
  }

  async addRuns(rows: readonly NewBackfillDagRun[]): Promise<void> {
    if (rows.length === 0) return;
    const { db, codec: c } = this.ctx;
    const backfillIds = [...new Set(rows.map((r) => r.backfillId))];
    const owners = await db.selectFrom('backfill').select(['id', 'dag_id']).where('id', 'in', backfillIds).execute();
    const dagOf = new Map(owners.map((o) => [o.id, o.dag_id]));
    const values = rows.map((r) => {
      const dagId = dagOf.get(r.backfillId);
      if (dagId === undefined) throw new StoreError('not_found', `backfill ${r.backfillId} does not exist`);
      return {
        backfill_id: r.backfillId,
        dag_id: dagId,
        run_id: r.runId,
        exception_reason: r.exceptionReason,
        logical_date: c.time(r.logicalDate),
        sort_ordinal: r.sortOrdinal,
      };
    });
    // Inserted in chunks: SQLite allows 32766 bound parameters per statement.
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      const inserted = await db
        .insertInto('backfill_dag_run')
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      if (inserted.length !== chunk.length) {
        throw new StoreError('conflict', `backfill ${chunk[0]?.backfill_id ?? '?'} already has a row with one of these sort ordinals`);
      }
    }
  }

  async listRuns(backfillId: number, filter: { readonly runStates?: readonly DagRunState[] } = {}): Promise<BackfillDagRun[]> {
    const { db, codec: c } = this.ctx;
    let query = db
      .selectFrom('backfill_dag_run as b')
      .leftJoin('dag_run as r', (join) => join.onRef('r.dag_id', '=', 'b.dag_id').onRef('r.run_id', '=', 'b.run_id'))
      .select(['b.backfill_id', 'b.sort_ordinal', 'b.logical_date', 'b.run_id', 'b.exception_reason', 'r.state as run_state'])
      .where('b.backfill_id', '=', backfillId);
    if (filter.runStates !== undefined) {
      query = filter.runStates.length ? query.where('r.state', 'in', filter.runStates) : query.where((eb) => eb.lit(false));
    }
    const rows = await query.orderBy('b.sort_ordinal').execute();
    return rows.map((r) => ({
      backfillId: r.backfill_id,
      sortOrdinal: r.sort_ordinal,
      logicalDate: c.toDate(r.logical_date),
      runId: r.run_id,
      exceptionReason: r.exception_reason as BackfillSkipReason | null,
      runState: (r.run_state ?? null) as DagRunState | null,
    }));
  }

  async completeFinished(now: Date): Promise<number[]> {
    const { db, codec: c } = this.ctx;
    // One statement, so a run queued again by a concurrent clear keeps its backfill open.
    const updated = await db
      .updateTable('backfill')
      .set({ completed_at: c.time(now) })
      .where('completed_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('dag_run')
              .select('dag_run.run_id')
              .whereRef('dag_run.backfill_id', '=', 'backfill.id')
              .where('dag_run.state', 'in', ['queued', 'running']),
          ),
        ),
      )
      .returning('id')
      .execute();
    return updated.map((u) => u.id).sort((a, b) => a - b);
  }
}
