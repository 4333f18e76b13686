/**
 * The serialized DAG: plain JSON data that the DAG processor produces from a DAG
 * file, the store keeps (one row per content hash = one DAG version), and the
 * scheduler, API and UI read. It carries no functions: task code is found again
 * by importing the DAG file at run time, as Airflow does.
 *
 * Times are ISO-8601 strings in UTC; durations are milliseconds.
 */
import type { RunDeadlineSpec, TaskDeadlineSpec } from './deadlines.js';
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
 * - `assets`: when assets are updated (Airflow's asset-triggered schedule). `assets`
 *   lists every URI the schedule mentions; `condition` says which must have been
 *   updated. Without `condition` (the list form) all of them must (Airflow's list = AND);
 *   leaving it out keeps the hash of list-form DAGs as it was before conditions existed.
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
  | { readonly kind: 'assets'; readonly assets: readonly string[]; readonly condition?: AssetCondition };

/**
 * Which updated assets make an asset-scheduled DAG due: a URI, all of the members
 * (Airflow's `AssetAll`) or any of them (`AssetAny`). See `asset-condition.ts`.
 */
export type AssetCondition = string | { readonly all: readonly AssetCondition[] } | { readonly any: readonly AssetCondition[] };

/** An asset as declared with `asset(uri, { name, group, extra })` in a DAG file. */
export interface AssetDefinition {
  readonly uri: string;
  readonly name: string;
  readonly group: string;
  readonly extra: JsonObject;
}

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
  /** Task deadline alerts; absent when there are none (so older versions hash the same). */
  readonly deadlines?: readonly TaskDeadlineSpec[];
  /** Kind-specific settings, e.g. `{ command, env, cwd, skipExitCode }` for bash. */
  readonly config: JsonObject;
  /**
   * URIs of the assets a success of this task updates (Airflow's `outlets`). Absent
   * when there are none, so DAGs without outlets keep their version hash.
   */
  readonly outlets?: readonly string[];
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
  /** Deadline alerts on each run; absent when there are none (so older versions hash the same). */
  readonly deadlines?: readonly RunDeadlineSpec[];
  readonly groups: readonly TaskGroupSpec[];
  /** Tasks in a topological order (upstream before downstream), ties by task id. */
  readonly tasks: readonly TaskSpec[];
  /**
   * Assets the DAG declared with `asset(uri, {...})` (in its schedule or outlets), sorted
   * by URI: their name, group and extra. Absent when none (plain URI strings carry no metadata).
   */
  readonly assets?: readonly AssetDefinition[];
}
