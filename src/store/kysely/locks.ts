/**
 * `StoreLocks` over Kysely: PostgreSQL transaction-scoped advisory locks and
 * `FOR UPDATE SKIP LOCKED`; on SQLite every lock is granted (one writer, one scheduler).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { LockName, StoreLocks } from '../locks.js';
import type { DagRunKey, StoreDialect } from '../store.js';
import type { Database } from './schema.js';

/**
 * Advisory lock ids: 'UPDR' in the high 32 bits keeps them apart from other applications'
 * locks on a shared server; the low bits number the lock. Fixed forever: processes of two
 * versions must agree on them.
 */
const LOCK_IDS: Readonly<Record<LockName, bigint>> = {
  create_runs: lockId(1),
  start_runs: lockId(2),
  queue_tasks: lockId(3),
  triggers: lockId(4),
  deadlines: lockId(5),
  adopt_orphans: lockId(6),
  remote_tries: lockId(7),
};

function lockId(n: number): bigint {
  return (0x55504452n << 32n) | BigInt(n);
}

/** Keys per SKIP LOCKED query: two parameters each, far below PostgreSQL's 65,535. */
const CHUNK = 1000;

export class KyselyStoreLocks implements StoreLocks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  async hold(name: LockName): Promise<void> {
    if (!this.ready('hold')) return;
    await sql`select pg_advisory_xact_lock(${LOCK_IDS[name].toString()}::bigint)`.execute(this.db);
  }

  async tryHold(name: LockName): Promise<boolean> {
    if (!this.ready('tryHold')) return true;
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${LOCK_IDS[name].toString()}::bigint) as locked`.execute(this.db);
    return rows[0]?.locked === true;
  }

  async dagRunsSkipLocked(keys: readonly DagRunKey[]): Promise<DagRunKey[]> {
    if (!this.ready('dagRunsSkipLocked')) return [...keys];
    const locked: DagRunKey[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      const rows = await this.db
        .selectFrom('dag_run')
        .select(['dag_id', 'run_id'])
        .where((eb) => eb(eb.refTuple('dag_id', 'run_id'), 'in', chunk.map((k) => eb.tuple(k.dagId, k.runId))))
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) locked.push({ dagId: row.dag_id, runId: row.run_id });
    }
    return locked;
  }

  async releaseIfStalled(ms: number): Promise<void> {
    if (!this.ready('releaseIfStalled')) return;
    // SET takes no parameters; the value is a whole number we made.
    await sql`set local idle_in_transaction_session_timeout = ${sql.raw(String(Math.max(1, Math.round(ms))))}`.execute(this.db);
  }

  /** True on PostgreSQL; throws outside a transaction, where a lock would not outlive its statement. */
  private ready(method: string): boolean {
    if (!this.db.isTransaction) throw new Error(`store.locks.${method}() must run inside store.transaction(): the lock lasts until the transaction ends`);
    return this.dialect === 'postgres';
  }
}
