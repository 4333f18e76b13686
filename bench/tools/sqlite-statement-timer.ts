/**
 * Times every better-sqlite3 statement by its SQL text, for the probes that ask
 * where the store's time goes. Call before the store prepares any statement.
 */
import Database from 'better-sqlite3';

export type StatementTotals = Map<string, { ms: number; calls: number }>;

export function timeSqliteStatements(totals: StatementTotals): void {
  const proto = (Database as unknown as { prototype: { prepare: (sql: string) => object } }).prototype;
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, sql: string) {
    const statement = prepare.call(this, sql) as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['all', 'run', 'get', 'iterate']) {
      const original = statement[method];
      if (typeof original !== 'function') continue;
      statement[method] = function (this: unknown, ...args: unknown[]) {
        const t0 = performance.now();
        try {
          return original.apply(statement, args);
        } finally {
          const entry = totals.get(sql) ?? { ms: 0, calls: 0 };
          entry.ms += performance.now() - t0;
          entry.calls += 1;
          totals.set(sql, entry);
        }
      };
    }
    return statement;
  };
}
