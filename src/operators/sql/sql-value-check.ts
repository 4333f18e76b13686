/**
 * Executor of `sqlValueCheck`: every value of the first row must match the pass
 * value, numerically (within the tolerance) when the pass value is a number.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { SqlTable } from '../../hooks/sql/sql-hook.js';
import type { SqlValueCheckConfig } from '../../sdk/operators/sql-value-check.js';
import { executor, succeeded } from '../operator.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { show, toNumber } from './checks/values.js';
import { renderedParameters, withSqlHook } from './with-sql-hook.js';

export const sqlValueCheckExecutor = executor<SqlValueCheckConfig>(async (config, ctx) => {
  const sql = ctx.render(config.sql);
  const passValue = typeof config.passValue === 'string' ? ctx.render(config.passValue) : config.passValue;
  ctx.log.info(`Executing SQL value check: ${sql}`);
  const table = await withSqlHook(ctx, config.connId, (hook) => hook.queryArrays(sql, renderedParameters(ctx, config.parameters), { limit: 1 }));
  const row = evaluateValueCheck(table, passValue, config.tolerance, sql);
  ctx.log.info(`Record: ${show(row as JsonValue[])} matches ${show(passValue)}`);
  return succeeded(row);
});

export function evaluateValueCheck(table: SqlTable, passValue: string | number | boolean, tolerance: number | null, sql: string): readonly JsonValue[] {
  const row = table.rows[0];
  if (row === undefined || row.length === 0) throw new DataQualityError(`SQL value check failed: the query returned zero rows: ${sql}`);
  const expectedNumber = typeof passValue === 'boolean' ? null : toNumber(passValue);
  const name = (index: number) => table.columns[index] ?? `column ${index + 1}`;
  const expectation =
    expectedNumber === null
      ? `the text ${show(String(passValue))}`
      : tolerance === null
        ? `${expectedNumber}`
        : `${expectedNumber} within ${formatPercent(tolerance)} tolerance (${bounds(expectedNumber, tolerance).join(' to ')})`;
  const misses: string[] = [];
  row.forEach((value, index) => {
    if (expectedNumber === null) {
      if (String(value) !== String(passValue)) misses.push(`${name(index)} = ${show(value)}`);
      return;
    }
    const actual = toNumber(value);
    if (actual === null) {
      throw new DataQualityError(
        `SQL value check failed: ${name(index)} = ${show(value)} is not a number, so it cannot be compared with ${expectation}\nQuery: ${sql}`,
      );
    }
    const [low, high] = tolerance === null ? [expectedNumber, expectedNumber] : bounds(expectedNumber, tolerance);
    if (actual < low || actual > high) misses.push(`${name(index)} = ${show(value)}`);
  });
  if (misses.length > 0) {
    throw new DataQualityError(
      `SQL value check failed: expected ${expectation}, got ${misses.join(', ')}\nPass value: ${show(passValue)}\n` +
        `Tolerance: ${tolerance === null ? 'none' : formatPercent(tolerance)}\nQuery: ${sql}\nRow: ${show(row as JsonValue[])}`,
    );
  }
  return row;
}

/** pass * (1 - tol) .. pass * (1 + tol), ordered (Airflow's bounds cross for a negative pass value). */
function bounds(pass: number, tolerance: number): [number, number] {
  const a = pass * (1 - tolerance);
  const b = pass * (1 + tolerance);
  return a <= b ? [a, b] : [b, a];
}

/** 1 -> '100.0%', as Airflow writes tolerances. */
function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
