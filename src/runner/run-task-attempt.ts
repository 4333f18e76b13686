/**
 * One try of one task instance: resolve its inputs, run its code (or its bash
 * command), and report the outcome. It decides nothing about retries or the
 * run: the caller records the outcome and plans what follows. The same code
 * runs in `dags test` and in the executors' child processes.
 */
import type { InputSpec, JsonValue, TaskSpec } from '../core/dag-spec.js';
import { formatDuration } from '../core/duration.js';
import { directDownstreamOf } from '../core/graph.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import { renderTemplate } from '../core/template.js';
import type { WaitState } from '../core/sensors/wait-state.js';
import type { Dag } from '../sdk/dag.js';
import { isFailTask, isSkipTask } from '../sdk/task-errors.js';
import { isOperatorKind } from '../core/operator-kinds.js';
import { runOperator } from '../operators/run-operator.js';
import { runBash } from './bash-process.js';
import type { SecretMasker } from './secret-masker.js';
import { maskingTaskServices } from './masking-task-services.js';
import { createTaskContext, templateValues } from './task-context.js';
import { createTaskLogger, type LogSink } from './task-logger.js';
import type { TaskServices } from './task-services.js';
import { renderedFieldsWriter } from './rendered-fields.js';
import { skipsForBranch, skipsForShortCircuit } from './skip-decisions.js';

export interface TaskAttempt {
  readonly dag: Dag;
  readonly task: TaskSpec;
  readonly run: DagRun;
  readonly ti: TaskInstance;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly services: TaskServices;
  readonly logSink: LogSink;
  readonly masker: SecretMasker;
  readonly clock: () => Date;
  /** Aborted when the try must stop (clear, mark, shutdown). */
  readonly signal: AbortSignal;
  readonly maxXcomBytes: number;
  /** For latest-only tasks: whether this run is the latest scheduled one. */
  readonly isLatestRun: boolean;
  /** Told the process group id of a bash task's shell, so a parent process can kill the group if this process dies. */
  readonly onBashSpawn?: (pgid: number) => void;
}

export type AttemptOutcome =
  | {
      readonly state: 'success';
      readonly skipTaskIds: readonly string[];
      /**
       * The task's XCom `return_value`, recorded with the outcome (one commit, and
       * downstream tasks never start before it is stored). Absent: the task has none.
       */
      readonly returnValue?: JsonValue;
    }
  | { readonly state: 'skipped'; readonly reason: string }
  /** `noRetry`: the try failed for good, whatever retries are left (FailTask, a sensor's timeout). */
  | { readonly state: 'failed'; readonly reason: string; readonly timedOut: boolean; readonly noRetry?: boolean }
  /** A sensor in reschedule mode: the try pauses and pokes again at `rescheduleAt` (ISO), holding no slot. */
  | { readonly state: 'up_for_reschedule'; readonly rescheduleAt: string; readonly waitState: WaitState }
  /** A deferrable sensor: the scheduler watches its trigger and ends the task. */
  | { readonly state: 'deferred'; readonly waitState: WaitState };

export { SkipTask, FailTask } from '../sdk/task-errors.js';

