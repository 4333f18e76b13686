/**
 * What a parsed DAG says about assets, written next to its version: the assets
 * its schedule and outlets name (with the metadata `asset()` gave them), which
 * DAGs are scheduled on which assets, and which tasks update them. The scheduler
 * queues asset updates through these references (see AssetRepository).
 */
import type { DagSpec } from '../core/dag-spec.js';
import type { Store } from '../store/store.js';
import type { DagAssetSync, DagVersion } from '../store/types.js';

export function dagAssetSync(spec: DagSpec): DagAssetSync {
  return {
    dagId: spec.dagId,
    scheduleUris: spec.schedule.kind === 'assets' ? spec.schedule.assets : [],
    outlets: spec.tasks.flatMap((task) => (task.outlets ?? []).map((uri) => ({ taskId: task.taskId, uri }))),
    definitions: spec.assets ?? [],
  };
}

function mentionsAssets(spec: DagSpec): boolean {
  return spec.schedule.kind === 'assets' || spec.tasks.some((task) => (task.outlets?.length ?? 0) > 0);
}

/**
 * Syncs the references of each DAG that got a new version (its assets may have
 * changed, or gone) or that mentions assets at all (references of a version stored
 * before assets were tracked are filled in); the others have nothing to sync.
 */
export async function syncAssetReferences(tx: Store, specs: readonly DagSpec[], createdVersions: readonly DagVersion[], now: Date): Promise<void> {
  const changed = new Set(createdVersions.map((v) => v.dagId));
  for (const spec of specs) {
    if (changed.has(spec.dagId) || mentionsAssets(spec)) await tx.assets.syncDagReferences(dagAssetSync(spec), now);
  }
}
