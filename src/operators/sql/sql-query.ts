/** Executor of `sqlQuery`: the rows of one query as the XCom, capped at `maxRows`. */
import { RowLimitError } from '../../hooks/sql/sql-hook.js';
import type { SqlQueryConfig } from '../../sdk/operators/sql-query.js';
import { executor, succeeded } from '../operator.js';
import { renderedParameters, withSqlHook } from './with-sql-hook.js';

export const sqlQueryExecutor = executor<SqlQueryConfig>(async (config, ctx) => {
  const sql = ctx.render(config.sql);
  try {
    const rows = await withSqlHook(ctx, config.connId, (hook) => hook.query(sql, renderedParameters(ctx, config.parameters), { maxRows: config.maxRows }));
    ctx.log.info(`The query returned ${rows.length} row${rows.length === 1 ? '' : 's'}`);
    return succeeded(rows);
  } catch (error) {
    if (!(error instanceof RowLimitError)) throw error;
    throw new Error(
      `${ctx.where}: the query returned more than ${config.maxRows} row${config.maxRows === 1 ? '' : 's'} (maxRows ${config.maxRows}): ` +
        'raise maxRows if you need them all, or aggregate or filter in SQL (an XCom is meant for small results)',
    );
  }
});
