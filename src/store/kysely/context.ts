/** What every repository is built from: a Kysely handle (maybe a transaction), the dialect's codec, list totals. */
import type { Kysely } from 'kysely';
import type { Codec } from './codec.js';
import type { RowCounts } from './row-counts.js';
import type { Database } from './schema.js';

export interface RepoContext {
  readonly db: Kysely<Database>;
  readonly codec: Codec;
  /** The `total` of the big lists (runs, task instances, audit log, DAGs). */
  readonly counts: RowCounts;
}

/** Runs `fn` in a transaction, joining the current one if `db` already is one. */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Kysely reports changed rows as bigint; we only ever need a count. */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0n);
}
