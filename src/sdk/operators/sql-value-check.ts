/**
 * `sqlValueCheck(id, { connId, sql, passValue, tolerance })`: every value of
 * the query's first row must equal `passValue` (Airflow's SQLValueCheckOperator).
 * When `passValue` is a number (or numeric text) the values are compared as
 * numbers, within `tolerance` when given (0.1: within 10% either way);
 * otherwise as text. A failure names the values that missed. XCom: the first
 * row, as a list.
 *
 *   sqlValueCheck('row_count', { connId: 'warehouse', sql: 'SELECT COUNT(*) FROM sales', passValue: 1000, tolerance: 0.05 });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { checkParameters, splitSqlOptions, type SqlConnectionOptions, type SqlTaskParameters } from './sql-options.js';

export interface SqlValueCheckOptions extends SqlConnectionOptions {
  /** A query whose first row holds the values to check; templated. */
  sql: string;
  /** The expected value; text is templated (`'{{ ds }}'`). */
  passValue: string | number | boolean;
  /** Relative tolerance for numeric checks: 0.1 accepts passValue ± 10%. */
  tolerance?: number;
  parameters?: SqlTaskParameters;
}

export type SqlValueCheckConfig = {
  readonly connId: string;
  readonly sql: string;
  readonly parameters: SqlTaskParameters | null;
  readonly passValue: string | number | boolean;
  readonly tolerance: number | null;
};

export function sqlValueCheck(id: string, options: SqlValueCheckOptions): TaskRef<JsonValue[]> {
  return operatorTask<JsonValue[]>('sqlValueCheck', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { sql, passValue, tolerance, parameters, ...taskOptions } = rest;
    if (!['string', 'number', 'boolean'].includes(typeof passValue)) check.fail('passValue', 'must be text, a number or a boolean');
    if (typeof passValue === 'number') check.number('passValue', passValue);
    if (tolerance !== undefined && check.number('tolerance', tolerance) < 0) check.fail('tolerance', `must be >= 0, got ${tolerance}`);
    const config: SqlValueCheckConfig = {
      connId: check.text('connId', connId),
      sql: check.text('sql', sql),
      parameters: checkParameters(check, parameters),
      passValue,
      tolerance: tolerance ?? null,
    };
    return { kind: 'sql_value_check', operator: 'SQLValueCheckOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
