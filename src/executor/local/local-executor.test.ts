import { alive, liveMembers } from '../../runner/testing/processes.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JsonValue } from '../../core/dag-spec.js';
import { RETURN_VALUE_KEY, type DagRun, type TaskInstance, type TaskInstanceKey } from '../../core/run-model.js';
import { loadDagFile } from '../../processor/load-dag-file.js';
import { makeTempDags, type TempDags } from '../../processor/testing/dag-fixtures.js';
import { taskLogPath } from '../../runner/log-file.js';
import type { AttemptOutcome } from '../../runner/run-task-attempt.js';
import { storeTaskServices } from '../../runner/store-task-services.js';
import { taskInstancesForRun } from '../../scheduler/task-instances-for-run.js';
import type { DagSpec } from '../../core/dag-spec.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import type { ExecutorEvent, TaskWorkload } from '../executor.js';
import { LocalExecutor, type LocalExecutorOptions } from './local-executor.js';

const DAG_ID = 'executor_test';

const DAG_FILE = `import { dag, task, bash } from 'updraft';

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

const clock = () => new Date();

let dags: TempDags;
let store: Store;
let spec: DagSpec;
let versionId: number;
let runCounter = 0;

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
async function newRun(): Promise<{ run: DagRun; tis: TaskInstance[] }> {
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

function workload(
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

type Finished = Extract<ExecutorEvent, { kind: 'finished' }>;
type Started = Extract<ExecutorEvent, { kind: 'started' }>;

interface Harness {
  readonly executor: LocalExecutor;
  readonly events: ExecutorEvent[];
  finished(w: TaskWorkload): Promise<Finished>;
  started(w: TaskWorkload): Promise<Started>;
}

function sameTry(event: ExecutorEvent, w: TaskWorkload): boolean {
  const k = event.key;
  return k.dagId === w.ti.dagId && k.runId === w.ti.runId && k.taskId === w.ti.taskId && k.mapIndex === w.ti.mapIndex && event.tryNumber === w.ti.tryNumber;
}

async function harness(options: Partial<LocalExecutorOptions> = {}): Promise<Harness> {
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

function failedReason(outcome: AttemptOutcome): string {
  assert.equal(outcome.state, 'failed', `expected a failure, got ${JSON.stringify(outcome)}`);
  return (outcome as Extract<AttemptOutcome, { state: 'failed' }>).reason;
}

async function xcom(w: TaskWorkload): Promise<JsonValue | undefined> {
  const entry = await store.xcom.get({ ...keyOf(w), key: RETURN_VALUE_KEY });
  return entry === null ? undefined : entry.value;
}

function keyOf(w: TaskWorkload): TaskInstanceKey {
  return { dagId: w.ti.dagId, runId: w.ti.runId, taskId: w.ti.taskId, mapIndex: w.ti.mapIndex };
}

function log(w: TaskWorkload): string {
  return existsSync(w.logPath) ? readFileSync(w.logPath, 'utf8') : '';
}



async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** The shell's pid, which the bash task echoes first (its process group id). */
async function shellPgid(w: TaskWorkload): Promise<number> {
  let pgid = 0;
  await eventually(() => {
    const match = /INFO\s+(\d+)$/m.exec(log(w));
    pgid = match ? Number(match[1]) : 0;
    return pgid > 0;
  }, 10_000);
  assert.ok(pgid > 0, `the shell's pid is in the log:\n${log(w)}`);
  return pgid;
}

