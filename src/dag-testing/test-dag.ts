/**
 * `testDag` and `testTask`: a DAG author's unit tests. Each call runs in a
 * throwaway in-memory SQLite store with `runDagTest` (what `updraft dags test`
 * and `updraft tasks test` run: the scheduler's planner and the executors'
 * `runTaskAttempt`), so what passes here behaves the same under `standalone`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import { RETURN_VALUE_KEY, type DagRun } from '../core/run-model.js';
import { parseDateInZone } from '../core/zoned-time.js';
import { syncAssetReferences } from '../processor/asset-references.js';
import { formatLogLine } from '../runner/task-logger.js';
import { runDagTest, type DagTestInput } from '../scheduler/dag-test-run.js';
import type { Dag } from '../sdk/dag.js';
import type { TaskRef } from '../sdk/refs.js';
import { DEFAULT_MAX_XCOM_BYTES, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadDag, type DagFile } from './dag-source.js';
import { testSecretsChain, type GivenConnections, type GivenVariables } from './given-secrets.js';
import { TestClock } from './test-clock.js';
import { DagTestResult, TaskTestResult, type RecordedLogLine, type RunRecord } from './test-result.js';

export interface TestRunOptions {
  /** The run's conf, validated against the DAG's params as a trigger's is. */
  readonly conf?: JsonObject;
  /** Variables tasks read (`ctx.variables.get`); a non-string value is stored as its JSON. */
  readonly variables?: GivenVariables;
  /** Connections tasks read (`ctx.connections.get`), by id: a URI or Airflow's connection fields. */
  readonly connections?: GivenConnections;
  /** The run's logical date (its data interval follows from the schedule); default: `now`. */
  readonly logicalDate?: Date | string;
  /** The time the run sees: its clock starts here and skips every wait (retry delays, reschedules). Default: the real time. */
  readonly now?: Date | string;
  /** Print task log lines to stderr as they come: for a test being debugged. */
  readonly printLogs?: boolean;
}

export interface TaskTestOptions extends TestRunOptions {
  /** Stand-ins for upstream results, by task id: the value each returned (a list, for a mapped task). */
  readonly xcoms?: Readonly<Record<string, JsonValue>>;
}

/** Runs one DAG run start to finish, in this process; resolves when it is over, failed or not. */
export async function testDag(dag: Dag | DagFile, options: TestRunOptions = {}): Promise<DagTestResult> {
  const { record, reason } = await runInOwnStore(dag, options, null);
  return new DagTestResult(record, reason);
}

/** Runs one try of one task, ignoring its upstream tasks (give their results in `xcoms`). */
export async function testTask<T = JsonValue>(dag: Dag | DagFile, task: string | TaskRef<T>, options: TaskTestOptions = {}): Promise<TaskTestResult<T>> {
  const taskId = typeof task === 'string' ? task : task.taskId;
  const { record } = await runInOwnStore(dag, options, { taskId, xcoms: options.xcoms ?? {} });
  return new TaskTestResult<T>(record, taskId);
}

interface OnlyTask {
  readonly taskId: string;
  readonly xcoms: Readonly<Record<string, JsonValue>>;
}

async function runInOwnStore(source: Dag | DagFile, options: TestRunOptions, only: OnlyTask | null): Promise<{ record: RunRecord; reason: string | null }> {
  const clock = new TestClock(dateOption('now', options.now) ?? new Date());
  const logicalDate = dateOption('logicalDate', options.logicalDate) ?? clock.now();
  const home = await mkdtemp(join(tmpdir(), 'updraft-test-'));
  const store = await openStore({ url: 'sqlite::memory:', home });
  try {
    const secrets = testSecretsChain(store, options.variables, options.connections);
    const dag = await loadDag(source, async (key) => (await secrets.getVariable(key))?.value ?? null);
    if (only !== null) checkTaskTest(dag, only);
    const logs: RecordedLogLine[] = [];
    const input: DagTestInput = {
      store,
      dag,
      dagVersionId: await storeDag(store, dag, clock.now()),
      logicalDate,
      conf: options.conf ?? {},
      logsFolder: join(home, 'logs'),
      maxXcomBytes: DEFAULT_MAX_XCOM_BYTES,
      clock: clock.now,
      sleep: clock.sleep,
      secrets,
      ownStore: true,
      onEvent: (event) => {
        if (event.kind !== 'log') return;
        logs.push({ ti: event.ti, line: event.line });
        if (options.printLogs) process.stderr.write(`[${event.ti.taskId}] ${formatLogLine(event.line)}\n`);
      },
      ...(only === null ? {} : { onlyTaskId: only.taskId, beforeTasks: (run: DagRun) => seedXComs(store, dag, run, only.xcoms, clock.now()) }),
    };
    const result = await runDagTest(input);
    const run = (await store.dagRuns.get(result.run)) ?? result.run;
    const key = { dagId: run.dagId, runId: run.runId };
    const record: RunRecord = {
      dag,
      run,
      tis: (await store.taskInstances.list(key)).items,
      xcoms: await store.xcom.listForRun(key),
      logs,
    };
    return { record, reason: result.decision?.reason ?? null };
  } finally {
    await store.close();
    await rm(home, { recursive: true, force: true });
  }
}

function dateOption(name: string, value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDateInZone(value, 'UTC');
  } catch (error) {
    throw new Error(`the \`${name}\` test option: ${(error as Error).message}`);
  }
}

async function storeDag(store: Store, dag: Dag, now: Date): Promise<number> {
  const spec = { ...dag.spec, fileloc: dag.spec.fileloc || `${dag.dagId}.ts` };
  const synced = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: null, dags: [{ spec }] }, now);
  await syncAssetReferences(store, [spec], synced.createdVersions, now);
  const version = synced.createdVersions[0] ?? (await store.dags.latestVersion(dag.dagId));
  if (!version) throw new Error(`DAG '${dag.dagId}' could not be stored for the test`);
  return version.id;
}

function checkTaskTest(dag: Dag, only: OnlyTask): void {
  const known = dag.spec.tasks.map((t) => t.taskId);
  const unknown = [only.taskId, ...Object.keys(only.xcoms)].filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new Error(`DAG '${dag.dagId}' has no task ${unknown.map((id) => `'${id}'`).join(', ')}: its tasks are ${known.join(', ')}`);
  }
  const task = dag.spec.tasks.find((t) => t.taskId === only.taskId);
  if (task && Object.keys(task.expand).length > 0) {
    throw new Error(`task '${only.taskId}' of DAG '${dag.dagId}' is mapped: test it within its DAG with testDag, which expands it`);
  }
}

/** Stores each given upstream result as that task's return value (each element of a mapped task's list under its map index). */
async function seedXComs(store: Store, dag: Dag, run: DagRun, xcoms: Readonly<Record<string, JsonValue>>, now: Date): Promise<void> {
  for (const [taskId, value] of Object.entries(xcoms)) {
    const key = { dagId: run.dagId, runId: run.runId, taskId, mapIndex: -1 };
    const mapped = Object.keys(dag.spec.tasks.find((t) => t.taskId === taskId)?.expand ?? {}).length > 0;
    if (!mapped) {
      await store.xcom.set({ ...key, key: RETURN_VALUE_KEY, value, timestamp: now });
      continue;
    }
    if (!Array.isArray(value)) throw new Error(`the \`xcoms\` test option: task '${taskId}' is mapped, so give the list of its instances' values`);
    await store.taskInstances.expandMapped(key, value.length);
    for (const [mapIndex, element] of value.entries()) await store.xcom.set({ ...key, mapIndex, key: RETURN_VALUE_KEY, value: element, timestamp: now });
  }
}
