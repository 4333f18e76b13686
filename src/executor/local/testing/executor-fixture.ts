/**
 * What the local executor's tests share: a temp DAGs folder with test DAGs, the real
 * SQLite store behind the executor's services, runs to run tries in, and a harness
 * that records the executor's events (recording return values as the scheduler does).
 * Importing it registers the before/after hooks of the importing test file.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '../../../core/dag-spec.js';
import { RETURN_VALUE_KEY, type DagRun, type TaskInstance, type TaskInstanceKey } from '../../../core/run-model.js';
import { loadDagFile } from '../../../processor/load-dag-file.js';
import { makeTempDags, type TempDags } from '../../../processor/testing/dag-fixtures.js';
import { taskLogPath } from '../../../runner/log-file.js';
import type { AttemptOutcome } from '../../../runner/run-task-attempt.js';
import { storeTaskServices } from '../../../runner/store-task-services.js';
import { taskInstancesForRun } from '../../../scheduler/task-instances-for-run.js';
import type { DagSpec } from '../../../core/dag-spec.js';
import { openStore } from '../../../store/open-store.js';
import type { Store } from '../../../store/store.js';
import type { ExecutorEvent, TaskWorkload } from '../../executor.js';
import { LocalExecutor, type LocalExecutorOptions } from '../local-executor.js';


export const DAG_ID = 'executor_test';

export const DAG_FILE = `import { dag, task, bash } from 'updraft';

export default dag('${DAG_ID}', { startDate: '2024-01-01' }, () => {
  const produce = task('produce', async (_inputs, ctx) => {
    const token = await ctx.variables.get('api_token');
    ctx.maskSecret(token ?? '');
    console.log('printed by produce, token ' + token);
    ctx.log.info('logged by produce');
    return { n: 42 };
  });
  task('consume', { inputs: { produce } }, async ({ produce }) => produce.n + 1);
  task('quick', async () => process.pid);
  task('slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    return process.pid;
  });
  task('sleepy', async () => {
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return 'woke up';
  });
  task('boom', async () => {
    throw new Error('kaboom');
  });
  task('exit3', async () => {
    process.exit(3);
  });
  task('oom', async () => {
    const hog = [];
    for (;;) hog.push(new Array(100_000).fill(Math.random()));
  });
  task('spin', async () => {
    for (;;) {}
  });
  bash('group', 'echo $$; sleep 1000 & sleep 1000');
});
`;

export const clock = () => new Date();

export let dags: TempDags;
export let store: Store;
export let spec: DagSpec;
export let versionId: number;
export let runCounter = 0;

before(async () => {
  dags = await makeTempDags({ 'executor_dag.ts': DAG_FILE });
  store = await openStore({ home: dags.root });
  const loaded = await loadDagFile(dags.path('executor_dag.ts'), { dagsFolder: dags.dagsFolder, cacheDir: dags.cacheDir });
  const found = loaded.dags[0];
  assert.ok(found, 'the DAG file declares a DAG');
  spec = found.spec;
  const synced = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: loaded.source, dags: [{ spec }] }, clock());
  const version = synced.createdVersions[0] ?? (await store.dags.latestVersion(DAG_ID));
  assert.ok(version);
  versionId = version.id;
  await store.variables.set({ key: 'api_token', value: 'hunter2-secret' });
});

after(async () => {
  await store.close();
  await dags.remove();
});

/** A stored running DagRun with its task instances, as the scheduler would create them. */
export async function newRun(): Promise<{ run: DagRun; tis: TaskInstance[] }> {
  runCounter += 1;
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, runCounter));
  const run = await store.dagRuns.create({
    dagId: DAG_ID,
    runId: `manual__executor_${runCounter}`,
    runType: 'manual',
    state: 'running',
    logicalDate: at,
    dataInterval: { start: at, end: at },
    runAfter: at,
    queuedAt: at,
    startDate: at,
    endDate: null,
    conf: {},
    dagVersionId: versionId,
    triggeredBy: 'test',
    note: null,
    backfillId: null,
    clearNumber: 0,
  });
  const tis = taskInstancesForRun(spec, run);
  await store.taskInstances.createMany(tis);
  return { run, tis };
}

