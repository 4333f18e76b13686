/**
 * Where the store's time goes: times every better-sqlite3 statement by SQL text
 * during one fan-out run and prints the costliest. `node --import tsx bench/tools/sql-time-probe.ts 1000`
 */
import { timeFanout } from '../fanout.bench.js';
import { timeSqliteStatements, type StatementTotals } from './sqlite-statement-timer.js';

const totals: StatementTotals = new Map();
timeSqliteStatements(totals);
const width = Number(process.argv[2] ?? 1000);
const times = await timeFanout(width, 0, 1);
console.log(JSON.stringify({ width, times: times.map(Math.round) }));
for (const [sql, { ms, calls }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(7)} calls  ${sql.slice(0, 160)}`);
}
