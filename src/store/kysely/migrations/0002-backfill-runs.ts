/**
 * Backfills, completed: the conf and user a backfill was created with, one row
 * per date of a backfill (the run it got, or why it got none, and its place in
 * the backfill's order), and at most one active backfill per DAG.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

export function backfillRunsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;
      await s.alterTable('backfill').addColumn('dag_run_conf', t.json, (c) => c.notNull().defaultTo('{}')).execute();
      await s.alterTable('backfill').addColumn('triggered_by', 'text').execute();
      // A partial unique index enforces "one active backfill per DAG" on both dialects,
      // so two concurrent `backfill create` calls cannot both win.
      await s
        .createIndex('backfill_one_active_per_dag_uq')
        .on('backfill')
        .column('dag_id')
        .unique()
        .where(sql.ref('completed_at'), 'is', null)
        .execute();

      // No foreign key to dag_run: a run's key is (dag_id, run_id) and ON DELETE SET NULL
      // would null dag_id too; a deleted run just reads back with no state.
      await s
        .createTable('backfill_dag_run')
        .addColumn('id', 'integer', t.id)
        .addColumn('backfill_id', 'integer', (c) => c.notNull().references('backfill.id').onDelete('cascade'))
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('exception_reason', 'text')
        .addColumn('logical_date', t.time, (c) => c.notNull())
        .addColumn('sort_ordinal', 'integer', (c) => c.notNull())
        .addUniqueConstraint('backfill_dag_run_ordinal_uq', ['backfill_id', 'sort_ordinal'])
        .execute();
      await s.createIndex('backfill_dag_run_run_idx').on('backfill_dag_run').columns(['dag_id', 'run_id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('backfill_dag_run').ifExists().execute();
      await db.schema.dropIndex('backfill_one_active_per_dag_uq').ifExists().execute();
      await db.schema.alterTable('backfill').dropColumn('triggered_by').execute();
      await db.schema.alterTable('backfill').dropColumn('dag_run_conf').execute();
    },
  };
}
