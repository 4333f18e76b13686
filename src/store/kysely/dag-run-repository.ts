/**
 * DAG runs. State changes go through compare-and-set (`updateState`): the UPDATE
 * carries `where state = from`, so of two writers racing on one run exactly one
 * applies, whatever the dialect, without holding locks across calls.
 */
import { expressionBuilder } from 'kysely';
import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool, Updateable } from 'kysely';
import type { JsonObject } from '../../core/dag-spec.js';
import type { DagRun, RunType } from '../../core/run-model.js';
import { DAG_RUN_STATES } from '../../core/states.js';
import type { DagRunState } from '../../core/states.js';
import { StoreError } from '../errors.js';
import type { DagRunFilter, DagRunKey, DagRunPatch, DagRunRepository, Page } from '../store.js';
import type { Codec } from './codec.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { Database, DagRunTable } from './schema.js';

const SORT_COLUMNS = {
  runId: 'run_id',
  dagId: 'dag_id',
  logicalDate: 'logical_date',
  runAfter: 'run_after',
  startDate: 'start_date',
  endDate: 'end_date',
  state: 'state',
} as const;

/** Keys per `getMany` query: two parameters each, far below SQLite's 32,766-parameter limit. */
const GET_MANY_CHUNK = 500;

function toDagRun(row: Selectable<DagRunTable>, c: Codec): DagRun {
  const start = c.toDateOrNull(row.data_interval_start);
  const end = c.toDateOrNull(row.data_interval_end);
  return {
    dagId: row.dag_id,
    runId: row.run_id,
    runType: row.run_type as RunType,
    state: row.state as DagRunState,
    logicalDate: c.toDateOrNull(row.logical_date),
    dataInterval: start && end ? { start, end } : null,
    runAfter: c.toDate(row.run_after),
    queuedAt: c.toDateOrNull(row.queued_at),
    startDate: c.toDateOrNull(row.start_date),
    endDate: c.toDateOrNull(row.end_date),
    conf: c.fromJson<JsonObject>(row.conf),
    dagVersionId: row.dag_version_id,
    triggeredBy: row.triggered_by,
    note: row.note,
    backfillId: row.backfill_id,
    clearNumber: row.clear_number,
  };
}

function toRow(run: DagRun, c: Codec): Insertable<DagRunTable> {
  return {
    dag_id: run.dagId,
    run_id: run.runId,
    run_type: run.runType,
    state: run.state,
    logical_date: c.timeOrNull(run.logicalDate),
    data_interval_start: c.timeOrNull(run.dataInterval?.start),
    data_interval_end: c.timeOrNull(run.dataInterval?.end),
    run_after: c.time(run.runAfter),
    queued_at: c.timeOrNull(run.queuedAt),
    start_date: c.timeOrNull(run.startDate),
    end_date: c.timeOrNull(run.endDate),
    conf: c.json(run.conf),
    dag_version_id: run.dagVersionId,
    triggered_by: run.triggeredBy,
    note: run.note,
    backfill_id: run.backfillId,
    clear_number: run.clearNumber,
  };
}

function patchToRow(patch: DagRunPatch, c: Codec): Updateable<DagRunTable> {
  const row: Updateable<DagRunTable> = {};
  if (patch.state !== undefined) row.state = patch.state;
  if (patch.note !== undefined) row.note = patch.note;
  if (patch.queuedAt !== undefined) row.queued_at = c.timeOrNull(patch.queuedAt);
  if (patch.startDate !== undefined) row.start_date = c.timeOrNull(patch.startDate);
  if (patch.endDate !== undefined) row.end_date = c.timeOrNull(patch.endDate);
  if (patch.conf !== undefined) row.conf = c.json(patch.conf);
  if (patch.clearNumber !== undefined) row.clear_number = patch.clearNumber;
  if (patch.dagVersionId !== undefined) row.dag_version_id = patch.dagVersionId;
  if (patch.runAfter !== undefined) row.run_after = c.time(patch.runAfter);
  if (patch.runType !== undefined) row.run_type = patch.runType;
  if (patch.triggeredBy !== undefined) row.triggered_by = patch.triggeredBy;
  if (patch.backfillId !== undefined) row.backfill_id = patch.backfillId;
  return row;
}

