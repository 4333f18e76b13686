/**
 * Assets and their events as the API lists them: Airflow's filters (LIKE
 * patterns on name and uri, source of an event, timestamp ranges), sorted and
 * paged in memory over the store's rows (assets are few; events are narrowed
 * by the store first when an asset or DAG is given); what links assets to DAGs
 * and runs; and the asset-triggered queue.
 */
import type { JsonObject } from '../core/dag-spec.js';
import type { DagRun } from '../core/run-model.js';
import type { DagRunKey, Page, Store } from '../store/store.js';
import type { Asset, AssetEvent, AssetQueueEntry, DagAssetReference, TaskOutletReference } from '../store/types.js';
import { audit } from './audit.js';
import { NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export async function listAssets(
  store: Store,
  q: {
    readonly namePattern?: string | undefined;
    readonly uriPattern?: string | undefined;
    /** Assets a DAG of these is scheduled on or updates (Airflow's `dag_ids`). */
    readonly dagIds?: readonly string[] | undefined;
    readonly sort: string;
    readonly limit: number;
    readonly offset: number;
  },
): Promise<Page<Asset>> {
  const { items } = await store.assets.list();
  const name = likeMatcher(q.namePattern);
  const uri = likeMatcher(q.uriPattern);
  let ofDags: ReadonlySet<number> | null = null;
  if (q.dagIds && q.dagIds.length > 0) {
    const dagIds = new Set(q.dagIds);
    const refs = [...(await store.assets.listScheduleReferences()), ...(await store.assets.listOutletReferences())];
    ofDags = new Set(refs.filter((r) => dagIds.has(r.dagId)).map((r) => r.assetId));
  }
  const keep = (a: Asset) => name(a.name) && uri(a.uri) && (ofDags === null || ofDags.has(a.id));
  return pageInMemory(items, { sort: q.sort, limit: q.limit, offset: q.offset, keep });
}

/** What the API shows with an asset: the DAGs scheduled on it, the tasks that update it, its latest event. */
export interface AssetLinks {
  readonly scheduledDags: readonly DagAssetReference[];
  readonly producingTasks: readonly TaskOutletReference[];
  readonly lastEvent: AssetEvent | null;
}

export async function assetLinks(store: Store, assets: readonly Asset[]): Promise<ReadonlyMap<number, AssetLinks>> {
  const assetIds = assets.map((a) => a.id);
  const scheduled = await store.assets.listScheduleReferences({ assetIds });
  const producing = await store.assets.listOutletReferences({ assetIds });
  const links = new Map<number, AssetLinks>();
  for (const id of assetIds) {
    // A page holds at most a few hundred assets: one indexed probe each.
    const lastEvent = (await store.assets.listEvents({ assetId: id, orderBy: '-timestamp', limit: 1 })).items[0] ?? null;
    links.set(id, { scheduledDags: scheduled.filter((r) => r.assetId === id), producingTasks: producing.filter((r) => r.assetId === id), lastEvent });
  }
  return links;
}

/** The runs each event triggered (consumed), by event id. */
export async function runsCreatedBy(store: Store, events: readonly AssetEvent[]): Promise<ReadonlyMap<number, DagRun[]>> {
  const consumed = await store.assets.listConsumingRuns(events.map((e) => e.id));
  const runs = new Map((await store.dagRuns.getMany(consumed)).map((r) => [`${r.dagId}\u0000${r.runId}`, r]));
  const byEvent = new Map<number, DagRun[]>();
  for (const c of consumed) {
    const run = runs.get(`${c.dagId}\u0000${c.runId}`);
    if (run) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), run]);
  }
  return byEvent;
}

/** The events an asset-triggered run consumed (none for other runs), with their assets. */
export async function upstreamAssetEvents(store: Store, run: DagRunKey): Promise<{ events: AssetEvent[]; assets: ReadonlyMap<number, Asset> }> {
  if (!(await store.dagRuns.get(run))) throw new NotFoundError(`The DagRun with dag_id: \`${run.dagId}\` and run_id: \`${run.runId}\` was not found`);
  const events = await store.assets.listConsumed(run);
  const assets = new Map((await store.assets.list()).items.map((a) => [a.id, a]));
  return { events, assets };
}

/** Assets updated since the DAG's last asset-triggered run; `before`: queued before that time only. */
export async function queuedAssetEvents(store: Store, dagId: string, before?: Date): Promise<AssetQueueEntry[]> {
  const entries = await store.assets.listQueue({ dagId });
  return before === undefined ? entries : entries.filter((e) => e.createdAt < before);
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
  // Like a task's update, it queues the asset for the DAGs scheduled on it.
  const event = await store.transaction(async (tx) => {
    const recorded = await tx.assets.recordEvent({
      assetId: asset.id,
      timestamp: now,
      sourceDagId: null,
      sourceTaskId: null,
      sourceRunId: null,
      sourceMapIndex: -1,
      extra: { ...(input.extra as JsonObject), from_rest_api: true },
    });
    await tx.assets.queueForScheduledDags(asset.id, now);
    return recorded;
  });
  await audit(store, 'create_asset_event', { owner: actor, extra: JSON.stringify({ asset_id: asset.id, uri: asset.uri }) }, now);
  return { event, asset };
}
