/**
 * Fan-out throughput on the embedded store, every task in a child process:
 * - fanout10k: one run of a DAG with 10,000 independent trivial tasks, trigger
 *   to run end (tasks_per_second), beside BullMQ and graphile-worker running
 *   10,000 trivial jobs with a worker of the same concurrency as our
 *   core.parallelism (their jobs run inside the worker process: no isolation).
 * - fanout_100x100: 100 DAGs of 100 tasks each, all triggered at once, until
 *   every run has ended.
 */
import type { Benchmark } from './bench-types.js';
import { fanoutDagFile } from './support/dag-files.js';
import { bullmqFanout, graphileWorkerFanout } from './support/peers.js';
import { median, mode, round, startHarness } from './support/updraft-harness.js';

const WIDTH = 10_000;
const WARMUP = 1;
const RUNS = 3;
/** Updraft's default core.parallelism: the peers' workers get the same concurrency. */
const PARALLELISM = 32;

export const benchmarks: Benchmark[] = [
  {
    name: 'fanout10k',
    async run() {
      const times = await timeFanout(WIDTH, WARMUP, RUNS);
      const bullmq = await bullmqFanout(WIDTH, PARALLELISM, RUNS);
      const graphile = await graphileWorkerFanout(WIDTH, PARALLELISM, RUNS);
      const ms = median(times);
      return {
        updraft_ms: round(ms),
        tasks_per_second: Math.round(WIDTH / (ms / 1000)),
        peers: { bullmq: round(bullmq), 'graphile-worker': round(graphile) },
        tasks: WIDTH,
        parallelism: PARALLELISM,
        runs: RUNS,
        mode,
      };
    },
  },
  {
    name: 'fanout_100x100',
    async run() {
      const dags = 100;
      const files: Record<string, string> = {};
      const dagIds = Array.from({ length: dags }, (_, i) => `fan100_${String(i).padStart(3, '0')}`);
      for (const dagId of dagIds) files[`${dagId}.ts`] = fanoutDagFile(dagId, 100);
      const harness = await startHarness(files, { 'core.parallelism': PARALLELISM });
      const times: number[] = [];
      try {
        for (let i = 0; i < 1 + RUNS; i += 1) {
          const { runs, ms } = await harness.runAll(dagIds);
          const bad = runs.find((r) => r.state !== 'success');
          if (bad) throw new Error(`${bad.dagId} run ended ${bad.state}`);
          if (i >= 1) times.push(ms);
        }
      } finally {
        await harness.close();
      }
      const ms = median(times);
      return { updraft_ms: round(ms), tasks_per_second: Math.round((dags * 100) / (ms / 1000)), runs: RUNS, mode };
    },
  },
];

/** Median-ready times of `runs` runs of a `width`-task fan-out, after `warmup` runs. */
export async function timeFanout(width: number, warmup: number, runs: number): Promise<number[]> {
  const dagId = `fanout${width}`;
  const harness = await startHarness({ [`${dagId}.ts`]: fanoutDagFile(dagId, width) }, { 'core.parallelism': PARALLELISM });
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + runs; i += 1) {
      const { run, ms } = await harness.runOnce(dagId);
      if (run.state !== 'success') throw new Error(`${dagId} run ended ${run.state}`);
      if (i >= warmup) times.push(ms);
    }
  } finally {
    await harness.close();
  }
  return times;
}
