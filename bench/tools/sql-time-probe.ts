/**
 * Where the store's time goes: times every better-sqlite3 statement by SQL text
 * during one fan-out run and prints the costliest. `node --import tsx bench/tools/sql-time-probe.ts 1000`
 */
import Database from 'better-sqlite3';
import { timeFanout } from '../fanout.bench.js';

const totals = new Map<string, { ms: number; calls: number }>();
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
const width = Number(process.argv[2] ?? 1000);
const times = await timeFanout(width, 0, 1);
console.log(JSON.stringify({ width, times: times.map(Math.round) }));
for (const [sql, { ms, calls }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(7)} calls  ${sql.slice(0, 160)}`);
}
