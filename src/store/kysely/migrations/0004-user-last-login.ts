/** When each user last signed in (Airflow's `last_login`), shown by the users API. */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { columnTypes } from './column-types.js';

export function userLastLoginMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('updraft_user').addColumn('last_login', t.time).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('updraft_user').dropColumn('last_login').execute();
    },
  };
}
