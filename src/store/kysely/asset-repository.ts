/** Assets (Airflow's datasets) and the events that mark them updated. */
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { JsonObject } from '../../core/dag-spec.js';
import type { AssetEventFilter, AssetRepository, Page, PageRequest } from '../store.js';
import type { Asset, AssetEvent, AssetEventInput, AssetInput } from '../types.js';
import type { Codec } from './codec.js';
import type { RepoContext } from './context.js';
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
}
