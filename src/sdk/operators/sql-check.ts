/**
 * `sqlCheck(id, { connId, sql })`: a data-quality check that passes when the
 * first row of the query has only truthy values (Airflow's SQLCheckOperator):
 * it fails when the query returns no row, or when any value of the first row
 * is false, 0, null, empty text, or an empty list or object. The failure names
 * the falsy columns and their values. XCom: the first row, as a list.
 *
 *   sqlCheck('no_orphans', { connId: 'warehouse', sql: 'SELECT COUNT(*) = 0 FROM sales s LEFT JOIN dim_store d USING (store_id) WHERE d.store_id IS NULL' });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { checkParameters, splitSqlOptions, type SqlConnectionOptions, type SqlTaskParameters } from './sql-options.js';

export interface SqlCheckOptions extends SqlConnectionOptions {
  /** A query whose first row must be all truthy; templated. */
  sql: string;
  parameters?: SqlTaskParameters;
}

export type SqlCheckConfig = {
  readonly connId: string;
  readonly sql: string;
  readonly parameters: SqlTaskParameters | null;
};

export function sqlCheck(id: string, options: SqlCheckOptions): TaskRef<JsonValue[]> {
  return operatorTask<JsonValue[]>('sqlCheck', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { sql, parameters, ...taskOptions } = rest;
    const config: SqlCheckConfig = { connId: check.text('connId', connId), sql: check.text('sql', sql), parameters: checkParameters(check, parameters) };
    return { kind: 'sql_check', operator: 'SQLCheckOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
