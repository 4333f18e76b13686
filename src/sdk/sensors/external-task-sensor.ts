/**
 * `externalTaskSensor(id, { externalDagId, externalTaskIds })`: waits until
 * tasks of another DAG, in its run with the same logical date (shifted by
 * `executionDelta`), are in an allowed state — or, without task ids, until
 * that run is (Airflow's ExternalTaskSensor). An instance in a failed state
 * fails the sensor; one in a skipped state skips it. `deferrable` hands the
 * waiting to the scheduler: no worker is held.
 */
import type { TaskInstanceState } from '../../core/states.js';
import { TASK_INSTANCE_STATES, DAG_RUN_STATES } from '../../core/states.js';
import { operatorTask, type OptionChecks } from '../operators/operator-task.js';
import type { TaskRef } from '../refs.js';
import type { Duration } from '../task-options.js';
import { sensorConfig, type DeferrableSensorOptions, type SensorConfig } from './sensor-options.js';

export interface ExternalTaskSensorOptions extends DeferrableSensorOptions {
  externalDagId: string;
  /** Tasks to wait for; omit (with `externalTaskId`) to wait for the whole run. */
  externalTaskIds?: readonly string[];
  externalTaskId?: string;
  /** States that satisfy the sensor (default ['success']). */
  allowedStates?: readonly TaskInstanceState[];
  /** States that fail the sensor (default none, as Airflow). */
  failedStates?: readonly TaskInstanceState[];
  skippedStates?: readonly TaskInstanceState[];
  /** The other run's logical date is this run's minus this (default 0). */
  executionDelta?: Duration;
}

export type ExternalTaskSensorConfig = {
  readonly sensor: SensorConfig;
  readonly externalDagId: string;
  readonly externalTaskIds: readonly string[] | null;
  readonly allowedStates: readonly string[];
  readonly failedStates: readonly string[];
  readonly skippedStates: readonly string[];
  readonly executionDeltaMs: number;
};

export function externalTaskSensor(id: string, options: ExternalTaskSensorOptions): TaskRef<null> {
  return operatorTask<null>('externalTaskSensor', id, (check) => {
    const { externalDagId, externalTaskIds, externalTaskId, allowedStates, failedStates, skippedStates, executionDelta, ...rest } = options;
    if (externalTaskIds !== undefined && externalTaskId !== undefined) check.fail('externalTaskId', 'cannot be given together with externalTaskIds: use one');
    const ids = externalTaskId !== undefined ? [check.text('externalTaskId', externalTaskId)] : externalTaskIds === undefined ? null : list(check, 'externalTaskIds', externalTaskIds);
    if (ids !== null && ids.length === 0) check.fail('externalTaskIds', 'must not be empty: omit it to wait for the whole run');
    const valid: readonly string[] = ids === null ? DAG_RUN_STATES : TASK_INSTANCE_STATES;
    const states = (option: string, value: unknown, fallback: readonly string[]) => {
      if (value === undefined) return fallback;
      const items = list(check, option, value);
      for (const [i, s] of items.entries()) if (!valid.includes(s)) check.fail(`${option}[${i}]`, `must be one of ${valid.join(', ')} (${ids === null ? 'DAG run' : 'task instance'} states), got '${s}'`);
      return items;
    };
    const allowed = states('allowedStates', allowedStates, ['success']);
    const failed = states('failedStates', failedStates, []);
    const skipped = states('skippedStates', skippedStates, []);
    const overlap = allowed.find((s) => failed.includes(s) || skipped.includes(s));
    if (overlap !== undefined) check.fail('allowedStates', `and failedStates/skippedStates both list '${overlap}': a state can only be one of them`);
    const deltaMs = executionDelta === undefined ? 0 : check.duration('executionDelta', executionDelta, 0, true);
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: ExternalTaskSensorConfig = {
      sensor,
      externalDagId: check.text('externalDagId', externalDagId),
      externalTaskIds: ids,
      allowedStates: allowed,
      failedStates: failed,
      skippedStates: skipped,
      executionDeltaMs: deltaMs,
    };
    return { kind: 'external_task_sensor', operator: sensor.deferrable ? 'ExternalTaskSensorAsync' : 'ExternalTaskSensor', options: taskOptions, config };
  });
}

function list(check: OptionChecks, option: string, value: unknown): string[] {
  if (!Array.isArray(value)) return check.fail(option, 'must be a list of strings');
  return value.map((item, index) => check.text(`${option}[${index}]`, item));
}
