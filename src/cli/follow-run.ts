/**
 * Follows a run from the CLI until it ends (`dags trigger --wait`): prints each
 * task instance's state as it changes, then the run's outcome. It reads the
 * store; the scheduler (another process, or standalone) does the work.
 */
import type { DagRun } from '../core/run-model.js';
import type { DagRunState } from '../core/states.js';
import type { Store } from '../store/store.js';
import { colourState, dim } from './output.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function followRun(store: Store, run: DagRun, options: { quiet: boolean; pollMs?: number }): Promise<DagRunState> {
  const seen = new Map<string, string>();
  let lastRunState: string | null = null;
  for (;;) {
    const current = await store.dagRuns.get(run);
    if (!current) throw new Error(`run ${run.runId} of DAG ${run.dagId} was deleted while being followed`);
    for (const ti of (await store.taskInstances.list({ dagId: run.dagId, runId: run.runId })).items) {
      const name = ti.mapIndex >= 0 ? `${ti.taskId}[${ti.mapIndex}]` : ti.taskId;
      const state = `${ti.state ?? 'none'}#${ti.tryNumber}`;
      if (seen.get(name) !== state) {
        seen.set(name, state);
        if (!options.quiet && ti.state !== null) {
          const why = ti.stateReason && ti.state !== 'success' ? dim(` (${ti.stateReason})`) : '';
          console.log(`  ${name} ${colourState(ti.state)}${ti.tryNumber > 1 ? dim(` try ${ti.tryNumber}`) : ''}${why}`);
        }
      }
    }
    if (current.state !== lastRunState && !options.quiet) {
      lastRunState = current.state;
      console.log(`run ${current.runId}: ${colourState(current.state)}`);
    }
    if (current.state === 'success' || current.state === 'failed') return current.state;
    await sleep(options.pollMs ?? 200);
  }
}
