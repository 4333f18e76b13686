/**
 * Asset-triggered scheduling (Airflow's tables of the same names):
 * - `dag_schedule_asset_reference`: which DAGs are scheduled on which assets, and
 *   `task_outlet_asset_reference`: which tasks update them; both as of each DAG's
 *   latest version. Kept as tables rather than derived from the stored specs because
 *   a task's success must find the DAGs to queue with one indexed lookup inside its
 *   transaction, not by reading every DAG's spec.
 * - `asset_dag_run_queue`: assets updated since a DAG's last asset-triggered run,
 *   per DAG; the scheduler creates a run when the DAG's condition is met by them.
 * - `dag_run_asset_event`: the events each asset-triggered run consumed.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

const TABLES = ['dag_run_asset_event', 'asset_dag_run_queue', 'task_outlet_asset_reference', 'dag_schedule_asset_reference'] as const;

export function assetQueueMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;
      await s
        .createTable('dag_schedule_asset_reference')
        .addColumn('asset_id', 'integer', (c) => c.notNull().references('asset.id').onDelete('cascade'))
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('dsar_pk', ['asset_id', 'dag_id'])
        .execute();
      await s.createIndex('dsar_dag_idx').on('dag_schedule_asset_reference').column('dag_id').execute();

      await s
        .createTable('task_outlet_asset_reference')
        .addColumn('asset_id', 'integer', (c) => c.notNull().references('asset.id').onDelete('cascade'))
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('toar_pk', ['asset_id', 'dag_id', 'task_id'])
        .execute();
      await s.createIndex('toar_dag_idx').on('task_outlet_asset_reference').column('dag_id').execute();

      await s
        .createTable('asset_dag_run_queue')
        .addColumn('asset_id', 'integer', (c) => c.notNull().references('asset.id').onDelete('cascade'))
        .addColumn('target_dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('adrq_pk', ['asset_id', 'target_dag_id'])
        .execute();
      await s.createIndex('adrq_dag_idx').on('asset_dag_run_queue').column('target_dag_id').execute();

      await s
        .createTable('dag_run_asset_event')
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'integer', (c) => c.notNull().references('asset_event.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('drae_pk', ['dag_id', 'run_id', 'event_id'])
        .addForeignKeyConstraint('drae_run_fk', ['dag_id', 'run_id'], 'dag_run', ['dag_id', 'run_id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await s.createIndex('drae_event_idx').on('dag_run_asset_event').column('event_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
