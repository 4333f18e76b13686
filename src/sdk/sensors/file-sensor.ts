/**
 * `fileSensor(id, { path })`: waits until a file (or a non-empty folder)
 * matches `path`, a glob such as '/data/incoming/{{ ds }}/*.json' (Airflow's
 * FileSensor). The task's XCom is the sorted list of matches, so a downstream
 * task can map over them. Relative paths are under the connection's `path`
 * extra when `connId` is given (Airflow's fs connection), else the worker's
 * working directory.
 */
import { operatorTask } from '../operators/operator-task.js';
import type { TaskRef } from '../refs.js';
import { refuseDeferrable, sensorConfig, type SensorConfig, type SensorOptions } from './sensor-options.js';

export interface FileSensorOptions extends SensorOptions {
  /** A path or glob (`*`, `**`, `?`, `{a,b}`), templated. */
  path: string;
  /** An fs connection whose extra `path` is the base folder of a relative `path`. */
  connId?: string;
  /** Let `**` descend into sub-folders (default false, as Airflow's `recursive`). */
  recursive?: boolean;
}

export type FileSensorConfig = { readonly sensor: SensorConfig; readonly path: string; readonly connId: string | null; readonly recursive: boolean };

export function fileSensor(id: string, options: FileSensorOptions): TaskRef<string[]> {
  return operatorTask<string[]>('fileSensor', id, (check) => {
    refuseDeferrable(check, options as { deferrable?: unknown }, 'fileSensor');
    const { path, connId, recursive, ...rest } = options;
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: FileSensorConfig = { sensor, path: check.text('path', path), connId: check.optionalText('connId', connId), recursive: check.boolean('recursive', recursive, false) };
    return { kind: 'file_sensor', operator: 'FileSensor', options: taskOptions, config };
  });
}
