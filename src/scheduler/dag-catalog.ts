/**
 * The scheduler's read-through cache of DAG versions and their timetables. A
 * version never changes once stored, so caching by version id is always safe;
 * only "which version is latest" is read from the store each time.
 */
import type { DagSpec } from '../core/dag-spec.js';
import { timetableFor, type Timetable } from '../core/timetables/index.js';
import type { Store } from '../store/store.js';

export interface CatalogEntry {
  readonly versionId: number;
  readonly spec: DagSpec;
  readonly timetable: Timetable;
}

export class DagCatalog {
  private readonly byVersion = new Map<number, CatalogEntry>();

  constructor(private readonly store: Store) {}

  async version(versionId: number): Promise<CatalogEntry> {
    const cached = this.byVersion.get(versionId);
    if (cached) return cached;
    const version = await this.store.dags.getVersion(versionId);
    if (!version) throw new Error(`DAG version ${versionId} is missing from the store`);
    const entry = { versionId, spec: version.spec, timetable: timetableFor(version.spec.schedule) };
    this.byVersion.set(versionId, entry);
    return entry;
  }

  async latest(dagId: string, latestVersionId: number | null): Promise<CatalogEntry | null> {
    if (latestVersionId !== null) return this.version(latestVersionId);
    const version = await this.store.dags.latestVersion(dagId);
    return version ? this.version(version.id) : null;
  }
}
