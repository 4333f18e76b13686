/**
 * The `schedule` option as DAG authors write it, turned into a `ScheduleSpec`.
 *
 *   schedule: '@daily'                                   cron preset, in the DAG's timezone
 *   schedule: '0 2 * * *'                                cron expression
 *   schedule: { cron: '0 2 * * *', timezone: 'Europe/Paris', dataIntervals: true }
 *   schedule: { every: '6h' }                            fixed interval from startDate
 *   schedule: '@once' | null                             one run, or manual runs only
 *   schedule: { assets: ['s3://bucket/songs'] }          when assets are updated
 */
import type { ScheduleSpec } from '../core/dag-spec.js';
import { parseDuration } from '../core/duration.js';
import type { Duration } from './task-options.js';

export type Schedule =
  | string
  | null
  | { readonly cron: string; readonly timezone?: string; readonly dataIntervals?: boolean }
  | { readonly every: Duration; readonly dataIntervals?: boolean }
  | { readonly assets: readonly string[] };

export function toScheduleSpec(schedule: Schedule | undefined, dagTimezone: string): ScheduleSpec {
  if (schedule === undefined || schedule === null) return { kind: 'none' };
  if (typeof schedule === 'string') {
    const text = schedule.trim();
    if (text === '' || text === '@none' || text === 'none') return { kind: 'none' };
    if (text === '@once') return { kind: 'once' };
    return { kind: 'cron', expression: text, timezone: dagTimezone, dataIntervals: false };
  }
  if ('cron' in schedule) {
    return {
      kind: 'cron',
      expression: schedule.cron.trim(),
      timezone: schedule.timezone ?? dagTimezone,
      dataIntervals: schedule.dataIntervals ?? false,
    };
  }
  if ('every' in schedule) {
    // Airflow 3 keeps data intervals for timedelta schedules by default (create_delta_data_intervals).
    return { kind: 'interval', everyMs: parseDuration(schedule.every), dataIntervals: schedule.dataIntervals ?? true };
  }
  return { kind: 'assets', assets: [...schedule.assets] };
}
