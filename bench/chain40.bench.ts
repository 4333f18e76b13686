/**
 * chain40: one DAG of 40 sequential trivial tasks, trigger to run success, on
 * the embedded store with durable commits and every task in a child process.
 * Beside it, in the same run: BullMQ's FlowProducer running a 40-step chain on
 * the local Redis, and graphile-worker chaining 40 jobs on the local
 * PostgreSQL. Both peers run job code inside the worker process (no isolation),
 * and Redis here keeps nothing on disk. Also the scheduling latency (upstream
 * success to downstream running) measured on the same runs.
 */
import type { Benchmark } from './bench-types.js';
import { median, mode, percentile, round, startHarness } from './support/updraft-harness.js';
import { bullmqChain, graphileWorkerChain } from './support/peers.js';
import { chainDagFile } from './support/dag-files.js';

const STEPS = 40;
const WARMUP = 2;
const RUNS = 7;

/** Kept for scripts that import it from here; the DAG files live in support/dag-files.ts. */
export { chainDagFile };

export const benchmarks: Benchmark[] = [
  {
    name: 'chain40',
    async run() {
      const harness = await startHarness({ 'chain.ts': chainDagFile('chain40', STEPS) });
      const times: number[] = [];
      const gaps: number[] = [];
      try {
        for (let i = 0; i < WARMUP + RUNS; i += 1) {
          const { run, ms } = await harness.runOnce('chain40');
          if (run.state !== 'success') throw new Error(`chain40 run ended ${run.state}`);
          if (i < WARMUP) continue;
          times.push(ms);
          const tis = (await harness.app.store.taskInstances.list({ dagId: run.dagId, runId: run.runId, orderBy: 'taskId' })).items;
          for (let k = 1; k < tis.length; k += 1) {
            const upstreamEnd = tis[k - 1]?.endDate;
            const downstreamStart = tis[k]?.startDate;
            if (upstreamEnd && downstreamStart) gaps.push(downstreamStart.getTime() - upstreamEnd.getTime());
          }
        }
      } finally {
        await harness.close();
      }
      const bullmq = await bullmqChain(STEPS, RUNS);
      const graphile = await graphileWorkerChain(STEPS, RUNS);
      return {
        updraft_ms: round(median(times)),
        per_step_ms: round(median(times) / STEPS, 2),
        peers: { bullmq: round(bullmq), 'graphile-worker': round(graphile) },
        latency_p50_ms: round(percentile(gaps, 50), 2),
        latency_p99_ms: round(percentile(gaps, 99), 2),
        runs: RUNS,
        mode,
      };
    },
  },
];
