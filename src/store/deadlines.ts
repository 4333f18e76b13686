/**
 * Deadline records: one row per deadline alert of a run (or of a task of it),
 * created with the run, resolved by the scheduler (src/scheduler/deadlines.ts).
 *
 *   created ── time known? ── (run_start / task_start: set when it starts)
 *      │
 *      ├── done in time ──> deleted (met; Airflow prunes them the same way)
 *      └── due, not done ──> missed_at set, callback_state pending
 *                               └── callback ran ──> success | failed (+ reason)
 *
 * Rows go with their run (the foreign key cascades).
 */
import type { DeadlineReference } from '../core/deadlines.js';
import type { Page, PageRequest, Sort } from './page.js';

export type DeadlineCallbackState = 'pending' | 'success' | 'failed';

export interface Deadline {
  readonly id: number;
  readonly dagId: string;
  readonly runId: string;
  /** Null for a run-level deadline. */
  readonly taskId: string | null;
  /** -1: the run, or every instance of the task. */
  readonly mapIndex: number;
  /** Which deadline of the DAG (or of the task) this is: its index in the spec's `deadlines`. */
  readonly alertIndex: number;
  readonly reference: DeadlineReference;
  readonly intervalMs: number;
  /** Null until the reference is known (the run or task has not started). */
  readonly deadlineTime: Date | null;
  readonly createdAt: Date;
  /** When the scheduler found the deadline missed; null while pending. */
  readonly missedAt: Date | null;
  /** How late the run or task was when the miss was found. */
  readonly lateMs: number | null;
  /** Names of the callbacks, comma-separated. */
  readonly callback: string;
  readonly callbackState: DeadlineCallbackState;
  /** Why the callback failed. */
  readonly callbackReason: string | null;
}

export type NewDeadline = Pick<Deadline, 'dagId' | 'runId' | 'taskId' | 'mapIndex' | 'alertIndex' | 'reference' | 'intervalMs' | 'deadlineTime' | 'callback'>;

export interface DeadlineFilter extends PageRequest {
  readonly dagId?: string;
  readonly runId?: string;
  /** true: only missed ones; false: only pending ones. */
  readonly missed?: boolean;
  /** Default `-deadlineTime` (latest first; pending ones without a time last); ties by id. */
  readonly orderBy?: Sort<'deadlineTime' | 'missedAt' | 'id'>;
}

export interface DeadlineRepository {
  createMany(deadlines: readonly NewDeadline[], now: Date): Promise<Deadline[]>;
  get(id: number): Promise<Deadline | null>;
  /** Every deadline not missed yet (the scheduler's work list), in no particular order. */
  listPending(): Promise<Deadline[]>;
  list(filter?: DeadlineFilter): Promise<Page<Deadline>>;
  /** Sets the time of a pending deadline that has none yet; false if it has one or was resolved meanwhile. */
  setTime(id: number, deadlineTime: Date): Promise<boolean>;
  /** Compare-and-set: marks a pending deadline missed; false if another scheduler did, or it was resolved. */
  markMissed(id: number, at: Date, lateMs: number): Promise<boolean>;
  /** Deletes pending (not missed) deadlines: met, or moot. Returns how many went. */
  resolve(ids: readonly number[]): Promise<number>;
  /** Records how a missed deadline's callback went. */
  setCallbackResult(id: number, state: Exclude<DeadlineCallbackState, 'pending'>, reason: string | null): Promise<boolean>;
}
