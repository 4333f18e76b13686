/**
 * What a sensor waits on between pokes (reschedule mode) or while deferred:
 * its trigger, timeout and poke count, as JSON on the task instance (see
 * core/sensors/wait-state.ts). One column instead of Airflow's trigger and
 * task_reschedule tables: the scheduler reads it with the instance it already
 * loads, and a deferred instance is found by its state's index.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

export function taskWaitStateMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('task_instance').addColumn('wait_state', t.json).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('task_instance').dropColumn('wait_state').execute();
    },
  };
}
