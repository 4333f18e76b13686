/**
 * `updraft dags test`: one DAG run, start to finish, in this process, against
 * the real store: the DAG author's inner loop, no scheduler or server needed.
 * It plans with the scheduler's own pure planner and runs each ready task with
 * the executors' own `runTaskAttempt`, one at a time (as Airflow's `dag.test()`),
 * so what passes here behaves the same under `standalone`.
 *
 * Retries are honoured: a failed try with retries left waits for its retry time.
 */
import { hostname } from 'node:os';
import type { JsonObject, JsonValue, TaskSpec } from '../core/dag-spec.js';
import type { DagRunDecision } from '../core/dag-run-state.js';
import type { DagRun, TaskInstance, TaskInstanceKey } from '../core/run-model.js';
import { generateRunId } from '../core/run-id.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';
import { timetableFor } from '../core/timetables/index.js';
import type { Dag } from '../sdk/dag.js';
import { resolveParams } from '../sdk/params.js';
import { planRun } from './plan-run.js';
import { loadRunSnapshot } from './run-snapshot.js';
import { taskInstancesForRun } from './task-instances-for-run.js';
import type { Store } from '../store/store.js';
import { invokeCallback, runTaskCallback } from '../runner/callbacks.js';
import { openLogFile, taskLogPath, teeLogSinks } from '../runner/log-file.js';
import { runTaskAttempt, type AttemptOutcome } from '../runner/run-task-attempt.js';
import { SecretMasker } from '../runner/secret-masker.js';
import { storeTaskServices } from '../runner/store-task-services.js';
import type { DagRunStarter } from '../runner/task-services.js';
import { checkDeferredTasks } from './deferred-tasks.js';
import { applyTryOutcome } from './try-outcome.js';
import { recordAssetEvents } from './record-asset-events.js';
import { connectionAccess } from '../runner/connection-access.js';
import type { SecretsChain } from '../secrets/secrets-chain.js';
import { createTaskLogger, type LogLine } from '../runner/task-logger.js';

export type DagTestEvent =
  | { readonly kind: 'task_started'; readonly ti: TaskInstance }
  | { readonly kind: 'log'; readonly ti: TaskInstanceKey; readonly line: LogLine }
  | { readonly kind: 'task_finished'; readonly ti: TaskInstance; readonly outcome: AttemptOutcome; readonly logPath: string }
  | { readonly kind: 'task_state'; readonly ti: TaskInstanceKey; readonly state: string; readonly reason: string }
  | { readonly kind: 'waiting'; readonly until: Date; readonly reason: string };

export interface DagTestInput {
  readonly store: Store;
  readonly dag: Dag;
  readonly dagVersionId: number;
  /** Default: now. */
  readonly logicalDate?: Date;
  readonly conf?: JsonObject;
  readonly logsFolder: string;
  readonly maxXcomBytes: number;
  /** Run only this task, ignoring its dependencies (`updraft tasks test`); the run is deleted afterwards. */
  readonly onlyTaskId?: string;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onEvent?: (event: DagTestEvent) => void;
  /** Where tasks find connections and variables (the app's secrets backends); default: environment, then the store. */
  readonly secrets?: SecretsChain;
  /** How `triggerDagRun` tasks create runs of other DAGs (a running scheduler starts them). */
  readonly startDagRun?: DagRunStarter;
  /** Called once the run and its task instances exist, before any task runs: a test seeds stand-ins for upstream XComs here. */
  readonly beforeTasks?: (run: DagRun) => Promise<void>;
  /**
   * The store is this test's own, thrown away afterwards (`updraft/testing`): with `onlyTaskId` the run
   * keeps its logical date (no other run to clash with) and is kept, so its XComs can be read.
   */
  readonly ownStore?: boolean;
}

