/**
 * Assets (Airflow's datasets), the events that mark them updated, and what
 * asset-triggered scheduling keeps about them (see migrations/0009-asset-queue.ts):
 *
 *   DAG version stored ──> schedule / outlet references (syncDagReferences)
 *   task succeeds ──> event ──> queue entry per active DAG scheduled on the asset
 *   scheduler: condition met by the DAG's entries ──> run, consumed events, entries dequeued
 */
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import { canonicalJson } from '../../core/canonical-json.js';
import type { JsonObject } from '../../core/dag-spec.js';
import type { AssetEventFilter, AssetRepository, DagRunKey, Page, PageRequest } from '../store.js';
import type {
  Asset,
  AssetEvent,
  AssetEventInput,
  AssetInput,
  AssetQueueEntry,
  ConsumedAssetEvent,
  DagAssetReference,
  DagAssetSync,
  TaskOutletReference,
} from '../types.js';
import type { Codec } from './codec.js';
import { changed, inTransaction, type RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { AssetEventTable, AssetTable, Database } from './schema.js';

function toAsset(row: Selectable<AssetTable>, c: Codec): Asset {
  return {
    id: row.id,
    uri: row.uri,
    name: row.name,
    group: row.group,
    extra: c.fromJson<JsonObject>(row.extra),
    createdAt: c.toDate(row.created_at),
    updatedAt: c.toDate(row.updated_at),
  };
}

function toEvent(row: Selectable<AssetEventTable>, c: Codec): AssetEvent {
  return {
    id: row.id,
    assetId: row.asset_id,
    timestamp: c.toDate(row.timestamp),
    sourceDagId: row.source_dag_id,
    sourceTaskId: row.source_task_id,
    sourceRunId: row.source_run_id,
    sourceMapIndex: row.source_map_index,
    extra: c.fromJson<JsonObject>(row.extra),
  };
}

export class KyselyAssetRepository implements AssetRepository {
  constructor(private readonly ctx: RepoContext) {}

  async upsert(asset: AssetInput, now: Date): Promise<Asset> {
    const c = this.ctx.codec;
    const values = { name: asset.name, group: asset.group, extra: c.json(asset.extra), updated_at: c.time(now) };
    const row = await this.ctx.db
      .insertInto('asset')
      .values({ uri: asset.uri, created_at: c.time(now), ...values })
      .onConflict((oc) => oc.column('uri').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAsset(row, c);
  }

  async get(uri: string): Promise<Asset | null> {
    const row = await this.ctx.db.selectFrom('asset').selectAll().where('uri', '=', uri).executeTakeFirst();
    return row ? toAsset(row, this.ctx.codec) : null;
  }

  async list(page: PageRequest = {}): Promise<Page<Asset>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(page);
    return pageOf(
      bounds,
      async () => (await applyPage(db.selectFrom('asset').selectAll().orderBy('uri'), bounds).execute()).map((r) => toAsset(r, c)),
      async () => (await db.selectFrom('asset').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async ensure(uris: readonly string[], now: Date): Promise<Asset[]> {
    return (await ensureAssets(this.ctx.db, this.ctx.codec, uris, now)).map((r) => toAsset(r, this.ctx.codec));
  }

  async recordEvent(event: AssetEventInput): Promise<AssetEvent> {
    const c = this.ctx.codec;
    const row = await this.ctx.db
      .insertInto('asset_event')
      .values({
        asset_id: event.assetId,
        timestamp: c.time(event.timestamp),
        source_dag_id: event.sourceDagId,
        source_task_id: event.sourceTaskId,
        source_run_id: event.sourceRunId,
        source_map_index: event.sourceMapIndex,
        extra: c.json(event.extra),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row, c);
  }

  async listEvents(filter: AssetEventFilter = {}): Promise<Page<AssetEvent>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, { timestamp: 'timestamp' } as const, 'timestamp');
    const matches = (eb: ExpressionBuilder<Database, 'asset_event'>) => {
      const parts: Expression<SqlBool>[] = [];
      if (filter.assetId !== undefined) parts.push(eb('asset_id', '=', filter.assetId));
      if (filter.sourceDagId !== undefined) parts.push(eb('source_dag_id', '=', filter.sourceDagId));
      if (filter.after) parts.push(eb('timestamp', '>', c.time(filter.after)));
      return eb.and(parts);
    };
    return pageOf(
      bounds,
      async () => {
        const query = db.selectFrom('asset_event').selectAll().where(matches).orderBy(sort.column, sort.direction).orderBy('id', sort.direction);
        return (await applyPage(query, bounds).execute()).map((r) => toEvent(r, c));
      },
      async () =>
        (await db.selectFrom('asset_event').where(matches).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async syncDagReferences(sync: DagAssetSync, now: Date): Promise<void> {
    const c = this.ctx.codec;
    await inTransaction(this.ctx.db, async (db) => {
      const rows = await ensureAssets(db, c, [...sync.scheduleUris, ...sync.outlets.map((o) => o.uri), ...sync.definitions.map((d) => d.uri)], now);
      const idOf = new Map(rows.map((r) => [r.uri, r.id]));
      // Metadata is written only when it changed: every parse of the file syncs again.
      const stored = new Map(rows.map((r) => [r.uri, toAsset(r, c)]));
      for (const def of sync.definitions) {
        const row = stored.get(def.uri);
        if (row && row.name === def.name && row.group === def.group && canonicalJson(row.extra) === canonicalJson(def.extra)) continue;
        await db
          .updateTable('asset')
          .set({ name: def.name, group: def.group, extra: c.json(def.extra), updated_at: c.time(now) })
          .where('uri', '=', def.uri)
          .execute();
      }
      const stamp = { created_at: c.time(now), updated_at: c.time(now) };

      const scheduled = [...new Set(sync.scheduleUris.map((uri) => idOf.get(uri) as number))];
      const oldScheduled = new Set(
        (await db.selectFrom('dag_schedule_asset_reference').select('asset_id').where('dag_id', '=', sync.dagId).execute()).map((r) => r.asset_id),
      );
      const dropSchedule = (table: 'dag_schedule_asset_reference' | 'asset_dag_run_queue', column: 'dag_id' | 'target_dag_id') => {
        const query = db.deleteFrom(table).where(column, '=', sync.dagId);
        return (scheduled.length > 0 ? query.where('asset_id', 'not in', scheduled) : query).execute();
      };
      await dropSchedule('dag_schedule_asset_reference', 'dag_id');
      // Updates queued for an asset the DAG no longer waits on must not count towards its condition.
      await dropSchedule('asset_dag_run_queue', 'target_dag_id');
      const newScheduled = scheduled.filter((id) => !oldScheduled.has(id));
      if (newScheduled.length > 0) {
        await db.insertInto('dag_schedule_asset_reference').values(newScheduled.map((asset_id) => ({ asset_id, dag_id: sync.dagId, ...stamp }))).execute();
      }

      const key = (assetId: number, taskId: string) => `${assetId}\u0000${taskId}`;
      const outlets = new Map(sync.outlets.map((o) => [key(idOf.get(o.uri) as number, o.taskId), { asset_id: idOf.get(o.uri) as number, task_id: o.taskId }]));
      const oldOutlets = await db.selectFrom('task_outlet_asset_reference').select(['asset_id', 'task_id']).where('dag_id', '=', sync.dagId).execute();
      for (const old of oldOutlets) {
        if (outlets.delete(key(old.asset_id, old.task_id))) continue;
        await db
          .deleteFrom('task_outlet_asset_reference')
          .where('dag_id', '=', sync.dagId)
          .where('asset_id', '=', old.asset_id)
          .where('task_id', '=', old.task_id)
          .execute();
      }
      if (outlets.size > 0) {
        await db.insertInto('task_outlet_asset_reference').values([...outlets.values()].map((o) => ({ ...o, dag_id: sync.dagId, ...stamp }))).execute();
      }
    });
  }

  async listScheduleReferences(filter: { readonly assetIds?: readonly number[]; readonly dagId?: string } = {}): Promise<DagAssetReference[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db.selectFrom('dag_schedule_asset_reference').selectAll().orderBy('asset_id').orderBy('dag_id');
    if (filter.assetIds !== undefined) query = filter.assetIds.length > 0 ? query.where('asset_id', 'in', filter.assetIds) : query.where((eb) => eb.lit(false));
    if (filter.dagId !== undefined) query = query.where('dag_id', '=', filter.dagId);
    return (await query.execute()).map((r) => ({ assetId: r.asset_id, dagId: r.dag_id, createdAt: c.toDate(r.created_at), updatedAt: c.toDate(r.updated_at) }));
  }

  async listOutletReferences(filter: { readonly assetIds?: readonly number[]; readonly dagId?: string } = {}): Promise<TaskOutletReference[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db.selectFrom('task_outlet_asset_reference').selectAll().orderBy('asset_id').orderBy('dag_id').orderBy('task_id');
    if (filter.assetIds !== undefined) query = filter.assetIds.length > 0 ? query.where('asset_id', 'in', filter.assetIds) : query.where((eb) => eb.lit(false));
    if (filter.dagId !== undefined) query = query.where('dag_id', '=', filter.dagId);
    return (await query.execute()).map((r) => ({
      assetId: r.asset_id,
      dagId: r.dag_id,
      taskId: r.task_id,
      createdAt: c.toDate(r.created_at),
      updatedAt: c.toDate(r.updated_at),
    }));
  }

  async queueForScheduledDags(assetId: number, at: Date): Promise<string[]> {
    const c = this.ctx.codec;
    const targets = await this.ctx.db
      .selectFrom('dag_schedule_asset_reference as r')
      .innerJoin('dag as d', 'd.dag_id', 'r.dag_id')
      .select('r.dag_id')
      .where('r.asset_id', '=', assetId)
      .where('d.is_active', '=', c.bool(true))
      .orderBy('r.dag_id')
      .execute();
    if (targets.length === 0) return [];
    await this.ctx.db
      .insertInto('asset_dag_run_queue')
      .values(targets.map((t) => ({ asset_id: assetId, target_dag_id: t.dag_id, created_at: c.time(at) })))
      // Keep the latest update: the run it triggers then consumes every event up to it.
      .onConflict((oc) =>
        oc
          .columns(['asset_id', 'target_dag_id'])
          .doUpdateSet({ created_at: (eb) => eb.ref('excluded.created_at') })
          .where('asset_dag_run_queue.created_at', '<', (eb) => eb.ref('excluded.created_at')),
      )
      .execute();
    return targets.map((t) => t.dag_id);
  }

  async listQueue(filter: { readonly dagId?: string } = {}): Promise<AssetQueueEntry[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db
      .selectFrom('asset_dag_run_queue as q')
      .innerJoin('asset as a', 'a.id', 'q.asset_id')
      .select(['q.asset_id', 'a.uri', 'q.target_dag_id', 'q.created_at'])
      .orderBy('q.created_at')
      .orderBy('q.target_dag_id')
      .orderBy('q.asset_id');
    if (filter.dagId !== undefined) query = query.where('q.target_dag_id', '=', filter.dagId);
    return (await query.execute()).map((r) => ({ assetId: r.asset_id, uri: r.uri, dagId: r.target_dag_id, createdAt: c.toDate(r.created_at) }));
  }

  async dequeue(dagId: string, assetIds: readonly number[], upTo: Date): Promise<number> {
    if (assetIds.length === 0) return 0;
    const result = await this.ctx.db
      .deleteFrom('asset_dag_run_queue')
      .where('target_dag_id', '=', dagId)
      .where('asset_id', 'in', assetIds)
      .where('created_at', '<=', this.ctx.codec.time(upTo))
      .executeTakeFirst();
    return changed(result);
  }

  async listEventsForDag(dagId: string, window: { readonly after: Date | null; readonly upTo: Date }): Promise<AssetEvent[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db
      .selectFrom('asset_event')
      .selectAll()
      .where('asset_id', 'in', (eb) => eb.selectFrom('dag_schedule_asset_reference').select('asset_id').where('dag_id', '=', dagId))
      .where('timestamp', '<=', c.time(window.upTo))
      .orderBy('timestamp')
      .orderBy('id');
    if (window.after !== null) query = query.where('timestamp', '>', c.time(window.after));
    return (await query.execute()).map((r) => toEvent(r, c));
  }

  async recordConsumed(run: DagRunKey, eventIds: readonly number[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.ctx.db
      .insertInto('dag_run_asset_event')
      .values([...new Set(eventIds)].map((event_id) => ({ dag_id: run.dagId, run_id: run.runId, event_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async listConsumed(run: DagRunKey): Promise<AssetEvent[]> {
    const rows = await this.ctx.db
      .selectFrom('dag_run_asset_event as l')
      .innerJoin('asset_event as e', 'e.id', 'l.event_id')
      .selectAll('e')
      .where('l.dag_id', '=', run.dagId)
      .where('l.run_id', '=', run.runId)
      .orderBy('e.timestamp')
      .orderBy('e.id')
      .execute();
    return rows.map((r) => toEvent(r, this.ctx.codec));
  }

  async listConsumingRuns(eventIds: readonly number[]): Promise<ConsumedAssetEvent[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('dag_run_asset_event')
      .selectAll()
      .where('event_id', 'in', [...new Set(eventIds)])
      .orderBy('event_id')
      .orderBy('dag_id')
      .orderBy('run_id')
      .execute();
    return rows.map((r) => ({ eventId: r.event_id, dagId: r.dag_id, runId: r.run_id }));
  }
}

/** Inserts the URIs not stored yet, with Airflow's defaults (name = URI, group `asset`); returns the rows of all. */
async function ensureAssets(db: Kysely<Database>, c: Codec, uris: readonly string[], now: Date): Promise<Selectable<AssetTable>[]> {
  const unique = [...new Set(uris)];
  if (unique.length === 0) return [];
  await db
    .insertInto('asset')
    .values(unique.map((uri) => ({ uri, name: uri, group: 'asset', extra: c.json({}), created_at: c.time(now), updated_at: c.time(now) })))
    .onConflict((oc) => oc.column('uri').doNothing())
    .execute();
  return db.selectFrom('asset').selectAll().where('uri', 'in', unique).execute();
}
