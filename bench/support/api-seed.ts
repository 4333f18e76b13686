/**
 * A store the size of a busy deployment's, for the API list benchmarks:
 * DAGS DAGs of TASKS chained tasks, RUNS_PER_DAG daily runs each (10,000 runs,
 * 100,000 task instances by default), states mixed as a real history has them
 * (mostly success, some failed runs with upstream_failed tails, a few running
 * or queued latest runs), and two audit-log entries per run. Written through
 * the store API, one transaction per DAG, so it takes seconds.
 */
import type { DagRun, TaskInstance } from '../../src/core/run-model.js';
import type { DagRunState, TaskInstanceStateOrNone } from '../../src/core/states.js';
import type { Store } from '../../src/store/store.js';
import { dagSpec, taskSpec } from '../../src/store/testing/fixtures.js';

export interface SeedShape {
  readonly dags: number;
  readonly runsPerDag: number;
  readonly tasksPerDag: number;
}

export const DEFAULT_SHAPE: SeedShape = { dags: 100, runsPerDag: 100, tasksPerDag: 10 };

export interface Seeded {
  readonly runs: number;
  readonly taskInstances: number;
  readonly events: number;
  /** A DAG and one of its finished runs, for the per-run endpoints. */
  readonly sample: { readonly dagId: string; readonly runId: string };
  readonly seconds: number;
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const TAGS = ['etl', 'daily', 'reporting', 'ml', 'finance'] as const;
const EVENTS = ['trigger_dag_run', 'patch_task_instance', 'clear_dag_run', 'running', 'success'] as const;

export const dagIdOf = (i: number): string => `bench_dag_${String(i).padStart(3, '0')}`;
const runIdOf = (day: number): string => `scheduled__${new Date(START + day * DAY_MS).toISOString()}`;

/** A small deterministic generator (mulberry32): the same store every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The latest run of some DAGs is still going; older ones ended, ~8% of them failed. */
function runState(last: boolean, rnd: () => number): DagRunState {
  if (last) {
    const r = rnd();
    if (r < 0.15) return 'running';
    if (r < 0.2) return 'queued';
  }
  return rnd() < 0.08 ? 'failed' : 'success';
}

/** Task k's state in a run: tasks before the breaking one succeeded, the rest follow the run's fate. */
function tiState(runState: DagRunState, k: number, breakAt: number): TaskInstanceStateOrNone {
  if (runState === 'success') return k === breakAt ? 'skipped' : 'success';
  if (runState === 'queued') return null;
  if (k < breakAt) return 'success';
  if (runState === 'failed') return k === breakAt ? 'failed' : 'upstream_failed';
  return k === breakAt ? 'running' : k === breakAt + 1 ? 'scheduled' : null;
}

export async function seedApiData(store: Store, shape: SeedShape = DEFAULT_SHAPE): Promise<Seeded> {
  const started = performance.now();
  const rnd = random(42);
  let runs = 0;
  let taskInstances = 0;
  let events = 0;
  for (let d = 0; d < shape.dags; d += 1) {
    const dagId = dagIdOf(d);
    const tasks = Array.from({ length: shape.tasksPerDag }, (_, k) =>
      taskSpec(`task_${String(k).padStart(2, '0')}`, { upstream: k === 0 ? [] : [`task_${String(k - 1).padStart(2, '0')}`], retries: k % 3 === 0 ? 1 : 0 }),
    );
    const spec = dagSpec(dagId, {
      tags: [TAGS[d % TAGS.length] as string, TAGS[(d + 2) % TAGS.length] as string],
      description: `Benchmark pipeline ${d}`,
      schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'UTC', dataIntervals: true },
      tasks,
    });
    const sync = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: `// ${dagId}`, dags: [{ spec }] }, new Date(START));
    const versionId = (sync.createdVersions[0] as { id: number }).id;
    await store.transaction(async (tx) => {
      for (let day = 0; day < shape.runsPerDag; day += 1) {
        const logical = new Date(START + day * DAY_MS);
        const runAfter = new Date(logical.getTime() + DAY_MS);
        const state = runState(day === shape.runsPerDag - 1, rnd);
        const startDate = state === 'queued' ? null : new Date(runAfter.getTime() + Math.floor(rnd() * 5000));
        const taskMs = () => 500 + Math.floor(rnd() * 60_000);
        let clock = startDate?.getTime() ?? 0;
        const breakAt = state === 'success' ? (rnd() < 0.1 ? shape.tasksPerDag - 1 : -1) : Math.floor(rnd() * shape.tasksPerDag);
        const run: DagRun = {
          dagId,
          runId: runIdOf(day),
          runType: 'scheduled',
          state,
          logicalDate: logical,
          dataInterval: { start: logical, end: runAfter },
          runAfter,
          queuedAt: runAfter,
          startDate,
          endDate: null,
          conf: {},
          dagVersionId: versionId,
          triggeredBy: 'timetable',
          note: null,
          backfillId: null,
          clearNumber: 0,
        };
        const tis: TaskInstance[] = tasks.map((task, k) => {
          const tiStateNow = tiState(state, k, breakAt);
          const ran = tiStateNow === 'success' || tiStateNow === 'failed' || tiStateNow === 'running';
          const begin = ran ? new Date(clock) : null;
          const ms = ran ? taskMs() : null;
          const end = ran && tiStateNow !== 'running' && begin && ms !== null ? new Date(begin.getTime() + ms) : null;
          if (end) clock = end.getTime() + 200;
          return {
            dagId, runId: run.runId, taskId: task.taskId, mapIndex: -1, state: tiStateNow,
            tryNumber: ran ? (tiStateNow === 'failed' && task.retries > 0 ? 2 : 1) : 0, maxTries: task.retries,
            startDate: begin, endDate: end, durationMs: end && begin ? end.getTime() - begin.getTime() : null,
            queuedAt: begin ? new Date(begin.getTime() - 50) : null, nextRetryAt: null, pool: task.pool, poolSlots: 1,
            queue: task.queue, priorityWeight: shape.tasksPerDag - k, operator: task.operator,
            hostname: ran ? 'worker-1' : null, pid: ran ? 4000 + k : null, executor: ran ? 'LocalExecutor' : null,
            lastHeartbeatAt: end, queuedByJobId: null, dagVersionId: versionId, note: null, stateReason: null, renderedFields: ran ? { bash_command: `echo ${k}` } : null, waitState: null,
          };
        });
        const finished = state === 'success' || state === 'failed';
        await tx.dagRuns.create({ ...run, endDate: finished ? new Date(clock) : null });
        await tx.taskInstances.createMany(tis);
        for (let e = 0; e < 2; e += 1) {
          await tx.auditLog.append({
            when: new Date(runAfter.getTime() + e * 1000),
            event: EVENTS[(day + e + d) % EVENTS.length] as string,
            dagId, taskId: e === 0 ? null : (tasks[day % tasks.length]?.taskId ?? null), runId: run.runId,
            mapIndex: e === 0 ? null : -1, tryNumber: e === 0 ? null : 1, owner: e === 0 ? 'admin' : 'airflow', extra: null,
          });
        }
        runs += 1;
        taskInstances += tis.length;
        events += 2;
      }
    });
  }
  return {
    runs,
    taskInstances,
    events,
    sample: { dagId: dagIdOf(Math.floor(shape.dags / 2)), runId: runIdOf(Math.floor(shape.runsPerDag / 2)) },
    seconds: (performance.now() - started) / 1000,
  };
}
