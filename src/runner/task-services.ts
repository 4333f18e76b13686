/**
 * What a running try needs from the outside world: XComs of this run,
 * variables and connections. `dags test` backs it with the store directly;
 * workers will back it with the execution API, so task code is the same in both.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';

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
  getVariable(key: string): Promise<string | null>;
  /** `getVariable` with the secret flag; without it the key's name decides (Airflow's sensitive names). */
  getVariableEntry?(key: string): Promise<VariableEntry | null>;
  /** `null` when no connection has this id. */
  getConnection(connId: string): Promise<ConnectionInfo | null>;
}
