/**
 * The `total` of a paged list: `select count(*) ...`, remembered on PostgreSQL
 * while the database is unchanged. An exact count there reads every matching
 * index entry (100,000 task instances: ~5 ms, ten times the page itself), and
 * list pages are asked for again and again (a UI polling, several users).
 *
 * "Unchanged" is exact, not a time bound: a count is kept with the store's data
 * version (data-version.ts) taken just before it ran, and reused only while that
 * version is the same. It costs one small query per count instead of the count,
 * and pays off while the cluster is quiet between requests (a read-mostly UI, a
 * scheduler heartbeating every few seconds).
 * Inside a transaction (own uncommitted writes) and on SQLite (counts there cost
 * 0.01-0.1 ms) counts always run.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

// `any`: the count of any table or join; only `n` is read.
type CountQuery = SelectQueryBuilder<Database, any, { n: number | string | bigint }>;

export interface RowCounts {
  /** Runs (or recalls) a query selecting one row with the count as `n`. */
  count(query: CountQuery): Promise<number>;
}

/** `version`: the store's data version (shared with its other readers). */
export function rowCounts(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', version: () => Promise<string | null>): RowCounts {
  return dialect === 'postgres' && !db.isTransaction ? new VersionedRowCounts(version) : { count: runCount };
}

async function runCount(query: CountQuery): Promise<number> {
  return Number((await query.executeTakeFirstOrThrow()).n);
}

class VersionedRowCounts implements RowCounts {
  private readonly entries = new Map<string, { readonly version: string; readonly n: number }>();
  constructor(
    private readonly version: () => Promise<string | null>,
    private readonly maxEntries = 500,
  ) {}

  async count(query: CountQuery): Promise<number> {
    const compiled = query.compile();
    const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
    // Before the count, never after: a commit in between then changes the version the count is kept under.
    const version = await this.version();
    const hit = this.entries.get(key);
    if (hit && version !== null && hit.version === version) return hit.n;
    const n = await runCount(query);
    this.entries.delete(key);
    if (version !== null) this.entries.set(key, { version, n });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return n;
  }
}
