/**
 * Every migration, imported statically: the compiled package has no migrations
 * folder to scan, and a bundler can follow these imports. Names sort in order.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { initialMigration } from './0001-initial.js';
import { backfillRunsMigration } from './0002-backfill-runs.js';
import { admissionIndexMigration } from './0003-admission-index.js';
import { userLastLoginMigration } from './0004-user-last-login.js';
import { listOrderIndexesMigration } from './0005-list-order-indexes.js';
import { variableSecretFlagMigration } from './0006-variable-secret-flag.js';
import { stateListIndexesMigration } from './0007-state-list-indexes.js';
import { taskWaitStateMigration } from './0008-task-wait-state.js';
import { assetQueueMigration } from './0009-asset-queue.js';
import { deadlineMigration } from './0010-deadline.js';
import { jobLoopTimeMigration } from './0011-job-loop-time.js';
import { queuedByJobMigration } from './0012-queued-by-job.js';
import { dagTaskOrderIndexMigration } from './0013-dag-task-order-index.js';

export function updraftMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-backfill-runs': backfillRunsMigration(dialect),
    '0003-admission-index': admissionIndexMigration(),
    '0004-user-last-login': userLastLoginMigration(dialect),
    '0005-list-order-indexes': listOrderIndexesMigration(),
    '0006-variable-secret-flag': variableSecretFlagMigration(dialect),
    '0007-state-list-indexes': stateListIndexesMigration(),
    '0008-task-wait-state': taskWaitStateMigration(dialect),
    '0009-asset-queue': assetQueueMigration(dialect),
    '0010-deadline': deadlineMigration(dialect),
    '0011-job-loop-time': jobLoopTimeMigration(dialect),
    '0012-queued-by-job': queuedByJobMigration(),
    '0013-dag-task-order-index': dagTaskOrderIndexMigration(),
  };
}

export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return { getMigrations: async () => updraftMigrations(dialect) };
}

/** Our own bookkeeping tables, so a database shared with other Kysely apps does not collide. */
export const MIGRATION_TABLE = 'updraft_migration';
export const MIGRATION_LOCK_TABLE = 'updraft_migration_lock';
