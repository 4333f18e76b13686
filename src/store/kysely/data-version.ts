/**
 * `store.dataVersion()`: a token that two calls return equal only if no data was
 * committed in between, by this process or any other. Caches keyed on it (list
 * totals here, whole API responses in the API server) are exact, not time-bounded:
 * take the token *before* reading, keep what was read under it, and a commit in
 * between only makes the next reader miss.
 *
 * - SQLite: `data_version` changes when another connection (any process) commits;
 *   `total_changes()` counts this connection's own writes. Both are read in memory
 *   (about 10 µs), so the token costs next to nothing.
 * - PostgreSQL: `pg_current_snapshot()` (xmin:xmax:in-progress xids). Two equal
 *   snapshots see the same committed transactions: a commit or rollback since makes
 *   a listed transaction disappear or xmax rise. Transaction ids are cluster-wide,
 *   so writes to other databases on the same server also change it (a miss, never
 *   a wrong hit). One small round trip.
 * - Inside a transaction its own uncommitted writes are invisible to both, so there
 *   it is null: cannot tell, do not cache.
 *
 * `DataVersionReader` shares readings between concurrent callers, but never one that
 * began before a caller asked (it could miss a commit that caller already knows of):
 * while a reading is out, every new caller waits for the next one, started when it
 * returns. Fifty clients polling then cost a few round trips per millisecond, not fifty.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { Database } from './schema.js';

export async function dataVersion(db: Kysely<Database>, dialect: StoreDialect): Promise<string | null> {
  if (db.isTransaction) return null;
  const query =
    dialect === 'postgres'
      ? sql<{ v: string }>`select pg_current_snapshot()::text as v`
      : sql<{ v: string }>`select (select data_version from pragma_data_version) || '.' || total_changes() as v`;
  const token = (await query.execute(db)).rows[0]?.v;
  return token ? String(token) : null;
}

export class DataVersionReader {
  private running: Promise<string | null> | null = null;
  private next: Promise<string | null> | null = null;
  constructor(private readonly read: () => Promise<string | null>) {}

  get(): Promise<string | null> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<string | null> {
    this.next = null;
    return this.start();
  }

  private start(): Promise<string | null> {
    const reading = this.read();
    this.running = reading;
    const done = () => {
      if (this.running === reading) this.running = null;
    };
    reading.then(done, done);
    return reading;
  }
}
