/**
 * Options every sensor takes (Airflow's BaseSensorOperator), checked when the
 * DAG file is parsed and recorded as the `sensor` part of the task's config.
 *
 *   mode 'poke'        the try keeps its worker slot and pokes every `pokeInterval`
 *   mode 'reschedule'  the try ends between pokes (up_for_reschedule): no slot held
 *   deferrable: true   (time and external-task sensors) the scheduler watches the
 *                      condition: no worker, no process, no slot while waiting
 *
 * A sensor that is still not satisfied `timeout` after its first poke fails
 * without retrying (or is skipped with `softFail`), as Airflow's AirflowSensorTimeout.
 */
import { DEFAULT_POKE_INTERVAL_MS, DEFAULT_SENSOR_TIMEOUT_MS } from '../../core/sensors/sensor-timing.js';
import type { OptionChecks } from '../operators/operator-task.js';
import type { Duration, TaskOptions } from '../task-options.js';

export const SENSOR_MODES = ['poke', 'reschedule'] as const;
export type SensorMode = (typeof SENSOR_MODES)[number];

export interface SensorOptions extends TaskOptions {
  /** 'poke' (default) holds a worker slot while waiting; 'reschedule' frees it between pokes. */
  mode?: SensorMode;
  /** Time between pokes (default '60s'). */
  pokeInterval?: Duration;
  /** Give up this long after the first poke (default '7d'): the task fails without retry. */
  timeout?: Duration;
  /** Wait longer after each poke, with Airflow's jitter (default false). */
  exponentialBackoff?: boolean;
  /** Upper bound on one wait with exponential back-off. */
  maxWait?: Duration;
  /** On timeout (or a failed condition), end as skipped instead of failed (default false). */
  softFail?: boolean;
}

export interface DeferrableSensorOptions extends SensorOptions {
  /** Wait without any worker or process: the scheduler watches the condition (default false). */
  deferrable?: boolean;
}

export type SensorConfig = {
  readonly mode: SensorMode;
  readonly pokeIntervalMs: number;
  readonly timeoutMs: number;
  readonly exponentialBackoff: boolean;
  readonly maxWaitMs: number | null;
  readonly softFail: boolean;
  readonly deferrable: boolean;
};

type SensorKeys = keyof DeferrableSensorOptions & ('mode' | 'pokeInterval' | 'timeout' | 'exponentialBackoff' | 'maxWait' | 'softFail' | 'deferrable');

/** Splits a sensor's options into its `sensor` config and the options every task takes. */
export function sensorConfig<O extends DeferrableSensorOptions>(
  check: OptionChecks,
  options: O,
): { readonly sensor: SensorConfig; readonly taskOptions: Omit<O, SensorKeys> } {
  const { mode, pokeInterval, timeout, exponentialBackoff, maxWait, softFail, deferrable, ...taskOptions } = options;
  const sensor: SensorConfig = {
    mode: check.oneOf('mode', mode, SENSOR_MODES, 'poke'),
    pokeIntervalMs: pokeInterval === undefined ? DEFAULT_POKE_INTERVAL_MS : check.duration('pokeInterval', pokeInterval, 0),
    timeoutMs: timeout === undefined ? DEFAULT_SENSOR_TIMEOUT_MS : check.duration('timeout', timeout, 0),
    exponentialBackoff: check.boolean('exponentialBackoff', exponentialBackoff, false),
    maxWaitMs: maxWait === undefined ? null : check.duration('maxWait', maxWait),
    softFail: check.boolean('softFail', softFail, false),
    deferrable: check.boolean('deferrable', deferrable, false),
  };
  return { sensor, taskOptions };
}

/** A sensor without a deferrable form refuses the option instead of ignoring it. */
export function refuseDeferrable(check: OptionChecks, options: { deferrable?: unknown }, factory: string): void {
  if (options.deferrable !== undefined) {
    check.fail('deferrable', `is not supported by ${factory}(): use mode: 'reschedule' to free the worker slot between pokes`);
  }
}
