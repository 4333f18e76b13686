/**
 * Runs and task instances as the domain sees them: plain camelCase data, separate
 * from the store's snake_case rows. Times are `Date`s in the domain; the store
 * converts. A task instance is identified by (dagId, runId, taskId, mapIndex);
 * `mapIndex` is -1 for a task that is not mapped, as in Airflow.
 */
import type { DagRunState, TaskInstanceStateOrNone } from './states.js';
import type { JsonObject, JsonValue } from './dag-spec.js';
import type { WaitState } from './sensors/wait-state.js';

export const RUN_TYPES = ['scheduled', 'manual', 'backfill', 'asset_triggered'] as const;
export type RunType = (typeof RUN_TYPES)[number];

export interface DataInterval {
  readonly start: Date;
  readonly end: Date;
}

export interface DagRun {
  readonly dagId: string;
  readonly runId: string;
  readonly runType: RunType;
  readonly state: DagRunState;
  /** `null` for runs that have no logical date (Airflow 3 allows manual runs without one). */
  readonly logicalDate: Date | null;
  readonly dataInterval: DataInterval | null;
  /** When the run may start (Airflow's `run_after`). */
  readonly runAfter: Date;
  readonly queuedAt: Date | null;
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly conf: JsonObject;
  readonly dagVersionId: number;
  readonly triggeredBy: string;
  readonly note: string | null;
  readonly backfillId: number | null;
  /** Incremented each time the run is cleared, so clears are distinguishable. */
  readonly clearNumber: number;
}

export interface DagRunKey {
  readonly dagId: string;
  readonly runId: string;
}

export interface TaskInstanceKey {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  readonly mapIndex: number;
}

/** Just the key's fields (an instance or event carries more), for messages and maps. */
export function taskInstanceKeyOf(key: TaskInstanceKey): TaskInstanceKey {
  return { dagId: key.dagId, runId: key.runId, taskId: key.taskId, mapIndex: key.mapIndex };
}

/** The key as one string, for a Map: equal keys give equal strings. */
export function taskInstanceKeyText(key: TaskInstanceKey): string {
  return JSON.stringify([key.dagId, key.runId, key.taskId, key.mapIndex]);
}

export interface TaskInstance extends TaskInstanceKey {
  readonly state: TaskInstanceStateOrNone;
  /** The try currently or last attempted; 0 before the first try starts. */
  readonly tryNumber: number;
  /** Retries allowed, copied from the task when the instance is created or cleared. */
  readonly maxTries: number;
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly durationMs: number | null;
  readonly queuedAt: Date | null;
  /** Earliest time the next try may start (set on `up_for_retry` / `up_for_reschedule`). */
  readonly nextRetryAt: Date | null;
  readonly pool: string;
  readonly poolSlots: number;
  readonly queue: string;
  readonly priorityWeight: number;
  readonly operator: string;
  readonly hostname: string | null;
  readonly pid: number | null;
  readonly executor: string | null;
  readonly lastHeartbeatAt: Date | null;
  /** The scheduler job that queued the current try (Airflow's queued_by_job_id): its instances are its own while it lives. */
  readonly queuedByJobId: number | null;
  readonly dagVersionId: number;
  readonly note: string | null;
  /** Extra data for the state, e.g. a branch's chosen ids or a failure reason. */
  readonly stateReason: string | null;
  readonly renderedFields: JsonObject | null;
  /** A sensor's wait between pokes or while deferred (its trigger and timeout); null otherwise. */
  readonly waitState: WaitState | null;
}

/** One finished try, kept forever (Airflow's `task_instance_history`). */
export interface TaskInstanceTry extends TaskInstanceKey {
  readonly tryNumber: number;
  readonly state: TaskInstanceStateOrNone;
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly durationMs: number | null;
  readonly hostname: string | null;
  readonly pid: number | null;
  readonly executor: string | null;
  readonly dagVersionId: number;
  readonly stateReason: string | null;
}

export interface XComEntry {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  readonly mapIndex: number;
  readonly key: string;
  readonly value: JsonValue;
  readonly timestamp: Date;
}

/** The key under which a task's return value is stored, as in Airflow. */
export const RETURN_VALUE_KEY = 'return_value';
