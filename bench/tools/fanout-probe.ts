/**
 * One fan-out run of a given width, for profiling (`node --cpu-prof --cpu-prof-dir=/tmp/prof
 * --import tsx bench/tools/fanout-probe.ts 1000`, then bench/tools/summarise-cpuprofile.mjs).
 */
import { timeFanout } from '../fanout.bench.js';

const width = Number(process.argv[2] ?? 1000);
const t0 = performance.now();
const times = await timeFanout(width, 0, 1);
console.log(JSON.stringify({ width, times: times.map(Math.round), total: Math.round(performance.now() - t0) }));
