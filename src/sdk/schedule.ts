/**
 * The `schedule` option as DAG authors write it, turned into a `ScheduleSpec`.
 *
 *   schedule: '@daily'                                   cron preset, in the DAG's timezone
 *   schedule: '0 2 * * *'                                cron expression
 *   schedule: { cron: '0 2 * * *', timezone: 'Europe/Paris', dataIntervals: true }
 *   schedule: { every: '6h' }                            fixed interval from startDate
 *   schedule: '@once' | null                             one run, or manual runs only
 *   schedule: { assets: ['s3://bucket/songs', songs] }   when all of these assets were updated
 *   schedule: { assets: anyOf('s3://a', allOf(b, c)) }   when a, or both b and c, were updated
 */
import type { ScheduleSpec } from '../core/dag-spec.js';
import { assetConditionUris } from '../core/asset-condition.js';
import { parseDuration } from '../core/duration.js';
import { AssetCollector, isPlainAsset, type AssetAllOf, type AssetAnyOf, type AssetExpression } from './assets.js';
import type { Duration } from './task-options.js';

export type Schedule =
  | string
  | null
  | { readonly cron: string; readonly timezone?: string; readonly dataIntervals?: boolean }
  | { readonly every: Duration; readonly dataIntervals?: boolean }
  | { readonly assets: readonly AssetExpression[] | AssetAllOf | AssetAnyOf };

/** `assets` collects what `asset()` declared; throws an Error saying what is wrong. */
export function toScheduleSpec(schedule: Schedule | undefined, dagTimezone: string, assets = new AssetCollector()): ScheduleSpec {
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
  return assetSchedule(schedule.assets, assets);
}

function assetSchedule(expression: unknown, assets: AssetCollector): ScheduleSpec {
  if (Array.isArray(expression)) {
    if (expression.length === 0) throw new Error('assets: list at least one asset URI (or use schedule: null for manual runs only)');
    const members: unknown[] = expression;
    const condition = { all: members.map((m, i) => withPlace(`assets[${i}]`, () => assets.conditionOf(m))) };
    // The plain list keeps its old serialized form (no condition: all of them), so its hash is unchanged.
    if (members.every(isPlainAsset)) return { kind: 'assets', assets: assetConditionUris(condition) };
    return { kind: 'assets', assets: assetConditionUris(condition), condition };
  }
  const condition = withPlace('assets', () => assets.conditionOf(expression));
  return { kind: 'assets', assets: assetConditionUris(condition), condition };
}

function withPlace<T>(place: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${place}: ${(error as Error).message}`);
  }
}
