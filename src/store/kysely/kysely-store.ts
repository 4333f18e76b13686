/**
 * The `Store` over Kysely: composes one repository per concern over a Kysely
 * handle, which is either the database or an open transaction. A transaction
 * store is the same class built over the transaction, so repositories never know.
 */
import { Migrator, NO_MIGRATIONS } from 'kysely';
import type { Kysely } from 'kysely';
import type {
  AssetRepository,
  AuditLogRepository,
  BackfillRepository,
  ConnectionRepository,
  DagRepository,
  DagRunRepository,
  ImportErrorRepository,
  JobRepository,
  PoolRepository,
  SecretCipher,
  Store,
  StoreCheck,
  StoreDialect,
  TaskInstanceRepository,
  UserRepository,
  VariableRepository,
  XComRepository,
} from '../store.js';
import { KyselyAssetRepository } from './asset-repository.js';
import { KyselyAuditLogRepository } from './audit-log-repository.js';
import { KyselyBackfillRepository } from './backfill-repository.js';
import type { Codec } from './codec.js';
import { KyselyConnectionRepository } from './connection-repository.js';
import type { RepoContext } from './context.js';
import { KyselyDagRepository } from './dag-repository.js';
import { KyselyDagRunRepository } from './dag-run-repository.js';
import { KyselyDeadlineRepository } from './deadline-repository.js';
import type { DeadlineRepository } from '../deadlines.js';
import type { StoreLocks } from '../locks.js';
import { KyselyImportErrorRepository } from './import-error-repository.js';
import { KyselyJobRepository } from './job-repository.js';
import { DataVersionReader, dataVersion } from './data-version.js';
import { KyselyStoreLocks } from './locks.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations/index.js';
import { KyselyPoolRepository } from './pool-repository.js';
import { rowCounts } from './row-counts.js';
import type { Database } from './schema.js';
import { Secrets } from './secrets.js';
import { KyselyTaskInstanceRepository } from './task-instance-repository.js';
import { KyselyUserRepository } from './user-repository.js';
import { KyselyVariableRepository } from './variable-repository.js';
import { KyselyXComRepository } from './xcom-repository.js';

export interface KyselyStoreSettings {
  readonly dialect: StoreDialect;
  readonly codec: Codec;
  /** Where the database is, password hidden (for messages and `check`). */
  readonly location: string;
  readonly maxXcomBytes: number;
  readonly cipher?: SecretCipher;
}

export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly dags: DagRepository;
  readonly dagRuns: DagRunRepository;
  readonly backfills: BackfillRepository;
  readonly taskInstances: TaskInstanceRepository;
  readonly xcom: XComRepository;
  readonly variables: VariableRepository;
  readonly connections: ConnectionRepository;
  readonly pools: PoolRepository;
  readonly importErrors: ImportErrorRepository;
  readonly auditLog: AuditLogRepository;
  readonly users: UserRepository;
  readonly assets: AssetRepository;
  readonly jobs: JobRepository;
  readonly deadlines: DeadlineRepository;
  readonly locks: StoreLocks;
  private readonly versions: DataVersionReader;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: KyselyStoreSettings,
  ) {
    this.versions = new DataVersionReader(() => dataVersion(db, settings.dialect));
    const ctx: RepoContext = { db, codec: settings.codec, counts: rowCounts(db, settings.dialect, () => this.versions.get()) };
    const secrets = new Secrets(settings.cipher);
    this.dialect = settings.dialect;
    this.dags = new KyselyDagRepository(ctx);
    this.dagRuns = new KyselyDagRunRepository(ctx);
    this.backfills = new KyselyBackfillRepository(ctx);
    this.taskInstances = new KyselyTaskInstanceRepository(ctx);
    this.xcom = new KyselyXComRepository(ctx, settings.maxXcomBytes);
    this.variables = new KyselyVariableRepository(ctx, secrets);
    this.connections = new KyselyConnectionRepository(ctx, secrets);
    this.pools = new KyselyPoolRepository(ctx);
    this.importErrors = new KyselyImportErrorRepository(ctx);
    this.auditLog = new KyselyAuditLogRepository(ctx);
    this.users = new KyselyUserRepository(ctx);
    this.assets = new KyselyAssetRepository(ctx);
    this.jobs = new KyselyJobRepository(ctx);
    this.deadlines = new KyselyDeadlineRepository(ctx);
    this.locks = new KyselyStoreLocks(db, settings.dialect);
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.settings)));
  }

  dataVersion(): Promise<string | null> {
    return this.versions.get();
  }

  private migrator(operation: string): Migrator {
    if (this.db.isTransaction) throw new Error(`store.${operation}() cannot run inside a transaction`);
    return new Migrator({
      db: this.db,
      provider: migrationProvider(this.settings.dialect),
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
  }

  async migrate(): Promise<string[]> {
    const { error, results = [] } = await this.migrator('migrate').migrateToLatest();
    if (error) {
      const failed = results.find((r) => r.status === 'Error');
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(
        `database migration${failed ? ` "${failed.migrationName}"` : ''} failed on ${this.settings.location}: ${cause}`,
        { cause: error },
      );
    }
    return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async check(): Promise<StoreCheck> {
    const base = { dialect: this.settings.dialect, location: this.settings.location };
    try {
      const migrations = await this.migrator('check').getMigrations();
      const applied = migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name);
      const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
      return { ...base, reachable: true, upToDate: pending.length === 0, applied, pending, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, reachable: false, upToDate: false, applied: [], pending: [], error: message };
    }
  }

  async reset(): Promise<void> {
    // Every migration's `down` runs, newest first, then all migrate up again.
    const down = await this.migrator('reset').migrateTo(NO_MIGRATIONS);
    if (down.error) {
      const cause = down.error instanceof Error ? down.error.message : String(down.error);
      throw new Error(`database reset failed on ${this.settings.location}: ${cause}`, { cause: down.error });
    }
    await this.migrate();
  }

  async close(): Promise<void> {
    if (this.db.isTransaction) throw new Error('store.close() cannot run inside a transaction; close the outer store');
    await this.db.destroy();
  }
}
