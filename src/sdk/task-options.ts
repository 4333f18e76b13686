/**
 * Options every kind of task accepts, with Airflow's defaults, and their
 * resolution into the serialized `TaskSpec` fields.
 */
import type { TaskCallbackFlags, TaskSpec, TriggerRule, WeightRule } from '../core/dag-spec.js';
import { parseDuration } from '../core/duration.js';
import type { AssetRef } from './assets.js';
import { callbackList, composeCallbacks, type Callbacks } from './callback-list.js';
import type { Callback } from './context.js';
import type { TaskDeadline } from './deadline-alert.js';
import type { TaskRef } from './refs.js';
import type { TaskEmailOptions } from './task-email.js';

/** A duration: milliseconds, or text such as '30s', '5m', '1h30m', '2d'. */
export type Duration = number | string;

/** Each takes one callback or a list, run in order (a failing one is logged, the next still runs). */
export interface TaskCallbacks {
  onSuccess?: Callbacks;
  onFailure?: Callbacks;
  onRetry?: Callbacks;
  onSkipped?: Callbacks;
  /** Called just before the task's code runs. */
  onExecute?: Callbacks;
}

export interface TaskOptions extends TaskCallbacks, TaskEmailOptions {
  /** Alert when the task is not done this long after it started (Airflow 3.1's deadline alerts, replacing SLAs). */
  deadline?: TaskDeadline | readonly TaskDeadline[];
  /** Extra tries after a failure (default: core.default_task_retries, 0 unless set). */
  retries?: number;
  /** Wait before a retry (default '5m', as Airflow). */
  retryDelay?: Duration;
  /** Double the wait at each retry, with Airflow's jitter (default false). */
  retryExponentialBackoff?: boolean;
  /** Upper bound on the wait with exponential back-off. */
  maxRetryDelay?: Duration;
  /** Kill the try and fail it after this long. */
  executionTimeout?: Duration;
  /** When the task runs given its upstreams' states (default 'all_success'). */
  triggerRule?: TriggerRule;
  /** Run only if this task succeeded (or was skipped) in the previous run. */
  dependsOnPast?: boolean;
  /** Also wait for the previous run's direct downstreams of this task; implies dependsOnPast. */
  waitForDownstream?: boolean;
  /** Pool whose slots limit concurrency (default 'default_pool'). */
  pool?: string;
  poolSlots?: number;
  priorityWeight?: number;
  weightRule?: WeightRule;
  /** Worker queue that runs the task (default 'default'). */
  queue?: string;
  owner?: string;
  /** Markdown shown with the task in the UI. */
  doc?: string;
  /** This task sets up resources that teardown tasks release. */
  setup?: boolean;
  /** This task tears down what the given setup tasks created; it runs even when work failed. */
  teardownOf?: TaskRef | readonly TaskRef[];
  /** Assets (URIs or `asset()`) each success of this task updates: DAGs scheduled on them are triggered. */
  outlets?: readonly (string | AssetRef)[];
}

/** The options `defaultArgs` may set for every task of a DAG or group; outlets say what one task writes, so they stay per task. */
export type DefaultArgs = Omit<TaskOptions, 'setup' | 'teardownOf' | 'outlets'>;

/** The options as the serialized task records them. */
export type ResolvedTaskOptions = Pick<
  TaskSpec,
  | 'triggerRule'
  | 'retries'
  | 'retryDelayMs'
  | 'retryExponentialBackoff'
  | 'maxRetryDelayMs'
  | 'executionTimeoutMs'
  | 'dependsOnPast'
  | 'waitForDownstream'
  | 'pool'
  | 'poolSlots'
  | 'priorityWeight'
  | 'weightRule'
  | 'queue'
  | 'owner'
  | 'doc'
>;

export const DEFAULT_POOL = 'default_pool';
export const DEFAULT_QUEUE = 'default';
export const DEFAULT_OWNER = 'updraft';
const DEFAULT_RETRY_DELAY_MS = 300_000;

/** What a task gets when neither it nor any `defaultArgs` sets the option: these depend on the task's kind or the installation. */
export interface TaskFallbacks {
  readonly triggerRule: TriggerRule;
  /** core.default_task_retries (see authoring-defaults.ts). */
  readonly retries: number;
}

export function resolveTaskOptions(options: TaskOptions, defaults: DefaultArgs, fallbacks: TaskFallbacks): ResolvedTaskOptions {
  const merged: TaskOptions = { ...defaults, ...options };
  const waitForDownstream = merged.waitForDownstream ?? false;
  return {
    triggerRule: merged.triggerRule ?? fallbacks.triggerRule,
    retries: merged.retries ?? fallbacks.retries,
    retryDelayMs: merged.retryDelay === undefined ? DEFAULT_RETRY_DELAY_MS : parseDuration(merged.retryDelay),
    retryExponentialBackoff: merged.retryExponentialBackoff ?? false,
    maxRetryDelayMs: merged.maxRetryDelay === undefined ? null : parseDuration(merged.maxRetryDelay),
    executionTimeoutMs: merged.executionTimeout === undefined ? null : parseDuration(merged.executionTimeout),
    dependsOnPast: (merged.dependsOnPast ?? false) || waitForDownstream,
    waitForDownstream,
    pool: merged.pool ?? DEFAULT_POOL,
    poolSlots: merged.poolSlots ?? 1,
    priorityWeight: merged.priorityWeight ?? 1,
    weightRule: merged.weightRule ?? 'downstream',
    queue: merged.queue ?? DEFAULT_QUEUE,
    owner: merged.owner ?? DEFAULT_OWNER,
    doc: merged.doc ?? null,
  };
}

/** The task's callbacks (its own, else the defaults'), each list composed into one; throws naming a bad field. */
export function pickCallbacks(options: TaskCallbacks, defaults: TaskCallbacks): Required<{ [K in keyof TaskCallbacks]: Callback | null }> {
  const pick = (name: keyof TaskCallbacks) => composeCallbacks(callbackList(options[name] ?? defaults[name], name));
  return {
    onSuccess: pick('onSuccess'),
    onFailure: pick('onFailure'),
    onRetry: pick('onRetry'),
    onSkipped: pick('onSkipped'),
    onExecute: pick('onExecute'),
  };
}

export function callbackFlags(callbacks: { [K in keyof TaskCallbacks]-?: Callback | null }): TaskCallbackFlags {
  return {
    onSuccess: callbacks.onSuccess !== null,
    onFailure: callbacks.onFailure !== null,
    onRetry: callbacks.onRetry !== null,
    onSkipped: callbacks.onSkipped !== null,
    onExecute: callbacks.onExecute !== null,
  };
}