export async function runTaskAttempt(attempt: TaskAttempt): Promise<AttemptOutcome> {
  const { task, ti } = attempt;
  const log = createTaskLogger(attempt.logSink, attempt.masker, attempt.clock);
  // Our own timer, not AbortSignal.timeout: that one is unref'd, so a try stuck on a promise that
  // never settles would let the process exit (and the try vanish) before the timeout fired.
  const timeout = new AbortController();
  const limitMs = task.executionTimeoutMs;
  const timer = limitMs === null ? null : setTimeout(() => timeout.abort(new Error(`timed out after ${formatDuration(limitMs)}`)), limitMs);
  const signal = AbortSignal.any([attempt.signal, timeout.signal]);
  log.info(`Starting try ${ti.tryNumber} of ${ti.maxTries + 1}: ${ti.dagId}.${ti.taskId}${ti.mapIndex >= 0 ? `[${ti.mapIndex}]` : ''} (run ${ti.runId})`);
  let work: Promise<AttemptOutcome> | null = null;
  try {
    // Secrets fetched during the try (connections, secret variables) are masked from the moment they are fetched.
    work = execute({ ...attempt, services: maskingTaskServices(attempt.services, attempt.masker) }, log, signal);
    // A bash try ends when its process group is gone (runBash kills it on abort); code running in
    // this process cannot be stopped, only abandoned.
    const outcome = await (task.kind === 'bash' ? work : raceAbort(work, signal));
    if (outcome.state === 'success') log.info('Task succeeded');
    else if (outcome.state === 'skipped') log.info(`Task skipped: ${outcome.reason}`);
    else if (outcome.state === 'up_for_reschedule') log.info(`Task rescheduled: next poke at ${outcome.rescheduleAt}`);
    else if (outcome.state === 'deferred') log.info('Task deferred: it holds no worker while it waits');
    else log.error(`Task failed: ${outcome.reason}`);
    return outcome;
  } catch (error) {
    const timedOut = timeout.signal.aborted;
    // Built-in operators honour the signal (a SQL statement is cancelled on the server, a
    // container removed): they get a moment to clean up before the process may be retired.
    // Task code may ignore it, so it is abandoned at once.
    if (signal.aborted && work !== null && isOperatorKind(task.kind)) await settledWithin(work, ABORT_CLEANUP_GRACE_MS);
    if (timedOut) {
      const reason = `timed out after ${formatDuration(limitMs ?? 0)} (executionTimeout)`;
      log.error(`Task failed: ${reason}`);
      return { state: 'failed', reason, timedOut: true };
    }
    if (attempt.signal.aborted) {
      const why: unknown = attempt.signal.reason;
      const reason = `cancelled: ${why instanceof Error ? why.message : String(why)}`;
      log.error(`Task failed: ${reason}`);
      return { state: 'failed', reason, timedOut: false };
    }
    if (isSkipTask(error)) {
      log.info(`Task skipped: ${error.message}`);
      return { state: 'skipped', reason: error.message };
    }
    if (isFailTask(error)) {
      log.error(`Task failed without retry: ${error.message}`);
      return { state: 'failed', reason: error.message, timedOut: false, noRetry: true };
    }
    const err = error instanceof Error ? error : new Error(String(error));
    log.error(`Task failed with ${err.name}: ${err.message}`);
    if (err.stack) log.write('ERROR', err.stack);
    return { state: 'failed', reason: `${err.name}: ${err.message}`, timedOut: false };
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

type Log = ReturnType<typeof createTaskLogger>;

async function execute(attempt: TaskAttempt, log: Log, signal: AbortSignal): Promise<AttemptOutcome> {
  const { task, ti, dag } = attempt;
  const context = createTaskContext({ run: attempt.run, ti, params: attempt.params, services: attempt.services, log, masker: attempt.masker, signal });
  const runtime = dag.runtime.tasks.get(task.taskId);
  const inputs = await resolveInputs(attempt);
  const runCode = async () => {
    if (!runtime?.run) throw new Error(`task '${task.taskId}' has no code in DAG '${dag.dagId}': was the DAG file changed since this run started?`);
    const value = await runtime.run(inputs, context);
    // Code that finishes after a timeout or cancel was abandoned: its result must not be stored.
    signal.throwIfAborted();
    return value;
  };

  switch (task.kind) {
    case 'empty':
      return { state: 'success', skipTaskIds: [] };
    case 'latest_only': {
      if (attempt.run.runType === 'manual' || attempt.isLatestRun) {
        log.info(attempt.isLatestRun ? 'This is the latest run: downstream tasks will run' : 'Manual run: not skipping downstream tasks');
        return { state: 'success', skipTaskIds: [] };
      }
      const skip = directDownstreamOf(dag.spec, task.taskId);
      log.info(`Not the latest run: skipping downstream tasks ${skip.join(', ')}`);
      return { state: 'success', skipTaskIds: skip };
    }
    case 'function': {
      const value = await runCode();
      return { state: 'success', skipTaskIds: [], returnValue: returnValueOf(attempt, value) };
    }
    case 'branch': {
      const choice = await runCode();
      const decision = skipsForBranch(dag.spec, task.taskId, choice);
      if (!decision.ok) return { state: 'failed', reason: decision.message, timedOut: false };
      log.info(`Following branch ${decision.followed.join(', ') || '(none)'}; skipping ${decision.skip.join(', ') || 'nothing'}`);
      return { state: 'success', skipTaskIds: decision.skip, returnValue: returnValueOf(attempt, decision.followed) };
    }
    case 'short_circuit': {
      const condition = await runCode();
      const returnValue = returnValueOf(attempt, condition);
      const skip = condition ? [] : skipsForShortCircuit(dag.spec, task.taskId);
      log.info(condition ? 'Condition is truthy: downstream tasks proceed' : `Condition is falsy: skipping ${skip.join(', ')}`);
      return { state: 'success', skipTaskIds: skip, returnValue };
    }
    case 'bash':
      return runBashTask(attempt, log, signal, context, runCode);
    default: {
      // Every other kind is an operator (src/operators/): its executor runs it from the task's config.
      const result = await runOperator({ task, context, log, signal, inputs, clock: attempt.clock, waitState: ti.waitState, services: attempt.services });
      signal.throwIfAborted();
      switch (result.state) {
        case 'skipped':
        case 'deferred':
          return result;
        case 'up_for_reschedule':
          return { state: 'up_for_reschedule', rescheduleAt: result.at.toISOString(), waitState: result.waitState };
        case 'success':
          return { state: 'success', skipTaskIds: [], returnValue: returnValueOf(attempt, result.xcom) };
      }
    }
  }
}

async function runBashTask(
  attempt: TaskAttempt,
  log: Log,
  signal: AbortSignal,
  context: ReturnType<typeof createTaskContext>,
  runCode: () => Promise<unknown>,
): Promise<AttemptOutcome> {
  const config = attempt.task.config as {
    command: string | null;
    env: Record<string, string> | null;
    appendEnv: boolean;
    cwd: string | null;
    skipExitCode: number | readonly number[] | null;
  };
  const where = `DAG '${attempt.ti.dagId}', task '${attempt.ti.taskId}'`;
  // The command function runs in this process: like function tasks, it can only be abandoned.
  const command = config.command !== null ? renderTemplate(config.command, templateValues(context), where) : await raceAbort(runCode(), signal);
  if (typeof command !== 'string' || command.trim() === '') {
    throw new Error(`${where}: the bash command function returned ${JSON.stringify(command)}, not a command`);
  }
  log.info(`Running command: ${command}`);
  // Its rendered fields (masked by the services), as Airflow records bash_command, env and cwd before running.
  await renderedFieldsWriter(attempt.services, attempt.ti, log)({ command, env: config.env, cwd: config.cwd });
  const contextEnv = {
    UPDRAFT_CTX_DAG_ID: context.dagId,
    UPDRAFT_CTX_TASK_ID: context.taskId,
    UPDRAFT_CTX_RUN_ID: context.runId,
    UPDRAFT_CTX_TRY_NUMBER: String(context.tryNumber),
    UPDRAFT_CTX_LOGICAL_DATE: context.logicalDate?.toISOString() ?? '',
  };
  const baseEnv = config.env === null ? process.env : config.appendEnv ? { ...process.env, ...config.env } : config.env;
  const result = await runBash({
    command,
    env: { ...baseEnv, ...contextEnv },
    cwd: config.cwd,
    signal,
    onOutput: (_stream, line) => log.write('INFO', line),
    ...(attempt.onBashSpawn ? { onSpawn: attempt.onBashSpawn } : {}),
  });
  if (signal.aborted) throw signal.reason ?? new Error('cancelled');
  const skipExitCodes = config.skipExitCode === null ? [] : typeof config.skipExitCode === 'number' ? [config.skipExitCode] : config.skipExitCode;
  if (result.exitCode !== null && skipExitCodes.includes(result.exitCode)) {
    return { state: 'skipped', reason: `command exited with ${result.exitCode} (a skip exit code)` };
  }
  if (result.exitCode !== 0) {
    const how = result.killedBy ? `was killed by ${result.killedBy}` : `exited with code ${result.exitCode}`;
    return { state: 'failed', reason: `bash command ${how}`, timedOut: false };
  }
  return { state: 'success', skipTaskIds: [], returnValue: returnValueOf(attempt, result.lastStdoutLine) };
}

async function resolveInputs(attempt: TaskAttempt): Promise<Record<string, unknown>> {
  const { task, ti } = attempt;
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(task.inputs)) resolved[name] = await resolveInput(attempt, spec);
  const mapped = Object.entries(task.expand);
  if (mapped.length === 0) return resolved;
  const lists: unknown[][] = [];
  for (const [name, spec] of mapped) {
    const list = await resolveInput(attempt, spec);
    if (!Array.isArray(list)) throw new Error(`input '${name}' to expand over is not a list: got ${JSON.stringify(list)}`);
    lists.push(list);
  }
  const total = lists.reduce((n, list) => n * list.length, 1);
  if (ti.mapIndex < 0 || ti.mapIndex >= total) {
    throw new Error(
      `task '${task.taskId}' is mapped over ${total} element${total === 1 ? '' : 's'}, but this instance has map index ${ti.mapIndex}: ` +
        'was the list changed after the task was expanded? Clear the task to expand it again',
    );
  }
  // Several mapped inputs expand to their product, the last input varying fastest (as Airflow).
  let rest = ti.mapIndex;
  for (let k = mapped.length - 1; k >= 0; k -= 1) {
    const list = lists[k] as unknown[];
    resolved[(mapped[k] as [string, InputSpec])[0]] = list[rest % list.length];
    rest = Math.floor(rest / list.length);
  }
  return resolved;
}

async function resolveInput(attempt: TaskAttempt, spec: InputSpec): Promise<unknown> {
  if (spec.from === 'literal') return spec.value;
  if (spec.from === 'params') return attempt.params;
  const values = await attempt.services.readXComs(spec.taskId, spec.key);
  const producer = attempt.dag.spec.tasks.find((t) => t.taskId === spec.taskId);
  if (producer && Object.keys(producer.expand).length > 0) return values.map((v) => v.value);
  const value = values.find((v) => v.mapIndex === -1);
  if (value === undefined) {
    throw new Error(`input from task '${spec.taskId}' (XCom '${spec.key}') is missing: did that task run and return a value?`);
  }
  return value.value;
}

/** The return value as JSON within the XCom size limit, or an error saying what to return instead. */
function returnValueOf(attempt: TaskAttempt, value: unknown): JsonValue {
  const json = toXComJson(value, attempt.task.taskId);
  const bytes = Buffer.byteLength(JSON.stringify(json));
  if (bytes > attempt.maxXcomBytes) {
    throw new Error(
      `the return value of task '${attempt.task.taskId}' is ${bytes} bytes, over the XCom limit of ${attempt.maxXcomBytes} bytes ` +
        `(UPDRAFT__CORE__MAX_XCOM_BYTES): return a reference such as a file path or an object key instead`,
    );
  }
  return json;
}

function toXComJson(value: unknown, taskId: string): JsonValue {
  if (value === undefined) return null;
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new Error(`task '${taskId}' returned a ${typeof value}, which cannot be stored as an XCom: return JSON data`);
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // Circular structures and nested bigints.
    throw new Error(`task '${taskId}' returned a value that cannot be stored as an XCom (${(error as Error).message}): return JSON data`);
  }
  return JSON.parse(text) as JsonValue;
}


/** How long a stopped try's work may take to clean up after itself; code that ignores the signal is abandoned after it. */
const ABORT_CLEANUP_GRACE_MS = 3_000;

function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
