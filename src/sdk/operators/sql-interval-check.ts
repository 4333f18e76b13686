/**
 * `sqlIntervalCheck(id, { connId, table, metricsThresholds })`: compares
 * metrics (SQL expressions) of the run's day with the same metrics `daysBack`
 * days earlier (Airflow's SQLIntervalCheckOperator). Rows are picked by
 * `dateFilterColumn = '{{ ds }}'`. For each metric the ratio of today (cur) to
 * then (ref) must stay below its threshold:
 *
 * - `max_over_min` (default): max(cur, ref) / min(cur, ref)
 * - `relative_diff`: |cur - ref| / ref
 *
 * A metric that is 0 (or null) on either day passes when `ignoreZero` (default
 * true) and fails otherwise. The failure names each failed metric with both
 * values, the ratio and the threshold. Needs a run with a logical date.
 * XCom: per metric `{ current, reference, ratio, threshold, passed }`.
 *
 *   sqlIntervalCheck('stable_volume', { connId: 'warehouse', table: 'fact_sales', dateFilterColumn: 'sale_date',
 *     metricsThresholds: { 'COUNT(*)': 1.5, 'SUM(amount)': 2 } });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { splitSqlOptions, type SqlConnectionOptions } from './sql-options.js';

export const RATIO_FORMULAS = ['max_over_min', 'relative_diff'] as const;
export type RatioFormula = (typeof RATIO_FORMULAS)[number];

export interface SqlIntervalCheckOptions extends SqlConnectionOptions {
  /** Templated. */
  table: string;
  /** SQL expression (e.g. 'COUNT(*)') -> the ratio it must stay below. */
  metricsThresholds: Readonly<Record<string, number>>;
  /** Column holding the day, compared with 'YYYY-MM-DD' text (default 'ds', as Airflow). */
  dateFilterColumn?: string;
  /** How many days back the reference day is (default 7; the sign is ignored). */
  daysBack?: number;
  ratioFormula?: RatioFormula;
  ignoreZero?: boolean;
}

export type SqlIntervalCheckConfig = {
  readonly connId: string;
  readonly table: string;
  readonly metricsThresholds: { readonly [metric: string]: number };
  readonly dateFilterColumn: string;
  readonly daysBack: number;
  readonly ratioFormula: RatioFormula;
  readonly ignoreZero: boolean;
};

export interface IntervalMetricResult {
  readonly current: JsonValue;
  readonly reference: JsonValue;
  /** null when a value is 0 or null. */
  readonly ratio: number | null;
  readonly threshold: number;
  readonly passed: boolean;
}

export function sqlIntervalCheck(id: string, options: SqlIntervalCheckOptions): TaskRef<Record<string, IntervalMetricResult>> {
  return operatorTask<Record<string, IntervalMetricResult>>('sqlIntervalCheck', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { table, metricsThresholds, dateFilterColumn, daysBack, ratioFormula, ignoreZero, ...taskOptions } = rest;
    const thresholds = check.object('metricsThresholds', metricsThresholds);
    if (Object.keys(thresholds).length === 0) check.fail('metricsThresholds', "must name at least one metric, e.g. { 'COUNT(*)': 1.5 }");
    for (const [metric, threshold] of Object.entries(thresholds)) check.number(`metricsThresholds['${metric}']`, threshold);
    const days = daysBack === undefined ? 7 : check.number('daysBack', daysBack);
    if (!Number.isInteger(days) || days === 0) check.fail('daysBack', `must be a whole number of days other than 0, got ${days}`);
    const config: SqlIntervalCheckConfig = {
      connId: check.text('connId', connId),
      table: check.text('table', table),
      metricsThresholds: thresholds as Record<string, number>,
      dateFilterColumn: dateFilterColumn === undefined ? 'ds' : check.text('dateFilterColumn', dateFilterColumn),
      daysBack: Math.abs(days),
      ratioFormula: check.oneOf('ratioFormula', ratioFormula, RATIO_FORMULAS, 'max_over_min'),
      ignoreZero: check.boolean('ignoreZero', ignoreZero, true),
    };
    return { kind: 'sql_interval_check', operator: 'SQLIntervalCheckOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
