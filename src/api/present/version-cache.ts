/**
 * DAG versions by id, cached: a version never changes once stored, so list
 * endpoints (each run shows its version) read each one from the store once.
 * Bounded: past `max` entries the oldest is dropped.
 */
import type { Store } from '../../store/store.js';
import type { DagVersion } from '../../store/types.js';

export class VersionCache {
  private readonly byId = new Map<number, DagVersion>();
  constructor(private readonly max = 2000) {}

  async get(store: Store, id: number): Promise<DagVersion | null> {
    const hit = this.byId.get(id);
    if (hit) return hit;
    const version = await store.dags.getVersion(id);
    if (!version) return null;
    this.byId.set(id, version);
    if (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value as number);
    return version;
  }
}
