/** How many tasks of one fan-out run overlapped, and how long each phase took. */
import { fanoutDagFile } from '../support/dag-files.js';
import { startHarness } from '../support/updraft-harness.js';

const width = Number(process.argv[2] ?? 1000);
const h = await startHarness({ 'f.ts': fanoutDagFile('f', width) }, { 'core.parallelism': 32 });
const { run, ms } = await h.runOnce('f');
const tis = (await h.app.store.taskInstances.list({ dagId: 'f', runId: run.runId })).items;
const pids = new Set(tis.map((t) => t.pid));
const events: [number, number][] = [];
let q2s = 0, s2e = 0;
for (const t of tis) {
  events.push([t.startDate!.getTime(), 1], [t.endDate!.getTime(), -1]);
  q2s += t.startDate!.getTime() - t.queuedAt!.getTime();
  s2e += t.endDate!.getTime() - t.startDate!.getTime();
}
events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
let cur = 0, max = 0;
for (const [, d] of events) { cur += d; max = Math.max(max, cur); }
console.log(JSON.stringify({ ms: Math.round(ms), state: run.state, pids: pids.size, maxOverlap: max, avgQueuedToStart: q2s / tis.length, avgStartToEnd: s2e / tis.length }));
await h.close();
