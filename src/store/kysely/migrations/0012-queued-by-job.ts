/**
 * Which scheduler queued a task instance (Airflow's `queued_by_job_id`): the
 * id of its row in `job`. When that scheduler dies, another one knows which
 * queued and running instances were its own and settles them; a live
 * scheduler's instances are left alone. No foreign key: old jobs may be pruned.
 */
import type { Kysely, Migration } from 'kysely';

export function queuedByJobMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('task_instance').addColumn('queued_by_job_id', 'integer').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('task_instance').dropColumn('queued_by_job_id').execute();
    },
  };
}
