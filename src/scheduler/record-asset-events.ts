/**
 * A task instance's success updates the assets in its task's `outlets`: one
 * asset event per outlet (source: the instance; timestamp: its end), and each
 * event queues the asset for every DAG scheduled on it, for the scheduler's
 * asset step (create-asset-runs.ts). Called inside the transaction that records
 * the success, so an event exists exactly when the success does.
 */
import type { TaskSpec } from '../core/dag-spec.js';
import type { TaskInstanceKey } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import type { AssetEvent } from '../store/types.js';

export async function recordAssetEvents(tx: Store, task: Pick<TaskSpec, 'outlets'> | undefined, ti: TaskInstanceKey, at: Date): Promise<AssetEvent[]> {
  const outlets = task?.outlets ?? [];
  if (outlets.length === 0) return [];
  // The DAG processor stored these assets with the DAG; `ensure` covers a version it has not synced.
  const assets = new Map((await tx.assets.ensure(outlets, at)).map((a) => [a.uri, a]));
  const events: AssetEvent[] = [];
  for (const uri of outlets) {
    const asset = assets.get(uri);
    if (!asset) continue;
    events.push(
      await tx.assets.recordEvent({
        assetId: asset.id,
        timestamp: at,
        sourceDagId: ti.dagId,
        sourceTaskId: ti.taskId,
        sourceRunId: ti.runId,
        sourceMapIndex: ti.mapIndex,
        extra: {},
      }),
    );
    await tx.assets.queueForScheduledDags(asset.id, at);
  }
  return events;
}
