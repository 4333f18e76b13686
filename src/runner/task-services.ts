/**
 * What a running try needs from the outside world: XComs of this run,
 * variables and connections. `dags test` backs it with the store directly;
 * workers will back it with the execution API, so task code is the same in both.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { ExternalObservation } from '../core/sensors/external-task-verdict.js';
import type { ExternalTaskQuery } from '../core/sensors/wait-state.js';
import type { ConnectionInfo, NewConnection } from '../sdk/context.js';
import type { AssetUpdates } from '../sdk/sensors/asset-sensor.js';

export interface XComValue {
  readonly mapIndex: number;
  readonly value: JsonValue;
}

/** A variable's value and whether it is a secret (a sensitive key, or flagged): secrets are masked in the log. */
export interface VariableEntry {
  readonly value: string;
  readonly secret: boolean;
}

export interface TaskServices {
  /** XComs under `key` of a task of this run, one per map index, ordered by map index. */
  readXComs(taskId: string, key: string): Promise<readonly XComValue[]>;
  writeXCom(taskId: string, mapIndex: number, key: string, value: JsonValue): Promise<void>;
  /** The task's templated fields as rendered for this try (Airflow's rendered task instance fields), shown by the UI and API. */
  recordRenderedFields(taskId: string, mapIndex: number, fields: JsonObject): Promise<void>;
  getVariable(key: string): Promise<string | null>;
  /** `getVariable` with the secret flag; without it the key's name decides (Airflow's sensitive names). */
  getVariableEntry?(key: string): Promise<VariableEntry | null>;
  /** `null` when no connection has this id. */
  getConnection(connId: string): Promise<ConnectionInfo | null>;
  /** The states of another DAG's tasks (or run) at a logical date, for the external-task sensor. */
  observeExternalTasks(query: ExternalTaskQuery): Promise<ExternalObservation>;
  /** Events of an asset after `since` (ISO; null: all), for the asset sensor. */
  assetUpdates(uri: string, since: string | null): Promise<AssetUpdates>;
  /** Creates a run of another DAG (the triggerDagRun operator). */
  triggerDagRun(request: DagRunRequest): Promise<TriggeredDagRun>;
  /**
   * Create-if-missing writes for set-up tasks (Airflow's `Variable.setdefault`), audited under `taskId`.
   * They never overwrite, so a task cannot change what an operator configured.
   */
  setDefaultVariable(taskId: string, variable: DefaultVariable): Promise<string>;
  /** True when the connection was created. */
  setDefaultConnection(taskId: string, connection: NewConnection): Promise<boolean>;
  /** True when the pool was created. */
  setDefaultPool(taskId: string, pool: DefaultPool): Promise<boolean>;
}

export interface DefaultVariable {
  readonly key: string;
  readonly value: string;
  readonly description: string | null;
}

export interface DefaultPool {
  readonly name: string;
  /** -1: unlimited. */
  readonly slots: number;
  readonly description: string | null;
}

/** A run another task asks for: `logicalDate` ISO (absent: now), `runId` absent: generated. */
export interface DagRunRequest {
  readonly dagId: string;
  readonly runId?: string;
  readonly logicalDate?: string;
  readonly conf: JsonObject;
  readonly note: string | null;
  /** Who asked, e.g. "DAG 'etl', task 'start_report'" (the run's triggered_by). */
  readonly triggeredBy: string;
}

export type TriggeredDagRun =
  | { readonly created: true; readonly runId: string; readonly logicalDate: string | null }
  /** A run with that id exists already. */
  | { readonly created: false; readonly runId: string; readonly reason: string };

/** Creates runs for `triggerDagRun`; the app wires it to the trigger service (and wakes the scheduler). */
export type DagRunStarter = (request: DagRunRequest) => Promise<TriggeredDagRun>;
