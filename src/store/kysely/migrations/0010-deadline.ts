/**
 * Deadline alerts (Airflow 3.1's `deadline` table, replacing SLA misses): one
 * row per deadline of a run or of a task of it, its time once known, when it
 * was found missed and how its callback went. Rows go with their run.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

export function deadlineMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;
      await s
        .createTable('deadline')
        .addColumn('id', 'integer', t.id)
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text')
        .addColumn('map_index', 'integer', (c) => c.notNull().defaultTo(-1))
        .addColumn('alert_index', 'integer', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('interval_ms', t.bigint, (c) => c.notNull())
        .addColumn('deadline_time', t.time)
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('missed_at', t.time)
        .addColumn('late_ms', t.bigint)
        .addColumn('callback', 'text', (c) => c.notNull())
        .addColumn('callback_state', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('callback_reason', 'text')
        .addForeignKeyConstraint('deadline_run_fk', ['dag_id', 'run_id'], 'dag_run', ['dag_id', 'run_id'], (fk) => fk.onDelete('cascade'))
        .execute();
      // The scheduler reads the pending ones on its timer (Airflow's deadline_missed_deadline_time_idx).
      await s.createIndex('deadline_missed_time_idx').on('deadline').columns(['missed_at', 'deadline_time']).execute();
      await s.createIndex('deadline_run_idx').on('deadline').columns(['dag_id', 'run_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('deadline').ifExists().execute();
    },
  };
}
