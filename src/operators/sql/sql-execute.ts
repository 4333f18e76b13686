/** Executor of `sqlExecute`: runs the statements; XCom `{ statements, rowsAffected }`. */
import type { SqlExecuteConfig, SqlExecuteResult } from '../../sdk/operators/sql-execute.js';
import { executor, succeeded } from '../operator.js';
import { renderedParameters, withSqlHook } from './with-sql-hook.js';

export const sqlExecuteExecutor = executor<SqlExecuteConfig>(async (config, ctx) => {
  const sql = typeof config.sql === 'string' ? ctx.render(config.sql) : config.sql.map(ctx.render);
  const result = await withSqlHook(ctx, config.connId, (hook) =>
    hook.run(sql, renderedParameters(ctx, config.parameters), { autocommit: config.autocommit, splitStatements: config.splitStatements }),
  );
  const xcom: SqlExecuteResult = { statements: result.statements, rowsAffected: result.rowsAffected };
  return succeeded(xcom);
});
