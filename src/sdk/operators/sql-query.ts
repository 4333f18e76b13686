/**
 * `sqlQuery<Row>(id, { connId, sql })`: runs one query and returns its rows as
 * the task's XCom, one object per row keyed by column name (Airflow's
 * SQLExecuteQueryOperator with its results pushed). Values are JSON: see
 * `updraft/hooks` for the rules (bigints, decimals, dates). A result of more
 * than `maxRows` rows (default 1000) fails the task rather than flooding the
 * metadata database: raise `maxRows`, or aggregate in SQL.
 *
 *   const totals = sqlQuery<{ day: string; total: number }>('totals', {
 *     connId: 'warehouse', sql: 'SELECT day, SUM(amount) AS total FROM sales WHERE day = :day GROUP BY day',
 *     parameters: { day: '{{ ds }}' },
 *   });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { checkParameters, splitSqlOptions, type SqlConnectionOptions, type SqlTaskParameters } from './sql-options.js';

export const DEFAULT_MAX_ROWS = 1000;

export interface SqlQueryOptions extends SqlConnectionOptions {
  /** One statement; templated. */
  sql: string;
  parameters?: SqlTaskParameters;
  /** Fail when the result has more rows than this (default 1000). */
  maxRows?: number;
}

export type SqlQueryConfig = {
  readonly connId: string;
  readonly sql: string;
  readonly parameters: SqlTaskParameters | null;
  readonly maxRows: number;
};

export function sqlQuery<Row = Record<string, JsonValue>>(id: string, options: SqlQueryOptions): TaskRef<Row[]> {
  return operatorTask<Row[]>('sqlQuery', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { sql, parameters, maxRows, ...taskOptions } = rest;
    const config: SqlQueryConfig = {
      connId: check.text('connId', connId),
      sql: check.text('sql', sql),
      parameters: checkParameters(check, parameters),
      maxRows: check.integer('maxRows', maxRows, DEFAULT_MAX_ROWS, 1),
    };
    return { kind: 'sql_query', operator: 'SQLExecuteQueryOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
