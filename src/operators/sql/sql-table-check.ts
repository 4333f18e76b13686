/**
 * Executor of `sqlTableCheck`: one query, one row per check (the minimum of
 * its condition over the rows: 1 only if it holds for all of them).
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { SqlTable } from '../../hooks/sql/sql-hook.js';
import type { SqlTableCheckConfig } from '../../sdk/operators/sql-table-check.js';
import { executor, succeeded } from '../operator.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { parseBoolean, show } from './checks/values.js';
import { whereOf } from './sql-column-check.js';
import { withSqlHook } from './with-sql-hook.js';

export const sqlTableCheckExecutor = executor<SqlTableCheckConfig>(async (config, ctx) => {
  const render = (text: string | null) => (text === null ? null : noSemicolon(ctx.render(text)));
  const table = ctx.render(config.table);
  const checks = Object.fromEntries(
    Object.entries(config.checks).map(([name, spec]) => [name, { checkStatement: ctx.render(spec.checkStatement), partitionClause: render(spec.partitionClause) }]),
  );
  const sql = tableCheckSql(table, checks, render(config.partitionClause));
  ctx.log.info(`Executing table checks: ${sql}`);
  const result = await withSqlHook(ctx, config.connId, (hook) => hook.queryArrays(sql));
  return succeeded(evaluateTableChecks(result, checks, table, sql));
});

function noSemicolon(clause: string): string {
  if (clause.includes(';')) throw new Error(`the partition clause ${JSON.stringify(clause)} contains a semicolon (;) after templating: it is pasted into a WHERE clause`);
  return clause;
}

type Checks = SqlTableCheckConfig['checks'];

/** Airflow's shape: `SELECT '<name>' AS check_name, MIN(check_result) ... FROM (SELECT CASE WHEN <condition> THEN 1 ELSE 0 END ...)` per check, UNION ALL. */
export function tableCheckSql(table: string, checks: Checks, partitionClause: string | null): string {
  return Object.entries(checks)
    .map(([name, spec]) => {
      const where = whereOf(partitionClause, spec.partitionClause);
      return (
        `SELECT '${name.replaceAll("'", "''")}' AS check_name, MIN(check_result) AS check_result ` +
        `FROM (SELECT CASE WHEN ${spec.checkStatement} THEN 1 ELSE 0 END AS check_result FROM ${table}${where ? ` WHERE ${where}` : ''}) AS sq`
      );
    })
    .join(' UNION ALL ');
}

export function evaluateTableChecks(result: SqlTable, checks: Checks, table: string, sql: string): Record<string, boolean> {
  if (result.rows.length === 0) throw new DataQualityError(`SQL table check failed: the following query returned zero rows: ${sql}`);
  const outcome: Record<string, boolean> = {};
  const failures: string[] = [];
  for (const [name, value] of result.rows.map((row) => [String(row[0]), row[1] ?? null] as [string, JsonValue])) {
    const spec = checks[name];
    if (!spec) continue;
    const passed = parseBoolean(value);
    outcome[name] = passed === true;
    if (passed === true) continue;
    const why = value === null ? 'no rows to check it on' : passed === false ? 'it does not hold' : `the result ${show(value)} is not a boolean`;
    failures.push(`  check '${name}' (${spec.checkStatement}${spec.partitionClause ? ` WHERE ${spec.partitionClause}` : ''}): ${why}`);
  }
  if (failures.length > 0) {
    throw new DataQualityError(
      `SQL table check failed on ${table}: ${failures.length} of ${Object.keys(checks).length} check${Object.keys(checks).length === 1 ? '' : 's'} failed:\n${failures.join('\n')}`,
    );
  }
  return outcome;
}
