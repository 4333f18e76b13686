/**
 * Assets and their events as the API lists them: Airflow's filters (LIKE
 * patterns on name and uri, source of an event, timestamp ranges), sorted and
 * paged in memory over the store's rows (assets are few; events are narrowed
 * by the store first when an asset or DAG is given).
 */
import type { JsonObject } from '../core/dag-spec.js';
import type { Page, Store } from '../store/store.js';
import type { Asset, AssetEvent } from '../store/types.js';
import { audit } from './audit.js';
import { NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export async function listAssets(
  store: Store,
  q: { readonly namePattern?: string | undefined; readonly uriPattern?: string | undefined; readonly sort: string; readonly limit: number; readonly offset: number },
): Promise<Page<Asset>> {
  const { items } = await store.assets.list();
  const name = likeMatcher(q.namePattern);
  const uri = likeMatcher(q.uriPattern);
  return pageInMemory(items, { sort: q.sort, limit: q.limit, offset: q.offset, keep: (a) => name(a.name) && uri(a.uri) });
}

export async function requireAsset(store: Store, id: number): Promise<Asset> {
  const found = (await store.assets.list()).items.find((a) => a.id === id);
  if (!found) throw new NotFoundError(`The Asset with ID: \`${id}\` was not found`);
  return found;
}

export interface AssetEventQuery {
  readonly assetId?: number | undefined;
  readonly sourceDagId?: string | undefined;
  readonly sourceTaskId?: string | undefined;
  readonly sourceRunId?: string | undefined;
  readonly sourceMapIndex?: number | undefined;
  /** Matched against the name of the event's asset. */
  readonly namePattern?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

export async function listAssetEvents(store: Store, q: AssetEventQuery): Promise<{ page: Page<AssetEvent>; assets: ReadonlyMap<number, Asset> }> {
  const assets = new Map((await store.assets.list()).items.map((a) => [a.id, a]));
  const { items } = await store.assets.listEvents({
    ...(q.assetId !== undefined ? { assetId: q.assetId } : {}),
    ...(q.sourceDagId !== undefined ? { sourceDagId: q.sourceDagId } : {}),
  });
  const name = likeMatcher(q.namePattern);
  const keep = (e: AssetEvent) =>
    (q.sourceTaskId === undefined || e.sourceTaskId === q.sourceTaskId) &&
    (q.sourceRunId === undefined || e.sourceRunId === q.sourceRunId) &&
    (q.sourceMapIndex === undefined || e.sourceMapIndex === q.sourceMapIndex) &&
    (q.from === undefined || e.timestamp >= q.from) &&
    (q.to === undefined || e.timestamp <= q.to) &&
    (q.namePattern === undefined || name(assets.get(e.assetId)?.name ?? ''));
  return { page: pageInMemory(items, { sort: q.sort, limit: q.limit, offset: q.offset, keep }), assets };
}

/** An asset event someone reported by hand (Airflow marks it `from_rest_api`); audited. */
export async function createAssetEvent(
  store: Store,
  input: { readonly assetId: number; readonly extra: Readonly<Record<string, unknown>> },
  actor: string,
  now: Date,
): Promise<{ event: AssetEvent; asset: Asset }> {
  const asset = await requireAsset(store, input.assetId);
  const event = await store.assets.recordEvent({
    assetId: asset.id,
    timestamp: now,
    sourceDagId: null,
    sourceTaskId: null,
    sourceRunId: null,
    sourceMapIndex: -1,
    extra: { ...(input.extra as JsonObject), from_rest_api: true },
  });
  await audit(store, 'create_asset_event', { owner: actor, extra: JSON.stringify({ asset_id: asset.id, uri: asset.uri }) }, now);
  return { event, asset };
}
