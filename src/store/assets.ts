/**
 * Assets (Airflow's datasets) in the store: the assets and their events, which
 * DAGs are scheduled on them and which tasks update them, the queue of updates
 * each scheduled DAG has not consumed yet, and the events each run consumed.
 */
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
} from './types.js';
import type { DagRunKey } from '../core/run-model.js';
import type { Page, PageRequest, Sort } from './page.js';

export interface AssetEventFilter extends PageRequest {
  readonly assetId?: number;
  readonly sourceDagId?: string;
  /** Events strictly after this time (what an asset-triggered schedule has not yet seen). */
  readonly after?: Date;
  /** Default `timestamp` (oldest first). */
  readonly orderBy?: Sort<'timestamp'>;
}

export interface AssetRepository {
  /** Keyed by `uri`. */
  upsert(asset: AssetInput, now: Date): Promise<Asset>;
  get(uri: string): Promise<Asset | null>;
  list(page?: PageRequest): Promise<Page<Asset>>;
  /** Inserts the URIs not stored yet (name = URI, group `asset`, no extra); returns every one, in no particular order. */
  ensure(uris: readonly string[], now: Date): Promise<Asset[]>;
  recordEvent(event: AssetEventInput): Promise<AssetEvent>;
  listEvents(filter?: AssetEventFilter): Promise<Page<AssetEvent>>;

  /**
   * Makes the DAG's schedule and outlet references those of `sync` (references that stay keep
   * `createdAt`), upserts `definitions`, stores the other URIs, and drops the DAG's queue
   * entries for assets it is no longer scheduled on.
   */
  syncDagReferences(sync: DagAssetSync, now: Date): Promise<void>;
  /** Oldest asset first; `assetIds` narrows to those assets, `dagId` to one DAG. */
  listScheduleReferences(filter?: { readonly assetIds?: readonly number[]; readonly dagId?: string }): Promise<DagAssetReference[]>;
  listOutletReferences(filter?: { readonly assetIds?: readonly number[]; readonly dagId?: string }): Promise<TaskOutletReference[]>;

  /**
   * Queues the asset for every active DAG scheduled on it (paused ones too: they get their run
   * once unpaused). An entry already there takes `at` if that is later. Returns the DAG ids.
   */
  queueForScheduledDags(assetId: number, at: Date): Promise<string[]>;
  /** Oldest first; `dagId` narrows to one DAG. */
  listQueue(filter?: { readonly dagId?: string }): Promise<AssetQueueEntry[]>;
  /** Deletes the DAG's entries of these assets queued at or before `upTo` (entries updated since stay); returns how many. */
  dequeue(dagId: string, assetIds: readonly number[], upTo: Date): Promise<number>;
  /** Events of the assets the DAG is scheduled on with `after < timestamp <= upTo` (no lower bound when null), oldest first. */
  listEventsForDag(dagId: string, window: { readonly after: Date | null; readonly upTo: Date }): Promise<AssetEvent[]>;
  /** Records the events a run consumed (idempotent). */
  recordConsumed(run: DagRunKey, eventIds: readonly number[]): Promise<void>;
  /** The events the run consumed, oldest first. */
  listConsumed(run: DagRunKey): Promise<AssetEvent[]>;
  /** Which runs consumed each of these events. */
  listConsumingRuns(eventIds: readonly number[]): Promise<ConsumedAssetEvent[]>;
}
