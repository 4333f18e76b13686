/**
 * Executor of `sqlIntervalCheck`: the metrics of the run's day against the same
 * metrics `daysBack` days earlier, each ratio below its threshold.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { IntervalMetricResult, RatioFormula, SqlIntervalCheckConfig } from '../../sdk/operators/sql-interval-check.js';
import { executor, succeeded } from '../operator.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { show, toNumber } from './checks/values.js';
import { withSqlHook } from './with-sql-hook.js';

export const sqlIntervalCheckExecutor = executor<SqlIntervalCheckConfig>(async (config, ctx) => {
  const day = ctx.context.ds;
  if (day === null) {
    throw new Error(
      `${ctx.where}: sqlIntervalCheck compares the run's day ({{ ds }}) with ${config.daysBack} days earlier, ` +
        'and this run has no logical date: trigger it with a logical date, or let the schedule create it',
    );
  }
  const referenceDay = addDays(day, -config.daysBack);
  // Sorted, as Airflow does, so the columns of both rows line up with the metrics.
  const metrics = Object.keys(config.metricsThresholds).sort();
  const sql = `SELECT ${metrics.map(ctx.render).join(', ')} FROM ${ctx.render(config.table)} WHERE ${config.dateFilterColumn} = :day`;
  ctx.log.info(`Using ratio formula: ${config.ratioFormula}`);
  const [reference, current] = await withSqlHook(ctx, config.connId, async (hook) => [
    await hook.firstArray(sql, { day: referenceDay }),
    await hook.firstArray(sql, { day }),
  ]);
  if (reference === null) throw new DataQualityError(`SQL interval check failed: the query for the reference day ${referenceDay} returned zero rows: ${sql}`);
  if (current === null) throw new DataQualityError(`SQL interval check failed: the query for ${day} returned zero rows: ${sql}`);
  const outcome = evaluateInterval({
    metrics,
    thresholds: config.metricsThresholds,
    current,
    reference,
    ratioFormula: config.ratioFormula,
    ignoreZero: config.ignoreZero,
  });
  for (const metric of metrics) {
    const r = outcome.results[metric] as IntervalMetricResult;
    ctx.log.info(`${metric}: current ${show(r.current)}, past ${show(r.reference)}, ratio ${r.ratio ?? 'none'}, threshold ${r.threshold}: ${r.passed ? 'passed' : 'FAILED'}`);
  }
  if (outcome.failed.length > 0) {
    throw new DataQualityError(
      `SQL interval check failed for ${outcome.failed.length} of ${metrics.length} metric${metrics.length === 1 ? '' : 's'} ` +
        `(${day} against ${referenceDay}, ratio ${config.ratioFormula}):\n${outcome.failed.map((m) => describeFailure(m, outcome.results[m] as IntervalMetricResult, config.ignoreZero)).join('\n')}`,
    );
  }
  return succeeded(outcome.results);
});

export interface IntervalInput {
  readonly metrics: readonly string[];
  readonly thresholds: Readonly<Record<string, number>>;
  readonly current: readonly JsonValue[];
  readonly reference: readonly JsonValue[];
  readonly ratioFormula: RatioFormula;
  readonly ignoreZero: boolean;
}

const RATIO_FORMULAS: Readonly<Record<RatioFormula, (cur: number, ref: number) => number>> = {
  max_over_min: (cur, ref) => Math.max(cur, ref) / Math.min(cur, ref),
  relative_diff: (cur, ref) => Math.abs(cur - ref) / ref,
};

/** Per metric: the ratio and whether it stays below the threshold; a 0 or null value passes only with ignoreZero. */
export function evaluateInterval(input: IntervalInput): { results: Record<string, IntervalMetricResult>; failed: string[] } {
  const results: Record<string, IntervalMetricResult> = {};
  input.metrics.forEach((metric, index) => {
    const current = input.current[index] ?? null;
    const reference = input.reference[index] ?? null;
    const threshold = input.thresholds[metric] as number;
    const cur = current === null ? 0 : toNumber(current);
    const ref = reference === null ? 0 : toNumber(reference);
    if (cur === null || ref === null) {
      throw new DataQualityError(`SQL interval check failed: metric ${metric} is not a number (current ${show(current)}, past ${show(reference)})`);
    }
    if (cur === 0 || ref === 0) {
      results[metric] = { current, reference, ratio: null, threshold, passed: input.ignoreZero };
      return;
    }
    const ratio = RATIO_FORMULAS[input.ratioFormula](cur, ref);
    results[metric] = { current, reference, ratio, threshold, passed: ratio < threshold };
  });
  const failed = input.metrics.filter((m) => !(results[m] as IntervalMetricResult).passed).sort();
  return { results, failed };
}

function describeFailure(metric: string, r: IntervalMetricResult, ignoreZero: boolean): string {
  const values = `current ${show(r.current)}, past ${show(r.reference)}`;
  if (r.ratio === null) return `  ${metric}: ${values}: a zero value fails because ignoreZero is ${ignoreZero}`;
  return `  ${metric}: ${values}, ratio ${r.ratio} is not below the threshold ${r.threshold}`;
}

/** 'YYYY-MM-DD' plus `days` (negative: earlier), as Airflow's macros.ds_add. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
