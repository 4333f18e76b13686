/**
 * The SQL hook for an operator's connection, wired to the task: statements go
 * to its log, its timeout or cancel stops the running statement, and the
 * connection is closed when the work is done, whatever happened.
 */
import { lookUpSqlConnection } from '../../hooks/sql/default-connections.js';
import { sqlHookFor } from '../../hooks/sql/sql-hook-for.js';
import type { SqlHook } from '../../hooks/sql/sql-hook.js';
import type { SqlParameters } from '../../hooks/sql/sql-text.js';
import type { SqlTaskParameters } from '../../sdk/operators/sql-options.js';
import type { OperatorContext } from '../operator.js';

export async function withSqlHook<T>(ctx: OperatorContext, connId: string, work: (hook: SqlHook) => Promise<T>): Promise<T> {
  const connection = await lookUpSqlConnection({ get: ctx.connection }, ctx.render(connId));
  const hook = sqlHookFor(connection, { log: ctx.log, signal: ctx.signal });
  try {
    return await work(hook);
  } finally {
    await hook.close();
  }
}

/** Parameters with their strings templated; undefined when there are none. */
export function renderedParameters(ctx: OperatorContext, parameters: SqlTaskParameters | null): SqlParameters | undefined {
  return parameters === null ? undefined : (ctx.renderJson(parameters) as SqlParameters);
}
