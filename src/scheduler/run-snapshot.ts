/**
 * Loads what `planRun` needs for one run: its task instances, the previous
 * run's (only when a task depends on the past), the lengths of lists mapped
 * tasks expand over, and the pools. Reads only; the plan is applied elsewhere.
 */
import type { DagSpec, TaskSpec } from '../core/dag-spec.js';
import type { PreviousRun } from '../core/deps/index.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import type { PlanFocus } from './plan-focus.js';
import type { RunSnapshot } from './plan-run.js';
import { poolSnapshots, type PoolSnapshots } from './pool-snapshots.js';

/**
 * `pools` may be passed when the caller already read them this tick. With `focus`, a
 * snapshot for a partial plan: only the instances of `focus.read` are read.
 */
export async function loadRunSnapshot(store: Store, spec: DagSpec, run: DagRun, now: Date, pools?: PoolSnapshots, focus?: PlanFocus): Promise<RunSnapshot> {
  const tis = focus ? await store.taskInstances.listForTasks(run, focus.read) : (await store.taskInstances.list({ dagId: run.dagId, runId: run.runId })).items;
  return {
    ...(focus ? { focus: focus.focus } : {}),
    spec,
    run,
    tis,
    previousRun: await previousRunOf(store, spec.tasks, run),
    expansionLengths: await expansionLengths(store, spec.tasks, run, tis),
    pools: pools ?? (await poolSnapshots(store)),
    now,
  };
}

async function previousRunOf(store: Store, tasks: readonly TaskSpec[], run: DagRun): Promise<PreviousRun | null> {
  if (!tasks.some((t) => t.dependsOnPast) || run.logicalDate === null) return null;
  const previous = await store.dagRuns.previousRun(run.dagId, run.logicalDate);
  if (!previous) return null;
  const tis = (await store.taskInstances.list({ dagId: previous.dagId, runId: previous.runId })).items;
  return { runId: previous.runId, tis };
}

/** Lengths of the lists mapped tasks expand over, for producers that have succeeded. */
async function expansionLengths(store: Store, tasks: readonly TaskSpec[], run: DagRun, tis: readonly TaskInstance[]) {
  const lengths = new Map<string, number | null>();
  const producers = new Set(tasks.flatMap((t) => Object.values(t.expand).flatMap((i) => (i.from === 'xcom' ? [i.taskId] : []))));
  for (const producer of producers) {
    const instances = tis.filter((t) => t.taskId === producer);
    if (instances.length === 0 || instances.some((t) => t.state !== 'success')) continue;
    const producerSpec = tasks.find((t) => t.taskId === producer);
    if (producerSpec && Object.keys(producerSpec.expand).length > 0) {
      lengths.set(producer, instances.length);
      continue;
    }
    const entry = await store.xcom.get({ dagId: run.dagId, runId: run.runId, taskId: producer, mapIndex: -1, key: RETURN_VALUE_KEY });
    lengths.set(producer, Array.isArray(entry?.value) ? entry.value.length : null);
  }
  return lengths;
}
