/**
 * Runs Updraft in this process for benchmarks: a temporary UPDRAFT_HOME with
 * the given DAG files, the embedded SQLite store (durable commits), and the
 * real orchestrator (DAG processor, scheduler, local executor with its child
 * processes). Uses the built `dist/` when present, as users run it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app.js';
import type { Orchestrator } from '../../src/orchestrator.js';
import type { DagRun } from '../../src/core/run-model.js';
import { loadUpdraft as load, mode } from './load-updraft.js';

export { mode };

const { openApp } = await load<typeof import('../../src/app.js')>('app');
const { createOrchestrator } = await load<typeof import('../../src/orchestrator.js')>('orchestrator');
const { triggerDag } = await load<typeof import('../../src/services/trigger-dag.js')>('services/trigger-dag');

export interface Harness {
  readonly app: App;
  readonly orchestrator: Orchestrator;
  /** Triggers a run and resolves with it once it has ended, and the milliseconds it took. */
  runOnce(dagId: string): Promise<{ run: DagRun; ms: number }>;
  /** Triggers one run of each DAG at once; resolves when all have ended, with the milliseconds from first trigger to last end. */
  runAll(dagIds: readonly string[]): Promise<{ runs: DagRun[]; ms: number }>;
  close(): Promise<void>;
}

export async function startHarness(dagFiles: Readonly<Record<string, string>>, settings: Record<string, string | number> = {}): Promise<Harness> {
  const home = await mkdtemp(join(tmpdir(), 'updraft-bench-'));
  const dagsFolder = join(home, 'dags');
  await mkdir(dagsFolder, { recursive: true });
  for (const [name, text] of Object.entries(dagFiles)) await writeFile(join(dagsFolder, name), text);
  const app = await openApp({ home, dagsFolder, loadExamples: false, settings }, {});
  const waiters = new Map<string, () => void>();
  const orchestrator = createOrchestrator(app, {
    log: (message) => {
      const ended = /run (\S+) (success|failed):/.exec(message);
      if (ended) waiters.get(ended[1] as string)?.();
    },
  });
  await orchestrator.start();
  let sequence = 0;
  /** Creates the run (not yet woken) and a promise of its end. */
  const trigger = async (dagId: string) => {
    sequence += 1;
    const runId = `bench_${sequence}_${Date.now()}`;
    const ended = new Promise<void>((resolve) => waiters.set(`${dagId}/${runId}`, resolve));
    await triggerDag(app.store, { dagId, runId, triggeredBy: 'bench' }, new Date());
    return { dagId, runId, ended };
  };
  const finish = async ({ dagId, runId }: { dagId: string; runId: string }): Promise<DagRun> => {
    waiters.delete(`${dagId}/${runId}`);
    const run = await app.store.dagRuns.get({ dagId, runId });
    if (!run) throw new Error(`run ${runId} vanished`);
    return run;
  };
  return {
    app,
    orchestrator,
    async runOnce(dagId) {
      const started = performance.now();
      const triggered = await trigger(dagId);
      orchestrator.scheduler.wake(true);
      await triggered.ended;
      const ms = performance.now() - started;
      return { run: await finish(triggered), ms };
    },
    async runAll(dagIds) {
      const started = performance.now();
      const triggered = [];
      for (const dagId of dagIds) triggered.push(await trigger(dagId));
      orchestrator.scheduler.wake(true);
      await Promise.all(triggered.map((t) => t.ended));
      const ms = performance.now() - started;
      return { runs: await Promise.all(triggered.map(finish)), ms };
    },
    async close() {
      await orchestrator.stop(1000);
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
