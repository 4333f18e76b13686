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
    if (!text.includes('{{') && parseTargetTime(text) === null) check.fail('targetTime', `must be an ISO-8601 date-time (or a template): ${TARGET_TIME_FORMS}; got ${JSON.stringify(text)}`);
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: DateTimeSensorConfig = { sensor, targetTime: text };
    return { kind: 'date_time_sensor', operator: sensor.deferrable ? 'DateTimeSensorAsync' : 'DateTimeSensor', options: taskOptions, config };
  });
}

/** The forms `parseTargetTime` accepts, for error messages. */
export const TARGET_TIME_FORMS = "YYYY-MM-DD, 'YYYY-MM-DD HH:MM[:SS[.fff]]' or YYYY-MM-DDTHH:MM[:SS[.fff]], each optionally followed by Z or an offset such as +02:00 (without one it is UTC)";

const TARGET_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:([zZ])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Reads a target time; null when it is not one of TARGET_TIME_FORMS. A time without a
 * zone is UTC (Airflow reads naive target times in its default zone, UTC), never the
 * worker's local zone, so this computes the instant itself instead of using Date.parse.
 */
export function parseTargetTime(text: string): Date | null {
  const m = TARGET_TIME.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 19xx
  local.setUTCHours(hour, minute, second, ms);
  // Out-of-range fields roll over (2024-02-30 becomes March 1): refuse them instead.
  const fields = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  if (fields.some((value, i) => value !== [year, month, day, hour, minute, second][i])) return null;
  if (m[9] === undefined) return local;
  const offsetHours = Number(m[10]);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const sign = m[9] === '-' ? -1 : 1;
  return new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}
