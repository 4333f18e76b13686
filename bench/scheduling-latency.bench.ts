/**
 * scheduling_latency: from an upstream task's end to its downstream task's start
 * (task-instance endDate -> next startDate), over many chain steps: what the
 * scheduler adds between two tasks (record the end, plan, admit, commit, hand
 * the try to a warm task process). chain40 prints it too, over fewer samples.
 */
import type { Benchmark } from './bench-types.js';
import { chainDagFile } from './support/dag-files.js';
import { mode, percentile, round, startHarness } from './support/updraft-harness.js';

const STEPS = 100;
const WARMUP = 1;
const RUNS = 6;

export const benchmarks: Benchmark[] = [
  {
    name: 'scheduling_latency',
    async run() {
      const harness = await startHarness({ 'chain.ts': chainDagFile('latency_chain', STEPS) });
      const gaps: number[] = [];
      try {
        for (let i = 0; i < WARMUP + RUNS; i += 1) {
          const { run } = await harness.runOnce('latency_chain');
          if (run.state !== 'success') throw new Error(`latency_chain run ended ${run.state}`);
          if (i < WARMUP) continue;
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
      return {
        latency_p50_ms: round(percentile(gaps, 50), 2),
        latency_p99_ms: round(percentile(gaps, 99), 2),
        latency_max_ms: round(Math.max(...gaps), 2),
        samples: gaps.length,
        mode,
      };
    },
  },
];
