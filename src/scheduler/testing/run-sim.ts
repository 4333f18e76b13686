/**
 * Test helpers for the planner: a DAG run held in memory, built from a DAG declared with
 * the real SDK, whose instances tests move along by hand and plan with `planRun`.
 */
import assert from 'node:assert/strict';
import { dag, type DagOptions } from '../../sdk/index.js';
import type { Dag } from '../../sdk/dag.js';
import { takeRegisteredDags } from '../../sdk/registry.js';
import type { PoolSnapshot } from '../../core/admission.js';
import type { PreviousRun } from '../../core/deps/index.js';
import type { DagRun, TaskInstance, TaskInstanceKey } from '../../core/run-model.js';
import type { TaskInstanceStateOrNone } from '../../core/states.js';
import { planRun, type RunPlan, type RunSnapshot } from '../plan-run.js';
import { taskInstancesForRun } from '../task-instances-for-run.js';

export const NOW = new Date('2025-03-01T12:00:00.000Z');
export const DEFAULT_POOLS: ReadonlyMap<string, PoolSnapshot> = new Map([
  ['default_pool', { name: 'default_pool', totalSlots: 128, openSlots: 128 }],
]);

/** Declares a DAG with the real SDK and leaves the global registry empty. */
export function declare(dagId: string, body: () => void, options: DagOptions = {}): Dag {
  const built = dag(dagId, options, body);
  takeRegisteredDags();
  return built;
}

export function runOf(d: Dag, overrides: Partial<DagRun> = {}): DagRun {
  return {
    dagId: d.dagId,
    runId: 'manual__2025-03-01T12:00:00+00:00',
    runType: 'manual',
    state: 'running',
    logicalDate: NOW,
    dataInterval: { start: NOW, end: NOW },
    runAfter: NOW,
    queuedAt: NOW,
    startDate: NOW,
    endDate: null,
    conf: {},
    dagVersionId: 1,
    triggeredBy: 'test',
    note: null,
    backfillId: null,
    clearNumber: 0,
    ...overrides,
  };
}

/**
 * One DAG run in memory: the instances a new run starts with, states set by hand to
 * simulate progress, and plans applied the way the scheduler loop applies them.
 */
export class RunSim {
  readonly run: DagRun;
  tis: TaskInstance[];
  expansionLengths = new Map<string, number | null>();
  pools: ReadonlyMap<string, PoolSnapshot> = DEFAULT_POOLS;
  previousRun: PreviousRun | null = null;
  now = NOW;

  constructor(
    readonly dag: Dag,
    runOverrides: Partial<DagRun> = {},
  ) {
    this.run = runOf(dag, runOverrides);
    this.tis = taskInstancesForRun(dag.spec, this.run);
  }

  /** Sets states: `{ extract: 'success' }`, or `{ 'consume[1]': 'failed' }` for a mapped index. */
  set(states: Record<string, TaskInstanceStateOrNone>, patch: Partial<TaskInstance> = {}): this {
    for (const [name, state] of Object.entries(states)) {
      const { taskId, mapIndex } = parseName(name);
      const index = this.tis.findIndex((ti) => ti.taskId === taskId && ti.mapIndex === mapIndex);
      assert.ok(index >= 0, `no instance ${name}`);
      this.tis[index] = { ...(this.tis[index] as TaskInstance), state, ...patch };
    }
    return this;
  }

  snapshot(): RunSnapshot {
    return {
      spec: this.dag.spec,
      run: this.run,
      tis: this.tis,
      previousRun: this.previousRun,
      expansionLengths: this.expansionLengths,
      pools: this.pools,
      now: this.now,
    };
  }

  plan(): RunPlan {
    return planRun(this.snapshot());
  }

  /** Plans and applies the early states and expansions, as the scheduler loop does. */
  step(): RunPlan {
    const plan = this.plan();
    for (const change of plan.changes) this.set({ [nameOf(change.key)]: change.state });
    for (const expansion of plan.expansions) {
      const placeholder = this.tis.find((ti) => ti.taskId === expansion.taskId && ti.mapIndex === -1);
      assert.ok(placeholder, `placeholder of ${expansion.taskId}`);
      this.tis = this.tis.filter((ti) => ti !== placeholder);
      for (let i = 0; i < expansion.count; i += 1) this.tis.push({ ...placeholder, mapIndex: i });
    }
    return plan;
  }

  state(name: string): TaskInstanceStateOrNone | undefined {
    const { taskId, mapIndex } = parseName(name);
    return this.tis.find((ti) => ti.taskId === taskId && ti.mapIndex === mapIndex)?.state;
  }
}

export function parseName(name: string): { taskId: string; mapIndex: number } {
  const match = /^(.*)\[(\d+)\]$/.exec(name);
  return match ? { taskId: match[1] as string, mapIndex: Number(match[2]) } : { taskId: name, mapIndex: -1 };
}

export function nameOf(key: Pick<TaskInstanceKey, 'taskId' | 'mapIndex'>): string {
  return key.mapIndex >= 0 ? `${key.taskId}[${key.mapIndex}]` : key.taskId;
}

export const readyNames = (plan: RunPlan) => plan.ready.map(nameOf);
export const changed = (plan: RunPlan) => Object.fromEntries(plan.changes.map((c) => [nameOf(c.key), c.state]));
export function waitingReason(plan: RunPlan, name: string): string {
  const found = plan.waiting.find((w) => nameOf(w.key) === name);
  assert.ok(found, `${name} is waiting; waiting: ${plan.waiting.map((w) => nameOf(w.key)).join(', ')}`);
  return found.reason;
}

export const noop = async () => null;
