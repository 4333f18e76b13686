/**
 * Sensors that wait for a time.
 *
 *   timeDeltaSensor('wait_1h', { delta: '1h' })          until the run's data interval end + 1 h
 *   dateTimeSensor('wait_noon', { targetTime: '{{ ds }}T12:00:00Z' })
 *
 * Both can be `deferrable`: the try ends at once and the scheduler finishes the
 * task when the time comes, holding no worker in between (Airflow's
 * TimeDeltaSensorAsync / DateTimeSensorAsync).
 */
import { operatorTask } from '../operators/operator-task.js';
import type { TaskRef } from '../refs.js';
import type { Duration } from '../task-options.js';
import { sensorConfig, type DeferrableSensorOptions, type SensorConfig } from './sensor-options.js';

export interface TimeDeltaSensorOptions extends DeferrableSensorOptions {
  /** Added to the run's data interval end (or, without one, its logical date / run-after time). */
  delta: Duration;
}

export type TimeDeltaSensorConfig = { readonly sensor: SensorConfig; readonly deltaMs: number };

export function timeDeltaSensor(id: string, options: TimeDeltaSensorOptions): TaskRef<null> {
  return operatorTask<null>('timeDeltaSensor', id, (check) => {
    const { delta, ...rest } = options;
    if (delta === undefined) check.fail('delta', "is required: how long after the data interval's end to wait, e.g. '1h'");
    // A negative delta is allowed in Airflow (wait until before the interval end); keep that.
    const deltaMs = check.duration('delta', delta, Number.MIN_SAFE_INTEGER, true);
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: TimeDeltaSensorConfig = { sensor, deltaMs };
    return { kind: 'time_delta_sensor', operator: sensor.deferrable ? 'TimeDeltaSensorAsync' : 'TimeDeltaSensor', options: taskOptions, config };
  });
}

export interface DateTimeSensorOptions extends DeferrableSensorOptions {
  /** An ISO-8601 date-time, templated (e.g. '{{ ds }}T18:00:00Z'); without a zone it is UTC. */
  targetTime: string;
}

export type DateTimeSensorConfig = { readonly sensor: SensorConfig; readonly targetTime: string };

export function dateTimeSensor(id: string, options: DateTimeSensorOptions): TaskRef<null> {
  return operatorTask<null>('dateTimeSensor', id, (check) => {
    const { targetTime, ...rest } = options;
    const text = check.text('targetTime', targetTime);
    if (!text.includes('{{') && Number.isNaN(Date.parse(text))) check.fail('targetTime', `must be an ISO-8601 date-time such as '2024-01-01T12:00:00Z' (or a template), got ${JSON.stringify(text)}`);
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: DateTimeSensorConfig = { sensor, targetTime: text };
    return { kind: 'date_time_sensor', operator: sensor.deferrable ? 'DateTimeSensorAsync' : 'DateTimeSensor', options: taskOptions, config };
  });
}
