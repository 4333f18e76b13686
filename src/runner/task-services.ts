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

export interface TaskServices {
  /** XComs under `key` of a task of this run, one per map index, ordered by map index. */
  readXComs(taskId: string, key: string): Promise<readonly XComValue[]>;
  writeXCom(taskId: string, mapIndex: number, key: string, value: JsonValue): Promise<void>;
  getVariable(key: string): Promise<string | null>;
  /** `null` when no connection has this id. */
  getConnection(connId: string): Promise<ConnectionInfo | null>;
}