function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

export class KyselyDagRunRepository implements DagRunRepository {
  constructor(private readonly ctx: RepoContext) {}

  async create(run: DagRun): Promise<DagRun> {
    const c = this.ctx.codec;
    // ON CONFLICT DO NOTHING rather than catching the violation: in PostgreSQL a failed
    // statement would abort the caller's whole transaction.
    const row = await this.ctx.db
      .insertInto('dag_run')
      .values(toRow(run, c))
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return toDagRun(row, c);

    const sameId = await this.get(run);
    if (sameId) {
      throw new StoreError('conflict', `DAG "${run.dagId}" already has a run with id "${run.runId}"; choose another run id.`);
    }
    const logical = run.logicalDate;
    const sameDate = logical
      ? await this.ctx.db
          .selectFrom('dag_run')
          .select('run_id')
          .where('dag_id', '=', run.dagId)
          .where('logical_date', '=', c.time(logical))
          .executeTakeFirst()
      : undefined;
    if (sameDate && logical) {
      throw new StoreError(
        'conflict',
        `DAG "${run.dagId}" already has a run for logical date ${logical.toISOString()} ("${sameDate.run_id}"); ` +
          `clear that run or pick another logical date.`,
      );
    }
    throw new StoreError('conflict', `run "${run.runId}" of DAG "${run.dagId}" conflicts with an existing row`);
  }

  async get(key: DagRunKey): Promise<DagRun | null> {
    const row = await this.ctx.db
      .selectFrom('dag_run')
      .selectAll()
      .where('dag_id', '=', key.dagId)
      .where('run_id', '=', key.runId)
      .executeTakeFirst();
    return row ? toDagRun(row, this.ctx.codec) : null;
  }

  async getMany(keys: readonly DagRunKey[]): Promise<DagRun[]> {
    const found: DagRun[] = [];
    for (let i = 0; i < keys.length; i += GET_MANY_CHUNK) {
      const chunk = keys.slice(i, i + GET_MANY_CHUNK);
      const rows = await this.ctx.db
        .selectFrom('dag_run')
        .selectAll()
        .where((eb) => eb(eb.refTuple('dag_id', 'run_id'), 'in', chunk.map((k) => eb.tuple(k.dagId, k.runId))))
        .execute();
      for (const row of rows) found.push(toDagRun(row, this.ctx.codec));
    }
    return found;
  }

