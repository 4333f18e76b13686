/**
 * The scheduler's read-through cache of DAG versions and their timetables. A
 * version never changes once stored, so caching by version id is always safe;
 * only "which version is latest" is read from the store each time.
 */
import type { DagSpec, JsonObject } from '../core/dag-spec.js';
import { validateConf } from '../core/params-validation.js';
import { timetableFor, type Timetable } from '../core/timetables/index.js';
import type { Store } from '../store/store.js';

export interface CatalogEntry {
  readonly versionId: number;
  readonly spec: DagSpec;
  readonly timetable: Timetable;
}

export class DagCatalog {
  private readonly byVersion = new Map<number, CatalogEntry>();
  /** Validated params per version and conf: building a validator from JSON Schema costs ~1 ms. */
  private readonly params = new Map<string, JsonObject>();

  /** `store` is the caller's: inside a transaction, its `tx` (SQLite allows no second connection). */
  async version(store: Store, versionId: number): Promise<CatalogEntry> {
    const cached = this.byVersion.get(versionId);
    if (cached) return cached;
    const version = await store.dags.getVersion(versionId);
    if (!version) throw new Error(`DAG version ${versionId} is missing from the store`);
    const entry = { versionId, spec: version.spec, timetable: timetableFor(version.spec.schedule) };
    this.byVersion.set(versionId, entry);
    return entry;
  }

  /** The params a run's tasks receive: defaults overlaid with the conf, validated (the conf as given if invalid). */
  paramsFor(entry: CatalogEntry, conf: JsonObject): JsonObject {
    const key = `${entry.versionId}\u0000${JSON.stringify(conf)}`;
    let params = this.params.get(key);
    if (params === undefined) {
      const check = validateConf(entry.spec.dagId, entry.spec.params, conf);
      params = check.ok ? check.params : conf;
      if (this.params.size > 1000) this.params.clear();
      this.params.set(key, params);
    }
    return params;
  }

  async latest(store: Store, dagId: string, latestVersionId: number | null): Promise<CatalogEntry | null> {
    if (latestVersionId !== null) return this.version(store, latestVersionId);
    const version = await store.dags.latestVersion(dagId);
    return version ? this.version(store, version.id) : null;
  }
}
