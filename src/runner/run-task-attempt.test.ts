import { liveMembers } from './testing/processes.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '../core/dag-spec.js';
import { RETURN_VALUE_KEY, type DagRun, type TaskInstance } from '../core/run-model.js';
import { bash, branch, chain, dag, empty, latestOnly, shortCircuit, task, type DagOptions } from '../sdk/index.js';
import type { Dag } from '../sdk/dag.js';
import { takeRegisteredDags } from '../sdk/registry.js';
import { taskInstancesForRun } from '../scheduler/task-instances-for-run.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { FailTask, runTaskAttempt, SkipTask, type AttemptOutcome, type TaskAttempt } from './run-task-attempt.js';
import { SecretMasker } from './secret-masker.js';
import { storeTaskServices } from './store-task-services.js';
import { formatLogLine, type LogLine } from './task-logger.js';

const NOW = new Date('2025-03-01T06:00:00.000Z');
const clock = () => NOW;

let home: string;
let store: Store;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'updraft-run-task-attempt-'));
  store = await openStore({ home });
});

after(async () => {
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

/** Declares a DAG with the real SDK and leaves the global registry empty. */
function declare(dagId: string, body: () => void, options: DagOptions = {}): Dag {
  const built = dag(dagId, options, body);
  takeRegisteredDags();
  return built;
}

interface Harness {
  readonly run: DagRun;
  readonly lines: LogLine[];
  readonly masker: SecretMasker;
  attempt(taskId: string, options?: { mapIndex?: number; params?: Record<string, JsonValue>; patch?: Partial<TaskAttempt> }): Promise<AttemptOutcome>;
  returnValue(taskId: string, mapIndex?: number): Promise<JsonValue | undefined>;
  log(): string;
}

let runCounter = 0;

/** Stores the DAG, a running DagRun and its task instances, as `dags test` does, and runs tries over them. */
async function harness(d: Dag, runOverrides: Partial<DagRun> = {}): Promise<Harness> {
  const fileloc = `${d.dagId}.ts`;
  const synced = await store.dags.syncFromFile({ fileloc, source: `// ${d.dagId}`, dags: [{ spec: { ...d.spec, fileloc } }] }, NOW);
  const version = synced.createdVersions[0] ?? (await store.dags.latestVersion(d.dagId));
  assert.ok(version, 'the DAG has a version');
  runCounter += 1;
  // One run per logical date and DAG: each harness gets its own second of 2025-03-01.
  const logicalDate = new Date(NOW.getTime() + runCounter * 1000);
  const run = await store.dagRuns.create({
    dagId: d.dagId,
    runId: `manual__2025-03-01T06:00:00+00:00_${runCounter}`,
    runType: 'manual',
    state: 'running',
    logicalDate,
    dataInterval: { start: logicalDate, end: logicalDate },
    runAfter: logicalDate,
    queuedAt: NOW,
    startDate: NOW,
    endDate: null,
    conf: {},
    dagVersionId: version.id,
    triggeredBy: 'test',
    note: null,
    backfillId: null,
    clearNumber: 0,
    ...runOverrides,
  });
  const tis = taskInstancesForRun(d.spec, run);
  await store.taskInstances.createMany(tis);
  const lines: LogLine[] = [];
  const masker = new SecretMasker();
  const services = storeTaskServices(store, run, clock);

  return {
    run,
    lines,
    masker,
    async attempt(taskId, options = {}) {
      const task = d.spec.tasks.find((t) => t.taskId === taskId);
      assert.ok(task, `task ${taskId}`);
      const mapIndex = options.mapIndex ?? -1;
      const base = tis.find((t) => t.taskId === taskId) as TaskInstance;
      const ti: TaskInstance = { ...base, mapIndex, state: 'running', tryNumber: 1, startDate: NOW };
      const outcome = await runTaskAttempt({
        dag: d,
        task,
        run,
        ti,
        params: options.params ?? {},
        services,
        logSink: (line) => lines.push(line),
        masker,
        clock,
        signal: new AbortController().signal,
        maxXcomBytes: 1_000_000,
        isLatestRun: true,
        ...options.patch,
      });
      // The caller records the outcome (the scheduler, or `dags test`): here, the return value.
      if (outcome.state === 'success' && outcome.returnValue !== undefined) {
        await store.xcom.set({ dagId: run.dagId, runId: run.runId, taskId, mapIndex, key: RETURN_VALUE_KEY, value: outcome.returnValue, timestamp: NOW });
      }
      return outcome;
    },
    async returnValue(taskId, mapIndex = -1) {
      const entry = await store.xcom.get({ dagId: run.dagId, runId: run.runId, taskId, mapIndex, key: RETURN_VALUE_KEY });
      return entry === null ? undefined : entry.value;
    },
    log: () => lines.map(formatLogLine).join('\n'),
  };
}

function failed(outcome: AttemptOutcome): string {
  assert.equal(outcome.state, 'failed', `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.reason;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('function tasks', () => {
  const d = declare('functions', () => {
    const extract = task('extract', async () => ({ rows: 3, table: 'users' }));
    task('report', { inputs: { data: extract, label: 'daily' } }, async ({ data, label }) => `${label}: ${data.rows} rows of ${data.table}`);
    task('orphan_reader', { inputs: { data: task('never_ran', async () => 1) } }, async ({ data }) => data);
    const list = task('make_list', async () => ['a', 'b', 'c']);
    task('mapped', { expand: { letter: list } }, async ({ letter }, { mapIndex }) => `${mapIndex}:${letter}`);
    task('product', { expand: { n: [1, 2], s: ['x', 'y', 'z'] } }, async ({ n, s }) => `${n}${s}`);
    task('boom', async () => {
      throw new Error('boom');
    });
    task('returns_function', async () => () => 1);
    task('big', async () => 'x'.repeat(200));
    task('skipper', async () => {
      throw new SkipTask('nothing new today');
    });
    task('gives_up', () => {
      throw new FailTask('the input file is corrupt');
    });
    task('nothing', async () => undefined);
    task('circular', async () => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    });
  });

  test('the return value is stored as the XCom return_value', async () => {
    const h = await harness(d);
    const outcome = await h.attempt('extract');
    assert.deepEqual(outcome, { state: 'success', skipTaskIds: [], returnValue: { rows: 3, table: 'users' } });
    assert.deepEqual(await h.returnValue('extract'), { rows: 3, table: 'users' });
  });

  test('undefined is stored as null', async () => {
    const h = await harness(d);
    assert.equal((await h.attempt('nothing')).state, 'success');
    assert.equal(await h.returnValue('nothing'), null);
  });

  test("an upstream task's XCom arrives as an input, next to literal inputs", async () => {
    const h = await harness(d);
    await h.attempt('extract');
    assert.equal((await h.attempt('report')).state, 'success');
    assert.equal(await h.returnValue('report'), 'daily: 3 rows of users');
  });

  test('a missing upstream XCom fails the try with a clear error', async () => {
    const h = await harness(d);
    const reason = failed(await h.attempt('orphan_reader'));
    assert.match(reason, /^Error: input from task 'never_ran' \(XCom 'return_value'\) is missing: did that task run and return a value\?$/);
  });

  test('a mapped task instance gets its own element', async () => {
    const h = await harness(d);
    await h.attempt('make_list');
    await store.taskInstances.expandMapped({ dagId: h.run.dagId, runId: h.run.runId, taskId: 'mapped', mapIndex: -1 }, 3);
    for (const mapIndex of [0, 1, 2]) assert.equal((await h.attempt('mapped', { mapIndex })).state, 'success');
    assert.equal(await h.returnValue('mapped', 1), '1:b');
    assert.equal(await h.returnValue('mapped', 2), '2:c');
  });

  test('several mapped inputs expand to their product, the last one varying fastest (as Airflow)', async () => {
    const h = await harness(d);
    await store.taskInstances.expandMapped({ dagId: h.run.dagId, runId: h.run.runId, taskId: 'product', mapIndex: -1 }, 6);
    const values: JsonValue[] = [];
    for (let mapIndex = 0; mapIndex < 6; mapIndex += 1) {
      assert.equal((await h.attempt('product', { mapIndex })).state, 'success');
      values.push((await h.returnValue('product', mapIndex)) ?? null);
    }
    assert.deepEqual(values, ['1x', '1y', '1z', '2x', '2y', '2z']);
  });

  test('a map index past the list fails with a message instead of passing undefined', async () => {
    const h = await harness(d);
    await h.attempt('make_list');
    assert.match(failed(await h.attempt('mapped', { mapIndex: 5 })), /mapped over 3 elements, but this instance has map index 5/);
    assert.match(failed(await h.attempt('mapped', { mapIndex: -1 })), /map index -1/);
  });

  test('a thrown error fails the try with "Error: message" and the stack in the log', async () => {
    const h = await harness(d);
    const outcome = await h.attempt('boom');
    assert.deepEqual(outcome, { state: 'failed', reason: 'Error: boom', timedOut: false });
    const errors = h.lines.filter((l) => l.level === 'ERROR').map((l) => l.text);
    assert.ok(errors.includes('Task failed with Error: boom'), errors.join('\n'));
    assert.ok(errors.some((t) => /^\s+at .*run-task-attempt\.test\.ts/.test(t)), `a stack frame of the task code in:\n${errors.join('\n')}`);
    assert.equal(await h.returnValue('boom'), undefined);
  });

  test('returning a function fails with a clear message', async () => {
    const h = await harness(d);
    assert.match(failed(await h.attempt('returns_function')), /task 'returns_function' returned a function, which cannot be stored as an XCom: return JSON data/);
  });

  test('an XCom over maxXcomBytes fails with its size and the limit', async () => {
    const h = await harness(d);
    const reason = failed(await h.attempt('big', { patch: { maxXcomBytes: 100 } }));
    // 200 characters and two quotes.
    assert.match(reason, /the return value of task 'big' is 202 bytes, over the XCom limit of 100 bytes/);
    assert.equal(await h.returnValue('big'), undefined);
  });

  test('a value JSON cannot hold fails with a clear message', async () => {
    const h = await harness(d);
    assert.match(failed(await h.attempt('circular')), /task 'circular' returned a value that cannot be stored as an XCom \(.*circular/);
  });

  test('SkipTask ends the try as skipped with its message', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('skipper'), { state: 'skipped', reason: 'nothing new today' });
  });

  test('FailTask fails the try for good: no retry, whatever retries are left', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('gives_up'), { state: 'failed', reason: 'the input file is corrupt', timedOut: false, noRetry: true });
  });
});

describe('executionTimeout', () => {
  const d = declare('timeouts', () => {
    task('hangs', { executionTimeout: '300ms' }, () => new Promise<never>(() => undefined));
    task('late', { executionTimeout: '200ms' }, async () => {
      await sleep(400);
      return 'too late';
    });
    task('in_time', { executionTimeout: '5s' }, async () => 'fine');
  });

  test('an async task that never settles fails with "timed out after ..." within about the timeout', { timeout: 10_000 }, async () => {
    const h = await harness(d);
    const started = Date.now();
    const outcome = await h.attempt('hangs');
    const elapsed = Date.now() - started;
    assert.deepEqual(outcome, { state: 'failed', reason: 'timed out after 300ms (executionTimeout)', timedOut: true });
    assert.ok(elapsed >= 280 && elapsed < 2000, `failed after ${elapsed} ms`);
  });

  test('a task that finishes after its timeout does not store its result', { timeout: 10_000 }, async () => {
    const h = await harness(d);
    assert.equal((await h.attempt('late')).state, 'failed');
    await sleep(400);
    assert.equal(await h.returnValue('late'), undefined);
  });

  test('a task within its timeout succeeds', async () => {
    const h = await harness(d);
    assert.equal((await h.attempt('in_time')).state, 'success');
  });

  test('a cancelled try fails with the cancel reason', { timeout: 10_000 }, async () => {
    const h = await harness(d);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cleared by a user')), 50);
    const outcome = await h.attempt('hangs', { patch: { signal: controller.signal } });
    assert.deepEqual(outcome, { state: 'failed', reason: 'cancelled: cleared by a user', timedOut: false });
  });
});

describe('bash tasks', () => {
  const d = declare('bash_tasks', () => {
    bash('ok', 'echo one; echo two');
    bash('fails', 'echo partial; exit 1');
    bash('skips', 'exit 99');
    bash('custom_skip', 'exit 3', { skipExitCode: 3 });
    bash('listed_skip', 'exit 4', { skipExitCode: [3, 4] });
    bash('unlisted_code', 'exit 99', { skipExitCode: [3, 4] });
    bash('never_skips', 'exit 99', { skipExitCode: null });
    bash('templated', 'echo "{{ ds }} {{ params.table }} {{ run_id }}"');
    bash('unknown_template', 'echo {{ nope }}');
    bash('env_replaced', 'echo "${FOO:-unset} ${HOME:-nohome} $UPDRAFT_CTX_TASK_ID"', { env: { FOO: 'bar' } });
    bash('env_appended', 'echo "${FOO:-unset} ${HOME:-nohome}"', { env: { FOO: 'bar' }, appendEnv: true });
    bash('hangs', 'echo "pgid $$"; sleep 1000 & sleep 1000', { executionTimeout: '1s' });
    bash('where', 'pwd');
    bash('from_inputs', { inputs: { n: 41 } }, ({ n }) => `echo $((${n} + 1))`);
    bash('stuck_builder', { executionTimeout: '200ms' }, () => new Promise<string>(() => undefined));
  });

  test('exit 0 is success and the last stdout line is the XCom', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('ok'), { state: 'success', skipTaskIds: [], returnValue: 'two' });
    assert.equal(await h.returnValue('ok'), 'two');
    assert.deepEqual(
      h.lines.filter((l) => l.text === 'one' || l.text === 'two').map((l) => l.level),
      ['INFO', 'INFO'],
      'output lines are in the log',
    );
  });

  test('exit 1 fails: "exited with code 1"', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('fails'), { state: 'failed', reason: 'bash command exited with code 1', timedOut: false });
    assert.equal(await h.returnValue('fails'), undefined);
  });

  // from Airflow: providers/standard/tests/unit/standard/operators/test_bash.py::TestBashOperator::test_skip
  test('exit 99 (or the configured skip code) skips', async () => {
    const h = await harness(d);
    assert.equal((await h.attempt('skips')).state, 'skipped');
    assert.equal((await h.attempt('custom_skip')).state, 'skipped');
  });

  test('skipExitCode as a list skips on any listed code only; null never skips', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('listed_skip'), { state: 'skipped', reason: 'command exited with 4 (a skip exit code)' });
    assert.equal(failed(await h.attempt('unlisted_code')), 'bash command exited with code 99');
    assert.equal(failed(await h.attempt('never_skips')), 'bash command exited with code 99');
  });

  test('{{ ds }}, {{ params.x }} and {{ run_id }} are filled in', async () => {
    const h = await harness(d);
    assert.equal((await h.attempt('templated', { params: { table: 'users' } })).state, 'success');
    assert.equal(await h.returnValue('templated'), `2025-03-01 users ${h.run.runId}`);
  });

  test('an unknown template value fails the try, naming it', async () => {
    const h = await harness(d);
    assert.match(failed(await h.attempt('unknown_template')), /task 'unknown_template'.*unknown template value '\{\{ nope \}\}'; known values: .*\bds\b/);
  });

  test('env replaces the environment; appendEnv adds to it', async () => {
    const h = await harness(d);
    await h.attempt('env_replaced');
    assert.equal(await h.returnValue('env_replaced'), 'bar nohome env_replaced');
    await h.attempt('env_appended');
    assert.equal(await h.returnValue('env_appended'), `bar ${process.env.HOME ?? 'nohome'}`);
  });

  test('a command built by a function of typed inputs', async () => {
    const h = await harness(d);
    await h.attempt('from_inputs');
    assert.equal(await h.returnValue('from_inputs'), '42');
  });

  // from Airflow: providers/standard/tests/unit/standard/operators/test_bash.py::TestBashOperator::test_bash_operator_kill
  test('a hanging command with a background job is killed at executionTimeout, its whole group with it', { timeout: 15_000 }, async () => {
    const h = await harness(d);
    const started = Date.now();
    const outcome = await h.attempt('hangs');
    const elapsed = Date.now() - started;
    assert.deepEqual(outcome, { state: 'failed', reason: 'timed out after 1s (executionTimeout)', timedOut: true });
    assert.ok(elapsed >= 950 && elapsed < 4000, `failed after ${elapsed} ms`);
    const pgid = Number(/pgid (\d+)/.exec(h.log())?.[1]);
    assert.ok(pgid > 0, 'the command logged its process group id');
    // runTaskAttempt returns only once the process group is gone.
    assert.deepEqual(liveMembers(pgid), []);
  });

  test('a command function that never returns times out too', { timeout: 10_000 }, async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('stuck_builder'), { state: 'failed', reason: 'timed out after 200ms (executionTimeout)', timedOut: true });
  });

  test('the default working directory is a fresh temporary directory, removed afterwards', async () => {
    const h = await harness(d);
    await h.attempt('where');
    const first = String(await h.returnValue('where'));
    assert.ok(first.startsWith(realpathSync(tmpdir())), first);
    assert.equal(existsSync(first), false);
    const again = await harness(d);
    await again.attempt('where');
    assert.notEqual(await again.returnValue('where'), first);
  });
});

describe('branching tasks', () => {
  const d = declare('branching', () => {
    const pick = branch('pick', async ({}, { params }) => (params.choice === undefined ? 'left' : (params.choice as string)));
    const left = empty('left');
    const right = empty('right');
    pick.before(left, right);
    chain(right, empty('after_right'));
  });

  test('a branch follows the chosen task and skips the other direct downstream tasks', async () => {
    const h = await harness(d);
    assert.deepEqual(await h.attempt('pick'), { state: 'success', skipTaskIds: ['right'], returnValue: ['left'] });
    assert.deepEqual(await h.returnValue('pick'), ['left']);
  });

  test('a branch choosing an unknown id fails, listing the valid ones', async () => {
    const h = await harness(d);
    const reason = failed(await h.attempt('pick', { params: { choice: 'nope' } }));
    assert.match(reason, /branch 'pick' chose 'nope', which is not a task or group of DAG 'branching'; its downstream tasks are: left, right/);
  });

  const sc = (ignoreDownstreamTriggerRules: boolean) =>
    declare(`short_circuit_${ignoreDownstreamTriggerRules}`, () => {
      const check = shortCircuit('check', { ignoreDownstreamTriggerRules }, async ({}, { params }) => params.go === true);
      chain(check, [empty('a'), empty('b')], empty('c', { triggerRule: 'all_done' }));
    });

  test('a falsy short-circuit skips everything downstream', async () => {
    const h = await harness(sc(true));
    assert.deepEqual(await h.attempt('check'), { state: 'success', skipTaskIds: ['a', 'b', 'c'], returnValue: false });
    assert.equal(await h.returnValue('check'), false);
  });

  test('with ignoreDownstreamTriggerRules false it skips only its direct downstream tasks', async () => {
    const h = await harness(sc(false));
    assert.deepEqual(await h.attempt('check'), { state: 'success', skipTaskIds: ['a', 'b'], returnValue: false });
  });

  test('a truthy short-circuit skips nothing', async () => {
    const h = await harness(sc(true));
    assert.deepEqual(await h.attempt('check', { params: { go: true } }), { state: 'success', skipTaskIds: [], returnValue: true });
  });

  const latest = declare('latest_only', () => {
    chain(latestOnly('latest_only'), empty('notify'), empty('after_notify'));
  });

  test('latest-only skips its direct downstream tasks in a scheduled run that is not the latest', async () => {
    const h = await harness(latest, { runType: 'scheduled' });
    assert.deepEqual(await h.attempt('latest_only', { patch: { isLatestRun: false } }), { state: 'success', skipTaskIds: ['notify'] });
    assert.deepEqual(await h.attempt('latest_only', { patch: { isLatestRun: true } }), { state: 'success', skipTaskIds: [] });
  });

  test('latest-only never skips in a manual run', async () => {
    const h = await harness(latest, { runType: 'manual' });
    assert.deepEqual(await h.attempt('latest_only', { patch: { isLatestRun: false } }), { state: 'success', skipTaskIds: [] });
  });
});

describe('task logs', () => {
  const d = declare('logging', () => {
    task('chatty', async (_inputs, { log, maskSecret }) => {
      log.info('hello', { rows: 3 });
      log.warn('careful');
      maskSecret('hunter2-password');
      log.error('login with hunter2-password failed');
      return 'done';
    });
    bash('echo_secret', 'echo "the key is sk-live-1234"');
  });

  test('lines go to the sink with their level and timestamp', async () => {
    const h = await harness(d);
    await h.attempt('chatty');
    const byText = new Map(h.lines.map((l) => [l.text, l]));
    assert.equal(byText.get('hello {"rows":3}')?.level, 'INFO');
    assert.equal(byText.get('careful')?.level, 'WARNING');
    assert.ok(h.lines.every((l) => l.at.getTime() === NOW.getTime()));
    assert.ok(h.lines[0]?.text.startsWith('Starting try 1 of 1: logging.chatty'), h.lines[0]?.text);
    assert.match(h.log(), /^\[2025-03-01T06:00:00\.000Z\] WARNING careful$/m);
  });

  test('a secret added with maskSecret is shown as ***', async () => {
    const h = await harness(d);
    await h.attempt('chatty');
    assert.ok(h.lines.some((l) => l.text === 'login with *** failed'), h.log());
    assert.doesNotMatch(h.log(), /hunter2/);
  });

  test('bash output is masked too', async () => {
    const h = await harness(d);
    h.masker.add('sk-live-1234');
    await h.attempt('echo_secret');
    assert.ok(h.lines.some((l) => l.text === 'the key is ***'), h.log());
  });
});