describe('LocalExecutor', { timeout: 120_000 }, () => {
  test('runs a try in a child process: XCom stored in the store, log written and masked, exactly one started and finished', async () => {
    const h = await harness();
    try {
      const created = await newRun();
      const produce = workload(created, 'produce');
      h.executor.submit(produce);
      const done = await h.finished(produce);
      assert.deepEqual(done.outcome, { state: 'success', skipTaskIds: [], returnValue: { n: 42 } });
      assert.deepEqual(await xcom(produce), { n: 42 });
      const started = await h.started(produce);
      assert.notEqual(started.pid, process.pid, 'the task ran in another process');
      assert.ok(started.hostname.length > 0);

      // The next task reads the XCom through the parent.
      const consume = workload(created, 'consume');
      h.executor.submit(consume);
      assert.equal((await h.finished(consume)).outcome.state, 'success');
      assert.equal(await xcom(consume), 43);

      const text = log(produce);
      assert.match(text, /Starting try 1 of 1: executor_test\.produce/);
      assert.match(text, /printed by produce, token \*\*\*/, 'console output goes to the log, masked');
      assert.match(text, /logged by produce/);
      assert.match(text, /Task succeeded/);
      assert.doesNotMatch(text, /hunter2-secret/);
      assert.equal(h.events.filter((e) => sameTry(e, produce)).length, 2);
      assert.deepEqual(h.executor.running(), []);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('two tries run in parallel; a third waits for a free slot (FIFO)', async () => {
    const h = await harness({ parallelism: 2 });
    try {
      const tries = [await newRun(), await newRun(), await newRun()].map((created) => workload(created, 'slow'));
      const [first, second, third] = tries as [TaskWorkload, TaskWorkload, TaskWorkload];
      const began = performance.now();
      h.executor.submit(first);
      h.executor.submit(second);
      assert.equal(h.executor.freeSlots, 0);
      h.executor.submit(third);
      assert.equal(h.executor.running().length, 3);
      const results = await Promise.all(tries.map((w) => h.finished(w)));
      const elapsed = performance.now() - began;
      for (const result of results) assert.equal(result.outcome.state, 'success');
      const pids = await Promise.all(tries.map(xcom));
      assert.notEqual(pids[0], pids[1], 'the first two ran in different processes');
      // Both first ones started before either finished; the third only after one of them finished.
      const index = (kind: ExecutorEvent['kind'], w: TaskWorkload) => h.events.findIndex((e) => e.kind === kind && sameTry(e, w));
      const firstFinish = Math.min(index('finished', first), index('finished', second));
      assert.ok(index('started', first) < firstFinish && index('started', second) < firstFinish);
      assert.ok(index('started', third) > firstFinish, 'the third waited for a slot');
      assert.ok(elapsed >= 2400, `two rounds of 1.2 s: ${Math.round(elapsed)} ms`);
      assert.ok(elapsed < 3600 + 1500, `the first two overlapped: ${Math.round(elapsed)} ms`);
      assert.equal(h.executor.freeSlots, 2);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('task code that throws: the outcome of the try, the process kept warm', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const boom = workload(created, 'boom');
      h.executor.submit(boom);
      const done = await h.finished(boom);
      assert.equal(failedReason(done.outcome), 'Error: kaboom');
      assert.match(log(boom), /Task failed with Error: kaboom/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
      assert.equal((await h.started(quick)).pid, (await h.started(boom)).pid, 'the same process ran the next try');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a process is replaced after maxTriesPerProcess tries (imported modules are never freed)', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxTriesPerProcess: 2 });
    try {
      const created = await newRun();
      const pids: number[] = [];
      for (let tryNumber = 1; tryNumber <= 3; tryNumber += 1) {
        const w = workload(created, 'quick', { tryNumber });
        h.executor.submit(w);
        assert.equal((await h.finished(w)).outcome.state, 'success');
        pids.push((await h.started(w)).pid);
      }
      assert.equal(pids[0], pids[1]);
      assert.notEqual(pids[1], pids[2]);
      const retired = pids[0] as number;
      assert.ok(await eventually(() => !alive(retired)), 'the retired process exited');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a process is replaced once its tries imported maxBundlesPerProcess distinct DAG bundles', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxBundlesPerProcess: 2 });
    try {
      const created = await newRun();
      const pids: number[] = [];
      // Versions A, A, B, A: the third try is the second distinct bundle, so the fourth needs a new process.
      for (const [index, version] of [versionId, versionId, versionId + 1000, versionId].entries()) {
        const base = workload(created, 'quick', { tryNumber: index + 1 });
        const w = { ...base, ti: { ...base.ti, dagVersionId: version } };
        h.executor.submit(w);
        assert.equal((await h.finished(w)).outcome.state, 'success');
        pids.push((await h.started(w)).pid);
      }
      assert.equal(pids[0], pids[1]);
      assert.equal(pids[1], pids[2]);
      assert.notEqual(pids[2], pids[3]);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('process.exit(3) in task code fails the try with the exit code; the pool gets a new process', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const exit = workload(created, 'exit3');
      h.executor.submit(exit);
      const done = await h.finished(exit);
      assert.equal(failedReason(done.outcome), 'the task process exited with code 3');
      assert.match(log(exit), /ERROR\s+Task failed: the task process exited with code 3/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
      assert.notEqual((await h.started(quick)).pid, (await h.started(exit)).pid);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a task that allocates without bound fails as out of memory, within seconds', async () => {
    const h = await harness({ parallelism: 1, prefork: 1, maxOldSpaceMb: 64 });
    try {
      const created = await newRun();
      const oom = workload(created, 'oom');
      const began = performance.now();
      h.executor.submit(oom);
      const done = await h.finished(oom);
      const ms = performance.now() - began;
      assert.equal(failedReason(done.outcome), 'the task process ran out of memory (limit 64 MB)');
      assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);
      assert.match(log(oom), /Task failed: the task process ran out of memory \(limit 64 MB\)/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  // from Airflow: tests/unit/models/test_taskinstance.py::TestTaskInstance::test_execute_timeout (a try past its timeout fails)
  test('a synchronous infinite loop past executionTimeout is killed; the pool runs the next task', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const spin = workload(created, 'spin', { executionTimeoutMs: 1000 });
      const began = performance.now();
      h.executor.submit(spin);
      const done = await h.finished(spin);
      const ms = performance.now() - began;
      assert.equal(done.outcome.state, 'failed');
      assert.match(failedReason(done.outcome), /^timed out after 1s \(executionTimeout\)/);
      assert.equal((done.outcome as { timedOut: boolean }).timedOut, true);
      assert.ok(ms >= 1000 && ms < 6000, `killed after ${Math.round(ms)} ms`);
      const spinPid = (await h.started(spin)).pid;
      assert.ok(await eventually(() => !alive(spinPid)), 'the looping process is gone');
      assert.match(log(spin), /Task failed: timed out after 1s/);
      const quick = workload(created, 'quick');
      h.executor.submit(quick);
      assert.equal((await h.finished(quick)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  // from Airflow: providers/standard/tests/unit/standard/operators/test_bash.py::TestBashOperator::test_bash_operator_kill
  test('a bash task past its timeout: the whole process group is gone', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const group = workload(created, 'group', { executionTimeoutMs: 1000 });
      h.executor.submit(group);
      const pgid = await shellPgid(group);
      assert.ok(liveMembers(pgid).length >= 2, 'the shell and its background job run');
      const done = await h.finished(group);
      assert.match(failedReason(done.outcome), /^timed out after 1s \(executionTimeout\)/);
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('a task process killed from outside while bash runs: the try fails and the parent kills the bash group', async () => {
    const h = await harness({ parallelism: 1, prefork: 1 });
    try {
      const created = await newRun();
      const group = workload(created, 'group');
      h.executor.submit(group);
      const pgid = await shellPgid(group);
      const { pid } = await h.started(group);
      process.kill(pid, 'SIGKILL');
      const done = await h.finished(group);
      assert.equal(failedReason(done.outcome), 'the task process was killed by SIGKILL');
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('cancel: a running try fails with the reason, a bash group is killed, a queued try never starts', async () => {
    const h = await harness({ parallelism: 2 });
    try {
      const created = await newRun();
      const sleepy = workload(created, 'sleepy');
      const group = workload(created, 'group');
      const queued = workload(created, 'quick');
      h.executor.submit(sleepy);
      h.executor.submit(group);
      h.executor.submit(queued);
      await h.started(sleepy);
      const pgid = await shellPgid(group);
      h.executor.cancel(keyOf(queued), 'marked failed by alice');
      assert.equal(failedReason((await h.finished(queued)).outcome), 'marked failed by alice');
      assert.equal(h.events.some((e) => e.kind === 'started' && sameTry(e, queued)), false);

      const began = performance.now();
      h.executor.cancel(keyOf(sleepy), 'the run was cleared');
      h.executor.cancel(keyOf(group), 'the run was cleared');
      const [a, b] = await Promise.all([h.finished(sleepy), h.finished(group)]);
      assert.equal(failedReason(a.outcome), 'the run was cleared');
      assert.equal(failedReason(b.outcome), 'the run was cleared');
      assert.ok(performance.now() - began < 3000, 'stopped promptly');
      assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
      assert.match(log(sleepy), /ERROR\s+Task failed: the run was cleared/);
      assert.equal(await xcom(sleepy), undefined);
      assert.deepEqual(h.executor.running(), []);

      const after = workload(created, 'quick', { tryNumber: 2 });
      h.executor.submit(after);
      assert.equal((await h.finished(after)).outcome.state, 'success');
    } finally {
      await h.executor.stop(1000);
    }
  });

  test('stop(grace): running tries may finish within the grace, the rest are killed and reported; all processes end', async () => {
    const h = await harness({ parallelism: 2 });
    const created = await newRun();
    const slow = workload(created, 'slow');
    const sleepy = workload(created, 'sleepy');
    const queued = workload(created, 'quick');
    h.executor.submit(slow);
    h.executor.submit(sleepy);
    h.executor.submit(queued);
    const pids = [(await h.started(slow)).pid, (await h.started(sleepy)).pid];
    const began = performance.now();
    await h.executor.stop(2500);
    const ms = performance.now() - began;
    assert.equal((await h.finished(slow)).outcome.state, 'success', 'finished within the grace');
    assert.equal(failedReason((await h.finished(sleepy)).outcome), 'shut down before the task finished');
    assert.equal(failedReason((await h.finished(queued)).outcome), 'shut down before the task started');
    // Killed by the shutdown, not by their own doing: flagged so the scheduler runs them again.
    assert.deepEqual([(await h.finished(slow)).interrupted, (await h.finished(sleepy)).interrupted, (await h.finished(queued)).interrupted], [undefined, true, true]);
    assert.match(log(sleepy), /Task failed: shut down before the task finished/);
    assert.ok(ms >= 2400 && ms < 6000, `stop took ${Math.round(ms)} ms`);
    for (const pid of pids) assert.ok(await eventually(() => !alive(pid)), `process ${pid} ended`);
    assert.equal(h.events.filter((e) => e.kind === 'finished').length, 3);
    assert.throws(() => h.executor.submit(workload(created, 'boom')), /not running/);
    assert.equal(h.executor.freeSlots, 0);
  });

  test('a warm start costs far less than a cold one', async () => {
    const created = await newRun();
    // Cold: no process is ready when the try arrives, so it pays a node boot.
    const cold = await harness({ parallelism: 1, prefork: 0 });
    let coldMs: number;
    try {
      const first = workload(created, 'quick');
      const began = performance.now();
      cold.executor.submit(first);
      await cold.finished(first);
      coldMs = performance.now() - began;
    } finally {
      await cold.executor.stop(1000);
    }

    const warm = await harness({ parallelism: 1, prefork: 1 });
    const samples: number[] = [];
    try {
      for (let tryNumber = 2; tryNumber <= 8; tryNumber += 1) {
        const w = workload(created, 'quick', { tryNumber });
        const began = performance.now();
        warm.executor.submit(w);
        const done = await warm.finished(w);
        assert.equal(done.outcome.state, 'success');
        samples.push(performance.now() - began);
      }
    } finally {
      await warm.executor.stop(1000);
    }
    // The first warm try still loads the DAG file in that process; the rest find it cached.
    const [firstWarm, ...rest] = samples as [number, ...number[]];
    const warmMs = rest.reduce((sum, ms) => sum + ms, 0) / rest.length;
    console.log(
      `local executor start cost (submit -> finished, trivial task): cold ${coldMs.toFixed(0)} ms, ` +
        `first try in a pre-forked process ${firstWarm.toFixed(0)} ms, warm ${warmMs.toFixed(1)} ms on average over ${rest.length} tries`,
    );
    assert.ok(warmMs < coldMs, `warm ${warmMs} ms < cold ${coldMs} ms`);
    assert.ok(warmMs < 50, `warm ${warmMs.toFixed(1)} ms on average`);
  });
});