export interface DagTestResult {
  readonly run: DagRun;
  readonly decision: DagRunDecision | null;
  readonly tis: readonly TaskInstance[];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runDagTest(input: DagTestInput): Promise<DagTestResult> {
  const clock = input.clock ?? (() => new Date());
  const { store, dag } = input;
  const spec = dag.spec;
  const conf = input.conf ?? {};
  const resolved = resolveParams(dag.dagId, dag.runtime.paramsSchema, conf);
  if (!resolved.ok) throw new Error(resolved.message);
  const params = resolved.params as Record<string, JsonValue>;

  if (input.onlyTaskId !== undefined && !spec.tasks.some((t) => t.taskId === input.onlyTaskId)) {
    throw new Error(`DAG '${dag.dagId}' has no task '${input.onlyTaskId}': its tasks are ${spec.tasks.map((t) => t.taskId).join(', ')}`);
  }
  const run = await createTestRun(input, clock, conf);
  const tis = taskInstancesForRun(spec, run);
  await store.taskInstances.createMany(tis);
  await input.beforeTasks?.(run);
  const masker = new SecretMasker();
  const context = { input, run, params, masker, clock };

  if (input.onlyTaskId !== undefined) {
    const ti = tis.find((t) => t.taskId === input.onlyTaskId) as TaskInstance;
    await executeTi(context, ti);
    const finished = await store.taskInstances.get(ti);
    if (input.ownStore !== true) await store.dagRuns.delete(run);
    return { run, decision: null, tis: finished ? [finished] : [] };
  }

  await store.dagRuns.updateState(run, 'queued', 'running', { startDate: clock() });
  for (;;) {
    const now = clock();
    const snapshot = await loadRunSnapshot(store, spec, { ...run, state: 'running' }, now);
    const current = snapshot.tis;
    const plan = planRun(snapshot);
    await store.transaction(async (tx) => {
      for (const change of plan.changes) {
        await tx.taskInstances.update(change.key, { state: change.state, stateReason: change.reason, endDate: now });
        input.onEvent?.({ kind: 'task_state', ti: change.key, state: change.state, reason: change.reason });
      }
      for (const expansion of plan.expansions) {
        await tx.taskInstances.expandMapped({ dagId: run.dagId, runId: run.runId, taskId: expansion.taskId, mapIndex: -1 }, expansion.count);
      }
    });
    if (plan.changes.length > 0 || plan.expansions.length > 0) continue;

    const next = plan.ready[0];
    if (next) {
      const ti = current.find((t) => t.taskId === next.taskId && t.mapIndex === next.mapIndex) as TaskInstance;
      await executeTi(context, ti);
      continue;
    }
    if (plan.runState.state !== 'running') {
      const finalState = plan.runState.state;
      await store.dagRuns.updateState(run, 'running', finalState, { endDate: clock() });
      await runDagCallback(context, finalState, plan.runState.reason);
      const finalTis = (await store.taskInstances.list({ dagId: run.dagId, runId: run.runId })).items;
      return { run: (await store.dagRuns.get(run)) ?? run, decision: plan.runState, tis: finalTis };
    }
    // Deferred sensors: their triggers are checked here, as the scheduler's triggerer does.
    const deferred = await checkDeferredTasks(store, now, async (t) => spec.tasks.find((task) => task.taskId === t.taskId), { dagId: run.dagId, runId: run.runId });
    for (const { ti: ended, outcome } of deferred.ended) {
      input.onEvent?.({ kind: 'task_state', ti: ended, state: ended.state ?? 'failed', reason: ended.stateReason ?? 'its trigger fired' });
      const log = createTaskLogger((line) => input.onEvent?.({ kind: 'log', ti: ended, line }), masker, clock);
      const connections = connectionAccess(storeTaskServices(store, run, clock, input.secrets).getConnection, masker);
      await runTaskCallback({ dag, ti: ended, outcome, logicalDate: run.logicalDate, log, connections });
    }
    if (deferred.ended.length > 0) continue;
    const waits = current
      .filter((t) => (t.state === 'up_for_retry' || t.state === 'up_for_reschedule') && t.nextRetryAt !== null)
      .map((t) => ({ at: t.nextRetryAt as Date, reason: t.state === 'up_for_retry' ? 'waiting for a retry' : `waiting to poke ${t.taskId} again` }));
    if (deferred.nextCheckAt !== null) waits.push({ at: deferred.nextCheckAt, reason: 'waiting for a deferred sensor' });
    const wait = waits.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (wait) {
      input.onEvent?.({ kind: 'waiting', until: wait.at, reason: wait.reason });
      await (input.sleep ?? defaultSleep)(Math.max(0, wait.at.getTime() - clock().getTime()));
      continue;
    }
    const reasons = plan.waiting.map((w) => `${w.key.taskId}: ${w.reason}`).join('\n  ');
    await store.dagRuns.updateState(run, 'running', 'failed', { endDate: clock() });
    throw new Error(`DAG run ${run.runId} cannot make progress; tasks waiting:\n  ${reasons}`);
  }
}

interface RunContext {
  readonly input: DagTestInput;
  readonly run: DagRun;
  readonly params: Record<string, JsonValue>;
  readonly masker: SecretMasker;
  readonly clock: () => Date;
}

async function createTestRun(input: DagTestInput, clock: () => Date, conf: JsonObject): Promise<DagRun> {
  const spec = input.dag.spec;
  const logicalDate = input.logicalDate ?? clock();
  const interval = timetableFor(spec.schedule).inferManualDataInterval(logicalDate);
  const run: DagRun = {
    dagId: spec.dagId,
    runId: input.onlyTaskId !== undefined ? generateRunId('manual', logicalDate).replace('manual__', 'test__') : generateRunId('manual', logicalDate),
    runType: 'manual',
    state: 'queued',
    logicalDate: input.onlyTaskId !== undefined && input.ownStore !== true ? null : logicalDate,
    dataInterval: interval,
    runAfter: logicalDate,
    queuedAt: clock(),
    startDate: null,
    endDate: null,
    conf,
    dagVersionId: input.dagVersionId,
    triggeredBy: input.onlyTaskId !== undefined ? 'tasks test' : 'dags test',
    note: null,
    backfillId: null,
    clearNumber: 0,
  };
  return input.store.dagRuns.create(run);
}

async function executeTi(ctx: RunContext, ti: TaskInstance): Promise<void> {
  const { input, run, clock } = ctx;
  const { store } = input;
  const task = input.dag.spec.tasks.find((t) => t.taskId === ti.taskId) as TaskSpec;
  // A rescheduled sensor goes on with the same try, as under the scheduler.
  const tryNumber = ti.waitState?.kind === 'reschedule' ? ti.tryNumber : ti.tryNumber + 1;
  const startDate = clock();
  const running: TaskInstance = {
    ...ti,
    state: 'running',
    tryNumber,
    startDate,
    endDate: null,
    durationMs: null,
    nextRetryAt: null,
    hostname: hostname(),
    pid: process.pid,
    executor: 'dags_test',
  };
  await store.taskInstances.update(ti, running);
  input.onEvent?.({ kind: 'task_started', ti: running });

  const logPath = taskLogPath(input.logsFolder, ti, tryNumber);
  const logFile = openLogFile(logPath);
  const logSink = teeLogSinks(logFile.sink, (line) => input.onEvent?.({ kind: 'log', ti, line }));
  const outcome = await runTaskAttempt({
    dag: input.dag,
    task,
    run,
    ti: running,
    params: ctx.params,
    services: storeTaskServices(store, run, clock, input.secrets, input.startDagRun),
    logSink,
    masker: ctx.masker,
    clock,
    signal: new AbortController().signal,
    maxXcomBytes: input.maxXcomBytes,
    isLatestRun: true,
  });

  const endDate = clock();
  const { ti: finished, tryEnded } = applyTryOutcome({ ti: running, task, run, outcome, endDate });
  await store.transaction(async (tx) => {
    await tx.taskInstances.update(ti, finished);
    if (tryEnded) await tx.taskInstances.recordTry(finished);
    if (outcome.state === 'success' && outcome.returnValue !== undefined) {
      await tx.xcom.set({ dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex, key: RETURN_VALUE_KEY, value: outcome.returnValue, timestamp: endDate });
    }
    if (outcome.state === 'success') {
      if (input.onlyTaskId === undefined) await recordAssetEvents(tx, task, ti, endDate); // `tasks test` records nothing lasting
      for (const taskId of outcome.skipTaskIds) {
        const reasonText = `skipped by ${ti.taskId}`;
        const skippedKeys = (await tx.taskInstances.list({ dagId: run.dagId, runId: run.runId, taskId })).items;
        for (const key of skippedKeys) {
          if (await tx.taskInstances.update(key, { state: 'skipped', stateReason: reasonText, endDate }, [null, 'scheduled'])) {
            input.onEvent?.({ kind: 'task_state', ti: key, state: 'skipped', reason: reasonText });
          }
        }
      }
    }
  });
  input.onEvent?.({ kind: 'task_finished', ti: finished, outcome, logPath });

  const log = createTaskLogger(logSink, ctx.masker, clock);
  const connections = connectionAccess(storeTaskServices(input.store, run, clock, input.secrets).getConnection, ctx.masker);
  await runTaskCallback({ dag: input.dag, ti: running, outcome, logicalDate: run.logicalDate, log, connections });
  logFile.close();
}

async function runDagCallback(ctx: RunContext, state: 'success' | 'failed', reason: string): Promise<void> {
  const { run, input, clock } = ctx;
  const callback = state === 'success' ? input.dag.runtime.onSuccess : input.dag.runtime.onFailure;
  const log = createTaskLogger((line) => input.onEvent?.({ kind: 'log', ti: { dagId: run.dagId, runId: run.runId, taskId: '(dag)', mapIndex: -1 }, line }), ctx.masker, clock);
  await invokeCallback(state === 'success' ? 'onSuccess' : 'onFailure', callback, {
    dagId: run.dagId,
    runId: run.runId,
    taskId: null,
    mapIndex: -1,
    tryNumber: 0,
    state,
    reason,
    logicalDate: run.logicalDate,
    log,
    connections: connectionAccess(storeTaskServices(input.store, run, clock, input.secrets).getConnection, ctx.masker),
  }, log);
}



