/**
 * The DAG processor's results, written to the metadata store. Per parsed file,
 * in one transaction: its import error is replaced (or cleared), its DAGs are
 * synced (a new version where the hash changed, with the assets it references),
 * and DAGs it no longer defines become inactive. A file that fails to import
 * defines no DAGs, so its DAGs go inactive until it is fixed, as Airflow 3
 * marks them stale (and shows the import error on the stale DAG,
 * apache/airflow#65687): the scheduler must not start runs whose tasks cannot
 * be imported. DAGs and import errors of files
 * that no longer exist are dropped from view.
 */
import type { Store } from '../store/store.js';
import type { DagVersion } from '../store/types.js';
import { syncAssetReferences } from './asset-references.js';
import type { ParseBatch, ParseSink } from './dag-processor.js';

export interface StoreSinkOptions {
  /** Whether new DAGs that do not say start paused (`core.dags_are_paused_at_creation`). */
  readonly pausedAtCreation?: boolean;
}

export interface StoreSinkEvents {
  /** After each commit: the versions it created and the DAGs it deactivated. */
  readonly onApplied?: (outcome: { createdVersions: DagVersion[]; deactivated: string[] }) => void;
}

export class StoreParseSink implements ParseSink {
  constructor(
    private readonly store: Store,
    private readonly events: StoreSinkEvents = {},
    private readonly options: StoreSinkOptions = {},
  ) {}

  async applyParseResults(batch: ParseBatch, now: Date): Promise<void> {
    const outcome = await this.store.transaction(async (tx) => {
      const createdVersions: DagVersion[] = [];
      const deactivated: string[] = [];
      for (const result of batch.results) {
        await tx.importErrors.replaceForFile(
          result.fileloc,
          result.error === null ? null : { message: result.error.message, stacktrace: result.error.stacktrace, timestamp: now },
        );
        const synced = await tx.dags.syncFromFile(
          {
            fileloc: result.fileloc,
            source: result.source,
            pausedAtCreation: this.options.pausedAtCreation ?? false,
            dags: result.dags.map((spec) => {
              const hash = result.hashes[spec.dagId];
              return hash === undefined ? { spec } : { spec, hash };
            }),
          },
          now,
        );
        await syncAssetReferences(tx, result.dags, synced.createdVersions, now);
        createdVersions.push(...synced.createdVersions);
        deactivated.push(...synced.deactivated);
      }
      if (batch.removedFilelocs.length > 0 || batch.results.length > 0) {
        deactivated.push(...(await tx.dags.deactivateMissing(batch.allFilelocs)));
        await tx.importErrors.removeMissing(batch.allFilelocs);
      }
      return { createdVersions, deactivated };
    });
    this.events.onApplied?.(outcome);
  }
}
