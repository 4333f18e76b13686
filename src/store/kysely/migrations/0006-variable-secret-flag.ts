/**
 * Variables flagged secret (beyond Airflow's sensitive key names): their values
 * are masked in task logs and API output like a `password` variable's.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

export function variableSecretFlagMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('variable').addColumn('is_secret', t.bool, (c) => c.notNull().defaultTo(t.false)).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('variable').dropColumn('is_secret').execute();
    },
  };
}
