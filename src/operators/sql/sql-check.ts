/** Executor of `sqlCheck`: the first row must have only truthy values. */
import type { JsonValue } from '../../core/dag-spec.js';
import type { SqlTable } from '../../hooks/sql/sql-hook.js';
import type { SqlCheckConfig } from '../../sdk/operators/sql-check.js';
import { executor, succeeded } from '../operator.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { isTruthy, show } from './checks/values.js';
import { renderedParameters, withSqlHook } from './with-sql-hook.js';

export const sqlCheckExecutor = executor<SqlCheckConfig>(async (config, ctx) => {
  const sql = ctx.render(config.sql);
  ctx.log.info(`Executing SQL check: ${sql}`);
  const table = await withSqlHook(ctx, config.connId, (hook) => hook.queryArrays(sql, renderedParameters(ctx, config.parameters), { limit: 1 }));
  const row = evaluateTruthyCheck(table, sql);
  ctx.log.info(`Record: ${show(row as JsonValue[])}: all values are truthy`);
  return succeeded(row);
});

/** The first row when every value is truthy; a DataQualityError naming the falsy columns otherwise. */
export function evaluateTruthyCheck(table: SqlTable, sql: string): readonly JsonValue[] {
  const row = table.rows[0];
  if (row === undefined || row.length === 0) throw new DataQualityError(`SQL check failed: the query returned zero rows: ${sql}`);
  const falsy = row.flatMap((value, index) => (isTruthy(value) ? [] : [`${table.columns[index] ?? `column ${index + 1}`} = ${show(value)}`]));
  if (falsy.length > 0) {
    throw new DataQualityError(
      `SQL check failed: ${falsy.length} of ${row.length} value${row.length === 1 ? '' : 's'} in the first row ${falsy.length === 1 ? 'is' : 'are'} falsy ` +
        `(false, 0, null or empty): ${falsy.join(', ')}\nQuery: ${sql}\nRow: ${show(row as JsonValue[])}`,
    );
  }
  return row;
}
