/**
 * The operator contract. An operator is two halves that meet through plain
 * data: an SDK factory (`src/sdk/operators/`) that checks its options when the
 * DAG file is parsed and records a `kind` and a JSON `config`; and an executor
 * here that the task runner calls with that config when the task runs.
 *
 * An executor gets an `OperatorContext`: the task's log (secrets masked), the
 * abort signal (the try's timeout or cancel: stop promptly and let go of
 * connections), connections looked up through the task's services (secrets
 * backends and masking apply), `{{ ds }}`-style templates, the task's resolved
 * inputs and the run's full `TaskContext`. It returns a result (success with
 * the XCom, or skipped) or throws: the error's message is the failure reason.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { ExternalObservation } from '../core/sensors/external-task-verdict.js';
import type { ExternalTaskQuery, WaitState } from '../core/sensors/wait-state.js';
import type { AssetUpdates } from '../sdk/sensors/asset-sensor.js';
import type { DagRunRequest, TriggeredDagRun } from '../runner/task-services.js';
import type { ConnectionInfo, TaskContext, TaskLogger } from '../sdk/context.js';

export interface OperatorContext {
  /** Who runs: dag/task/run ids, dates, params, XCom, variables (what a function task receives). */
  readonly context: TaskContext;
  readonly log: TaskLogger;
  /** Aborted on timeout (executionTimeout) or cancel (clear, mark): stop work and close connections. */
  readonly signal: AbortSignal;
  /** "DAG 'x', task 'y'": the start of error messages a user will read. */
  readonly where: string;
  /** The task's resolved `inputs` (other tasks' XComs, params, literals); also `{{ inputs.name }}` in templates. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The connection (secrets backends apply; its password is masked in logs from now on); an error naming it when missing. */
  connection(connId: string): Promise<ConnectionInfo>;
  /** Fills `{{ ds }}`, `{{ params.x }}`, `{{ inputs.y }}`... in text; an unknown name is an error listing the known ones. */
  render(template: string): string;
  /** `render` applied to every string inside a JSON value (keys stay as written). */
  renderJson<T extends JsonValue>(value: T): T;
  /** The try's clock (tests inject one). */
  readonly clock: () => Date;
  /** A sensor resumed after `up_for_reschedule`: when it first poked in this try and how often. */
  readonly waitState: WaitState | null;
  /** Another DAG's run and tasks at a logical date (external-task sensor). */
  observeExternalTasks(query: ExternalTaskQuery): Promise<ExternalObservation>;
  /** An asset's events after `since` (asset sensor). */
  assetUpdates(uri: string, since: string | null): Promise<AssetUpdates>;
  /** Creates a run of another DAG (triggerDagRun). */
  triggerDagRun(request: DagRunRequest): Promise<TriggeredDagRun>;
}

export type OperatorResult =
  /** `xcom`: the task's return value, JSON data within the XCom size limit (undefined is stored as null). */
  | { readonly state: 'success'; readonly xcom: unknown }
  | { readonly state: 'skipped'; readonly reason: string }
  /** A sensor in reschedule mode ends its try now and pokes again at `at`, without holding a slot. */
  | { readonly state: 'up_for_reschedule'; readonly at: Date; readonly waitState: WaitState }
  /** A deferrable sensor hands its waiting to the scheduler. */
  | { readonly state: 'deferred'; readonly waitState: WaitState };

export type OperatorExecutor<C> = (config: C, ctx: OperatorContext) => Promise<OperatorResult>;

export function succeeded(xcom: unknown = null): OperatorResult {
  return { state: 'success', xcom };
}

export function skipped(reason: string): OperatorResult {
  return { state: 'skipped', reason };
}

/**
 * Erases an executor's config type for the registry. The config it receives is
 * what its own SDK factory wrote (both sides share the config type), so the
 * cast at this one place is safe.
 */
export function executor<C>(run: OperatorExecutor<C>): OperatorExecutor<unknown> {
  return run as OperatorExecutor<unknown>;
}
