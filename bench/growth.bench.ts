/**
 * growth: whether costs stay flat as things grow (a ratio of ~1 is flat):
 * - per-step time of a 400-step chain over a 40-step chain,
 * - per-task time of a 10,000-task fan-out over a 1,000-task one,
 * - chain40 with 10,000 past runs in the store over chain40 on an empty one
 *   (the past runs are written with the store API in one transaction).
 */
import type { Benchmark } from './bench-types.js';
import type { DagRun } from '../src/core/run-model.js';
import { chainDagFile } from './support/dag-files.js';
import { timeFanout } from './fanout.bench.js';
import { median, mode, round, startHarness, type Harness } from './support/updraft-harness.js';

const PAST_RUNS = 10_000;

async function chainTimes(harness: Harness, dagId: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 1 + runs; i += 1) {
    const { run, ms } = await harness.runOnce(dagId);
    if (run.state !== 'success') throw new Error(`${dagId} run ended ${run.state}`);
    if (i >= 1) times.push(ms);
  }
  return times;
}

/** Past successful runs of `dagId`, each with its task instances, in one transaction. */
async function addPastRuns(harness: Harness, dagId: string, count: number): Promise<void> {
  const { store } = harness.app;
  const version = await store.dags.latestVersion(dagId);
  if (!version) throw new Error(`${dagId} has no version`);
  const start = Date.UTC(2000, 0, 1);
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i += 1) {
      const at = new Date(start + i * 3_600_000);
      const run: DagRun = {
        dagId,
        runId: `past_${i}`,
        runType: 'scheduled',
        state: 'success',
        logicalDate: at,
        dataInterval: { start: at, end: at },
        runAfter: at,
        queuedAt: at,
        startDate: at,
        endDate: at,
        conf: {},
        dagVersionId: version.id,
        backfillId: null,
        triggeredBy: 'bench',
        note: null,
        clearNumber: 0,
      };
      await tx.dagRuns.create(run);
      await tx.taskInstances.createMany(
        version.spec.tasks.map((task) => ({
          dagId, runId: run.runId, taskId: task.taskId, mapIndex: -1, state: 'success', tryNumber: 1, maxTries: 0,
          startDate: at, endDate: at, durationMs: 0, queuedAt: at, nextRetryAt: null, pool: task.pool, poolSlots: 1,
          queue: task.queue, priorityWeight: 1, operator: task.operator, hostname: 'bench', pid: 1, executor: 'local',
          lastHeartbeatAt: at, queuedByJobId: null, dagVersionId: version.id, note: null, stateReason: null, renderedFields: null, waitState: null,
        })),
      );
    }
  });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'growth',
    async run() {
      const harness = await startHarness({ 'c40.ts': chainDagFile('chain40', 40), 'c400.ts': chainDagFile('chain400', 400) });
      let chain40: number, chain400: number, chain40Loaded: number;
      try {
        chain40 = median(await chainTimes(harness, 'chain40', 5));
        chain400 = median(await chainTimes(harness, 'chain400', 3));
        const inserting = performance.now();
        await addPastRuns(harness, 'chain40', PAST_RUNS);
        const insertMs = performance.now() - inserting;
        chain40Loaded = median(await chainTimes(harness, 'chain40', 5));
        console.error(`growth: ${PAST_RUNS} past runs (x40 task instances) inserted in ${Math.round(insertMs)} ms`);
      } finally {
        await harness.close();
      }
      const fan1k = median(await timeFanout(1_000, 1, 3));
      const fan10k = median(await timeFanout(10_000, 1, 2));
      return {
        chain40_ms: round(chain40),
        chain400_ms: round(chain400),
        chain_per_step_ratio: round(chain400 / 400 / (chain40 / 40), 2),
        fanout1k_ms: round(fan1k),
        fanout10k_ms: round(fan10k),
        fanout_per_task_ratio: round(fan10k / 10_000 / (fan1k / 1_000), 2),
        chain40_with_10k_past_runs_ms: round(chain40Loaded),
        past_runs_ratio: round(chain40Loaded / chain40, 2),
        mode,
      };
    },
  },
];
