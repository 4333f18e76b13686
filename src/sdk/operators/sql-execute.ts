/**
 * `sqlExecute(id, { connId, sql })`: runs SQL statements on a database
 * connection (Airflow's SQLExecuteQueryOperator, for statements rather than
 * results). A script is split at top-level semicolons and run in one
 * transaction, committed at the end (`autocommit: true` commits each statement
 * by itself). The SQL and string parameters are templated (`{{ ds }}`).
 * XCom: `{ statements, rowsAffected }`.
 *
 *   sqlExecute('load', { connId: 'warehouse', sql: 'DELETE FROM sales WHERE day = :day', parameters: { day: '{{ ds }}' } });
 */
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { checkParameters, splitSqlOptions, type SqlConnectionOptions, type SqlTaskParameters } from './sql-options.js';

export interface SqlExecuteOptions extends SqlConnectionOptions {
  /** A script, or a list of statements; templated. */
  sql: string | readonly string[];
  parameters?: SqlTaskParameters;
  /** Commit each statement by itself (default false: one transaction for all). */
  autocommit?: boolean;
  /** Split scripts at top-level semicolons (default true); false hands each text to the driver whole. */
  splitStatements?: boolean;
}

export type SqlExecuteConfig = {
  readonly connId: string;
  readonly sql: string | readonly string[];
  readonly parameters: SqlTaskParameters | null;
  readonly autocommit: boolean;
  readonly splitStatements: boolean;
};

export interface SqlExecuteResult {
  readonly statements: number;
  /** Rows inserted, updated or deleted by all statements. */
  readonly rowsAffected: number;
}

export function sqlExecute(id: string, options: SqlExecuteOptions): TaskRef<SqlExecuteResult> {
  return operatorTask<SqlExecuteResult>('sqlExecute', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { sql, parameters, autocommit, splitStatements, ...taskOptions } = rest;
    const config: SqlExecuteConfig = {
      connId: check.text('connId', connId),
      sql: check.textOrList('sql', sql),
      parameters: checkParameters(check, parameters),
      autocommit: check.boolean('autocommit', autocommit, false),
      splitStatements: check.boolean('splitStatements', splitStatements, true),
    };
    return { kind: 'sql_execute', operator: 'SQLExecuteQueryOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
