/**
 * How long a scheduler's loop takes: the last tick's duration and a running
 * average, written with each heartbeat so `/metrics` can read them from any
 * process. Null for jobs that are not schedulers (or before their first tick).
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';

export function jobLoopTimeMigration(dialect: StoreDialect): Migration {
  const float = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('job').addColumn('loop_last_ms', float).execute();
      await db.schema.alterTable('job').addColumn('loop_avg_ms', float).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('job').dropColumn('loop_avg_ms').execute();
      await db.schema.alterTable('job').dropColumn('loop_last_ms').execute();
    },
  };
}