  async list(filter: DagRunFilter = {}): Promise<Page<DagRun>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, SORT_COLUMNS, '-runAfter');
    const conditions = (eb: ExpressionBuilder<Database, 'dag_run'>): Expression<SqlBool>[] => {
      const parts: Expression<SqlBool>[] = [];
      if (filter.dagId !== undefined) parts.push(eb('dag_id', '=', filter.dagId));
      if (filter.states !== undefined) parts.push(filter.states.length ? eb('state', 'in', filter.states) : eb.lit(false));
      if (filter.runTypes !== undefined) parts.push(filter.runTypes.length ? eb('run_type', 'in', filter.runTypes) : eb.lit(false));
      if (filter.logicalDateGte) parts.push(eb('logical_date', '>=', c.time(filter.logicalDateGte)));
      if (filter.logicalDateLte) parts.push(eb('logical_date', '<=', c.time(filter.logicalDateLte)));
      if (filter.runAfterLte) parts.push(eb('run_after', '<=', c.time(filter.runAfterLte)));
      if (filter.runAfterGte) parts.push(eb('run_after', '>=', c.time(filter.runAfterGte)));
      if (filter.dagIds !== undefined) parts.push(filter.dagIds.length ? eb('dag_id', 'in', filter.dagIds) : eb.lit(false));
      if (filter.startDateGte) parts.push(eb('start_date', '>=', c.time(filter.startDateGte)));
      if (filter.startDateLte) parts.push(eb('start_date', '<=', c.time(filter.startDateLte)));
      if (filter.endDateGte) parts.push(eb('end_date', '>=', c.time(filter.endDateGte)));
      if (filter.endDateLte) parts.push(eb('end_date', '<=', c.time(filter.endDateLte)));
      if (filter.backfillId !== undefined) parts.push(eb('backfill_id', filter.backfillId === null ? 'is' : '=', filter.backfillId));
      return parts;
    };
    const matches = (eb: ExpressionBuilder<Database, 'dag_run'>) => eb.and(conditions(eb));
    // A bare count(*) lets SQLite count the table from its b-tree: 0.02 ms for 100,000 rows, against 2.8 ms
    // for Kysely's `where 1 = 1` when there is no condition.
    const filtered = conditions(expressionBuilder<Database, 'dag_run'>()).length > 0;
    return pageOf(
      bounds,
      async () => {
        const query = db
          .selectFrom('dag_run')
          .selectAll()
          .where(matches)
          .orderBy(sort.column, sort.direction)
          // Ties follow the sort's direction, so an index on (column, dag_id, run_id) serves both
          // directions: a page is an index walk, not a sort of every run (14 ms at 10,000 runs).
          .orderBy('dag_id', sort.direction)
          .orderBy('run_id', sort.direction);
        return (await applyPage(query, bounds).execute()).map((r) => toDagRun(r, c));
      },
      () => this.ctx.counts.count(db.selectFrom('dag_run').$if(filtered, (qb) => qb.where(matches)).select((eb) => eb.fn.countAll<number>().as('n'))),
    );
  }

  async update(key: DagRunKey, patch: DagRunPatch, expectedState?: DagRunState | readonly DagRunState[]): Promise<boolean> {
    const values = patchToRow(patch, this.ctx.codec);
    if (Object.keys(values).length === 0) {
      const run = await this.get(key);
      return run !== null && (expectedState === undefined || asList(expectedState).includes(run.state));
    }
    let query = this.ctx.db.updateTable('dag_run').set(values).where('dag_id', '=', key.dagId).where('run_id', '=', key.runId);
    if (expectedState !== undefined) query = query.where('state', 'in', asList(expectedState));
    return changed(await query.executeTakeFirst()) > 0;
  }

  updateState(
    key: DagRunKey,
    from: DagRunState | readonly DagRunState[],
    to: DagRunState,
    patch: DagRunPatch = {},
  ): Promise<boolean> {
    return this.update(key, { ...patch, state: to }, from);
  }

  async latestRun(dagId: string): Promise<DagRun | null> {
    const c = this.ctx.codec;
    const row = await this.ctx.db
      .selectFrom('dag_run')
      .selectAll()
      .where('dag_id', '=', dagId)
      // NULL logical dates sort last when descending on PostgreSQL but first on SQLite: say it.
      .orderBy((eb) => eb.case().when('logical_date', 'is', null).then(1).else(0).end())
      .orderBy('logical_date', 'desc')
      .orderBy('run_after', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toDagRun(row, c) : null;
  }

  async previousRun(dagId: string, before: Date): Promise<DagRun | null> {
    const c = this.ctx.codec;
    const row = await this.ctx.db
      .selectFrom('dag_run')
      .selectAll()
      .where('dag_id', '=', dagId)
      .where('logical_date', '<', c.time(before))
      .orderBy('logical_date', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toDagRun(row, c) : null;
  }

  async countActive(dagId: string): Promise<number> {
    const counts = await this.countByState(dagId);
    return counts.queued + counts.running;
  }

  async countByState(dagId?: string): Promise<Record<DagRunState, number>> {
    let query = this.ctx.db
      .selectFrom('dag_run')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .groupBy('state');
    if (dagId !== undefined) query = query.where('dag_id', '=', dagId);
    const rows = await query.execute();
    const counts = Object.fromEntries(DAG_RUN_STATES.map((s) => [s, 0])) as Record<DagRunState, number>;
    for (const row of rows) counts[row.state as DagRunState] = Number(row.n);
    return counts;
  }

  async delete(key: DagRunKey): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('dag_run')
      .where('dag_id', '=', key.dagId)
      .where('run_id', '=', key.runId)
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