export function workload(
  created: { run: DagRun; tis: TaskInstance[] },
  taskId: string,
  options: { tryNumber?: number; executionTimeoutMs?: number | null } = {},
): TaskWorkload {
  const base = created.tis.find((t) => t.taskId === taskId);
  assert.ok(base, `task ${taskId}`);
  const tryNumber = options.tryNumber ?? 1;
  const ti: TaskInstance = { ...base, state: 'running', tryNumber, startDate: clock() };
  return {
    dagFile: { absPath: dags.path('executor_dag.ts'), dagsFolder: dags.dagsFolder, fileloc: 'executor_dag.ts' },
    run: created.run,
    ti,
    params: {},
    logPath: taskLogPath(join(dags.root, 'logs'), ti, tryNumber),
    executionTimeoutMs: options.executionTimeoutMs ?? null,
    maxXcomBytes: 1_000_000,
    isLatestRun: true,
  };
}

export type Finished = Extract<ExecutorEvent, { kind: 'finished' }>;
export type Started = Extract<ExecutorEvent, { kind: 'started' }>;

export interface Harness {
  readonly executor: LocalExecutor;
  readonly events: ExecutorEvent[];
  finished(w: TaskWorkload): Promise<Finished>;
  started(w: TaskWorkload): Promise<Started>;
}

export function sameTry(event: ExecutorEvent, w: TaskWorkload): boolean {
  const k = event.key;
  return k.dagId === w.ti.dagId && k.runId === w.ti.runId && k.taskId === w.ti.taskId && k.mapIndex === w.ti.mapIndex && event.tryNumber === w.ti.tryNumber;
}

export async function harness(options: Partial<LocalExecutorOptions> = {}): Promise<Harness> {
  const events: ExecutorEvent[] = [];
  /** Events whose effects (the return value) are recorded: what waiting tests look at. */
  const settled: ExecutorEvent[] = [];
  const waiters: (() => void)[] = [];
  const executor = new LocalExecutor({
    parallelism: 2,
    cacheDir: dags.cacheDir,
    killGraceMs: 1000,
    timeoutGraceMs: 500,
    ...options,
    context: {
      servicesFor: (run) => storeTaskServices(store, run, clock),
      onEvent: (event) => {
        events.push(event);
        void (async () => {
          // As the scheduler does: a finished try's return value is recorded with its outcome.
          if (event.kind === 'finished' && event.outcome.state === 'success' && event.outcome.returnValue !== undefined) {
            await store.xcom.set({ ...event.key, key: RETURN_VALUE_KEY, value: event.outcome.returnValue, timestamp: event.at });
          }
          settled.push(event);
          for (const wake of waiters.splice(0)) wake();
        })();
      },
    },
  });
  await executor.start();
  const waitFor = async <E extends ExecutorEvent>(kind: E['kind'], w: TaskWorkload): Promise<E> => {
    for (;;) {
      const found = settled.find((e) => e.kind === kind && sameTry(e, w));
      if (found) return found as E;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { executor, events, finished: (w) => waitFor<Finished>('finished', w), started: (w) => waitFor<Started>('started', w) };
}

export function failedReason(outcome: AttemptOutcome): string {
  assert.equal(outcome.state, 'failed', `expected a failure, got ${JSON.stringify(outcome)}`);
  return (outcome as Extract<AttemptOutcome, { state: 'failed' }>).reason;
}

export async function xcom(w: TaskWorkload): Promise<JsonValue | undefined> {
  const entry = await store.xcom.get({ ...keyOf(w), key: RETURN_VALUE_KEY });
  return entry === null ? undefined : entry.value;
}

export function keyOf(w: TaskWorkload): TaskInstanceKey {
  return { dagId: w.ti.dagId, runId: w.ti.runId, taskId: w.ti.taskId, mapIndex: w.ti.mapIndex };
}

export function log(w: TaskWorkload): string {
  return existsSync(w.logPath) ? readFileSync(w.logPath, 'utf8') : '';
}



export async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** The shell's pid, which the bash task echoes first (its process group id). */
export async function shellPgid(w: TaskWorkload): Promise<number> {
  let pgid = 0;
  await eventually(() => {
    const match = /INFO\s+(\d+)$/m.exec(log(w));
    pgid = match ? Number(match[1]) : 0;
    return pgid > 0;
  }, 10_000);
  assert.ok(pgid > 0, `the shell's pid is in the log:\n${log(w)}`);
  return pgid;
}

