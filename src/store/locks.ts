/**
 * Locks that let several schedulers share one PostgreSQL database (as Airflow 2+
 * does): named advisory locks for chores that must happen once at a time, and
 * row locks with SKIP LOCKED for the runs each scheduler advances.
 *
 *   tick transaction ──tryHold('create_runs')──> true: create the due runs
 *                     │                         false: another scheduler is at it: skip
 *                     ├──dagRunsSkipLocked(dirty)──> advance the runs we got; the rest stay dirty
 *                     └──hold('queue_tasks')──> admit and queue (waits for the other's commit)
 *
 * Every lock lasts until the transaction ends (commit or rollback): a scheduler that
 * dies mid-tick releases them with its connection. Each method must run inside
 * `store.transaction` (a lock outside one would end with its own statement).
 * On SQLite all of them are no-ops that grant everything: the database has one
 * writer at a time and runs one scheduler (see scheduler-job.ts).
 */
import type { DagRunKey } from '../core/run-model.js';

/**
 * The named locks, each a fixed PostgreSQL advisory lock id (kysely/locks.ts).
 * - `create_runs`: timetable and asset-triggered run creation. Two schedulers computing the
 *   same next run would both insert it; one creates, the other skips this tick.
 * - `start_runs`: queued runs (and backfills' runs) moved to running. Each scheduler counts
 *   the running runs before starting more: two at once would both start up to maxActiveRuns.
 * - `queue_tasks`: admission (pools, maxActiveTasks) and scheduled -> queued. Slots are counted
 *   from queued instances: two counting at once would over-admit a pool. Held waiting, so
 *   every scheduler queues every tick, one after the other.
 * - `triggers`: judging deferred instances' triggers (schedulers and `updraft triggerer`).
 * - `deadlines`: deadline alerts, so a missed deadline's callback is recorded once.
 * - `adopt_orphans`: ending dead schedulers' jobs and settling the task instances they queued.
 * - `remote_tries`: failing workers' tries whose heartbeats stopped and re-queueing tries whose
 *   jobs Redis lost (the queue executor), so one scheduler judges each.
 */
export const LOCK_NAMES = ['create_runs', 'start_runs', 'queue_tasks', 'triggers', 'deadlines', 'adopt_orphans', 'remote_tries'] as const;

export type LockName = (typeof LOCK_NAMES)[number];

export interface StoreLocks {
  /** Takes the lock until the transaction ends, waiting while another transaction holds it. */
  hold(name: LockName): Promise<void>;
  /** Takes the lock until the transaction ends if it is free now; false when another transaction holds it. */
  tryHold(name: LockName): Promise<boolean>;
  /**
   * Row-locks the runs of `keys` that no other transaction has locked (or is writing), until
   * the transaction ends, and returns them (in no particular order). On PostgreSQL runs that
   * do not exist are not returned either (tell them apart with a plain read when it matters);
   * SQLite returns every key, without a query.
   */
  dagRunsSkipLocked(keys: readonly DagRunKey[]): Promise<DagRunKey[]>;
  /**
   * Should this process stop mid-transaction without dying (SIGSTOP, a frozen VM), the server
   * ends its session after `ms` idle in this transaction, so its locks go and other schedulers
   * carry on. (PostgreSQL's idle_in_transaction_session_timeout, for this transaction only.)
   */
  releaseIfStalled(ms: number): Promise<void>;
}
