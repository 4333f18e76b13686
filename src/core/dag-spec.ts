/**
 * The serialized DAG: plain JSON data that the DAG processor produces from a DAG
 * file, the store keeps (one row per content hash = one DAG version), and the
 * scheduler, API and UI read. It carries no functions: task code is found again
 * by importing the DAG file at run time, as Airflow does.
 *
 * Times are ISO-8601 strings in UTC; durations are milliseconds.
 */
import type { OperatorKind } from './operator-kinds.js';

export const TRIGGER_RULES = [
  'all_success',
  'all_failed',
  'all_done',
  'all_done_setup_success',
  'all_skipped',
  'one_success',
  'one_failed',
  'one_done',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'always',
] as const;
export type TriggerRule = (typeof TRIGGER_RULES)[number];

export const WEIGHT_RULES = ['downstream', 'upstream', 'absolute'] as const;
export type WeightRule = (typeof WEIGHT_RULES)[number];

/**
 * When runs are created.
 * - `none`: only by trigger (Airflow `schedule=None`).
 * - `once`: a single run at the start date (`@once`).
 * - `cron`: fires at each cron time in `timezone`. With `dataIntervals: false`
 *   (Airflow 3's default, CronTriggerTimetable) the logical date is the fire time and
 *   the data interval is empty; with `true` (CronDataIntervalTimetable) a run covers
 *   the interval between two fire times and starts at its end.
 * - `interval`: every `everyMs` from the start date; with `dataIntervals: true`
 *   (DeltaDataIntervalTimetable) a run covers [start, start + every).
 * - `assets`: when the listed assets are updated (reserved: see issue on assets).
 */
export type ScheduleSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'once' }
  | {
      readonly kind: 'cron';
      readonly expression: string;
      readonly timezone: string;
      readonly dataIntervals: boolean;
    }
  | { readonly kind: 'interval'; readonly everyMs: number; readonly dataIntervals: boolean }
  | { readonly kind: 'assets'; readonly assets: readonly string[] };

/** Where a task input comes from: another task's XCom, the run's params, or a literal JSON value. */
export type InputSpec =
  | { readonly from: 'xcom'; readonly taskId: string; readonly key: string }
  | { readonly from: 'params' }
  | { readonly from: 'literal'; readonly value: JsonValue };

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** Which task callbacks the DAG file defines (the functions stay in the file). */
export interface TaskCallbackFlags {
  readonly onSuccess: boolean;
  readonly onFailure: boolean;
  readonly onRetry: boolean;
  readonly onSkipped: boolean;
  readonly onExecute: boolean;
}

export interface DagCallbackFlags {
  readonly onSuccess: boolean;
  readonly onFailure: boolean;
}

/**
 * What a task does, by kind. Function-like kinds (`function`, `branch`,
 * `short_circuit`) run code from the DAG file; the others are data only.
 * Operator kinds (SQL, HTTP, ...) are listed in `operator-kinds.ts`.
 */
export type TaskKind = 'function' | 'branch' | 'short_circuit' | 'bash' | 'empty' | 'latest_only' | OperatorKind;

export interface TaskSpec {
  readonly taskId: string;
  readonly kind: TaskKind;
  /** Display name of the operator, e.g. `BashOperator` (shown like Airflow's `operator` field). */
  readonly operator: string;
  /** Direct upstream task ids, sorted; includes tasks whose output this task consumes. */
  readonly upstream: readonly string[];
  /** Named inputs passed to the task function. */
  readonly inputs: { readonly [name: string]: InputSpec };
  /** Inputs the task is mapped over (dynamic task mapping); empty if not mapped. */
  readonly expand: { readonly [name: string]: InputSpec };
  readonly groupId: string | null;
  readonly isSetup: boolean;
  readonly isTeardown: boolean;
  readonly triggerRule: TriggerRule;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly retryExponentialBackoff: boolean;
  readonly maxRetryDelayMs: number | null;
  readonly executionTimeoutMs: number | null;
  readonly dependsOnPast: boolean;
  readonly waitForDownstream: boolean;
  readonly pool: string;
  readonly poolSlots: number;
  readonly priorityWeight: number;
  readonly weightRule: WeightRule;
  readonly queue: string;
  readonly owner: string;
  readonly doc: string | null;
  readonly callbacks: TaskCallbackFlags;
  /** Kind-specific settings, e.g. `{ command, env, cwd, skipExitCode }` for bash. */
  readonly config: JsonObject;
}

export interface TaskGroupSpec {
  readonly groupId: string;
  readonly parentId: string | null;
  readonly tooltip: string | null;
}

export interface ParamsSpec {
  /** JSON Schema of the params object (for validation in the API and the UI's trigger form). */
  readonly schema: JsonObject;
  /** Default values, already validated. */
  readonly defaults: JsonObject;
}

export interface DagSpec {
  readonly dagId: string;
  /** Path of the DAG file relative to the DAGs folder it was loaded from. */
  readonly fileloc: string;
  readonly description: string | null;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly schedule: ScheduleSpec;
  /** IANA zone used for cron schedules and for dates given without a zone. */
  readonly timezone: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly catchup: boolean;
  readonly maxActiveRuns: number;
  readonly maxActiveTasks: number;
  readonly maxConsecutiveFailedRuns: number;
  readonly dagrunTimeoutMs: number | null;
  /** `null`: the installation's default (`core.dags_are_paused_at_creation`). */
  readonly isPausedUponCreation: boolean | null;
  readonly docMd: string | null;
  readonly params: ParamsSpec;
  readonly callbacks: DagCallbackFlags;
  readonly groups: readonly TaskGroupSpec[];
  /** Tasks in a topological order (upstream before downstream), ties by task id. */
  readonly tasks: readonly TaskSpec[];
}
