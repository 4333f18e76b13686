/**
 * `sqlTableCheck(id, { connId, table, checks })`: named checks over a table,
 * each a SQL condition that must hold (Airflow's SQLTableCheckOperator). A
 * condition over aggregates holds once (`COUNT(*) >= 1000`, the row-count
 * check); a condition over columns must hold for every row
 * (`amount >= 0`). A `partitionClause` (here or per check; both apply)
 * filters the rows. The failure names every failed check with its condition.
 * XCom: check name -> passed.
 *
 *   sqlTableCheck('sales_table', { connId: 'warehouse', table: 'fact_sales', checks: {
 *     row_count: { checkStatement: 'COUNT(*) >= 1' },
 *     positive_amounts: { checkStatement: 'amount >= 0' },
 *   } });
 */
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { checkPartitionClause } from './sql-column-check.js';
import { splitSqlOptions, type SqlConnectionOptions } from './sql-options.js';

export interface TableCheckSpec {
  /** A SQL condition; templated. */
  checkStatement: string;
  /** SQL condition for the rows this check looks at; ANDed with the operator's; templated. */
  partitionClause?: string;
}

export interface SqlTableCheckOptions extends SqlConnectionOptions {
  /** Templated. */
  table: string;
  checks: Readonly<Record<string, TableCheckSpec>>;
  /** SQL condition for the rows every check looks at; templated; no semicolons. */
  partitionClause?: string;
}

export type SqlTableCheckConfig = {
  readonly connId: string;
  readonly table: string;
  readonly checks: { readonly [name: string]: { readonly checkStatement: string; readonly partitionClause: string | null } };
  readonly partitionClause: string | null;
};

export function sqlTableCheck(id: string, options: SqlTableCheckOptions): TaskRef<Record<string, boolean>> {
  return operatorTask<Record<string, boolean>>('sqlTableCheck', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { table, checks, partitionClause, ...taskOptions } = rest;
    const given = check.object('checks', checks);
    if (Object.keys(given).length === 0) check.fail('checks', "must name at least one check, e.g. { row_count: { checkStatement: 'COUNT(*) >= 1' } }");
    const checked: Record<string, { checkStatement: string; partitionClause: string | null }> = {};
    for (const [name, spec] of Object.entries(given)) {
      const s = check.object(`checks.${name}`, spec);
      checked[name] = {
        checkStatement: check.text(`checks.${name}.checkStatement`, s.checkStatement),
        partitionClause: checkPartitionClause(check, `checks.${name}.partitionClause`, s.partitionClause),
      };
    }
    const config: SqlTableCheckConfig = {
      connId: check.text('connId', connId),
      table: check.text('table', table),
      checks: checked,
      partitionClause: checkPartitionClause(check, 'partitionClause', partitionClause),
    };
    return { kind: 'sql_table_check', operator: 'SQLTableCheckOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
