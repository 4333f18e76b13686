/**
 * Entry of the short-lived process that runs a DAG's `onSuccess` / `onFailure`
 * when one of its runs ends (Airflow runs these in its DAG processor), a missed
 * deadline's callback, and the task callbacks of a deferred task that the
 * scheduler ended: user
 * code never runs in the scheduler. It receives one request over IPC, writes
 * what the callback logs to the run's callback log, and exits.
 */
import { loadDagFile } from '../../processor/load-dag-file.js';
import { invokeCallback, runTaskCallback } from '../../runner/callbacks.js';
import type { AttemptOutcome } from '../../runner/run-task-attempt.js';
import { decodeTi } from '../workload-codec.js';
import { connectionAccess } from '../../runner/connection-access.js';
import { openLogFile } from '../../runner/log-file.js';
import { SecretMasker } from '../../runner/secret-masker.js';
import { createTaskLogger } from '../../runner/task-logger.js';
import type { CallbackContext, ConnectionInfo } from '../../sdk/context.js';
import type { Dag } from '../../sdk/dag.js';
import type { ConnectionAnswer, ConnectionQuery, DagCallbackRequest, DeadlineCallbackRequest, VariableAnswer, VariableQuery } from './dag-callback-request.js';

process.once('message', (request: DagCallbackRequest) => {
  void run(request).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});

// Connection and variable lookups go to the parent, which reads them through the secrets backends.
const pendingLookups = new Map<number, { resolve(answer: ConnectionInfo | string | null): void; reject(error: Error): void }>();
let nextLookup = 1;
process.on('message', (message: ConnectionAnswer | VariableAnswer) => {
  if (message?.type !== 'connection' && message?.type !== 'variable') return;
  const pending = pendingLookups.get(message.id);
  pendingLookups.delete(message.id);
  if (message.error !== undefined) pending?.reject(new Error(message.error));
  else pending?.resolve(message.type === 'connection' ? message.connection : message.value);
});

function lookUp<T extends ConnectionInfo | string>(query: ConnectionQuery | VariableQuery): Promise<T | null> {
  return new Promise((resolve, reject) => {
    pendingLookups.set(query.id, { resolve: resolve as (answer: ConnectionInfo | string | null) => void, reject });
    process.send?.(query);
  });
}

const lookUpConnection = (connId: string) => lookUp<ConnectionInfo>({ type: 'getConnection', id: nextLookup++, connId });
const lookUpVariable = (key: string) => lookUp<string>({ type: 'variable', id: nextLookup++, key });

async function run(request: DagCallbackRequest): Promise<void> {
  const logFile = openLogFile(request.logPath);
  const masker = new SecretMasker();
  const log = createTaskLogger(logFile.sink, masker, () => new Date());
  try {
    const { dagFile } = request;
    const loaded = await loadDagFile(dagFile.absPath, {
      dagsFolder: dagFile.dagsFolder,
      cacheDir: request.cacheDir,
      fileloc: dagFile.fileloc,
      readVariable: lookUpVariable,
      ...(request.authoringDefaults ? { authoringDefaults: request.authoringDefaults } : {}),
    });
    const dag = loaded.dags.find((d) => d.dagId === request.dagId);
    if (!dag) throw new Error(`DAG '${request.dagId}' is no longer declared in ${dagFile.fileloc}`);
    const context = {
      dagId: request.dagId,
      runId: request.runId,
      taskId: null,
      mapIndex: -1,
      tryNumber: 0,
      state: request.state,
      reason: request.reason,
      logicalDate: request.logicalDate === null ? null : new Date(request.logicalDate),
      log,
      connections: connectionAccess(lookUpConnection, masker),
    };
    if (request.deadline) {
      await runDeadlineCallback(dag, request.deadline, context);
      return;
    }
    if (request.task) {
      // A deferred task ended by the scheduler: the callbacks its task process would have run.
      const ti = decodeTi(request.task.ti);
      const outcome = request.task.outcome as unknown as AttemptOutcome;
      log.info(`Running the task callbacks of ${ti.taskId} (${outcome.state}), ended by its trigger`);
      await runTaskCallback({ dag, ti, outcome, logicalDate: context.logicalDate, log, connections: context.connections });
      return;
    }
    const name = request.state === 'success' ? 'onSuccess' : 'onFailure';
    log.info(`Running the DAG's ${name} callback for run ${request.runId} (${request.state}: ${request.reason})`);
    await invokeCallback(name, request.state === 'success' ? dag.runtime.onSuccess : dag.runtime.onFailure, context, log);
  } finally {
    logFile.close();
  }
}

/**
 * A missed deadline's callback: the DAG's deadline (or the task's) at the recorded index.
 * Unlike a run's callbacks, a failure here fails the process, so the record says it failed.
 */
async function runDeadlineCallback(dag: Dag, deadline: DeadlineCallbackRequest, base: CallbackContext): Promise<void> {
  const where = deadline.taskId === null ? `DAG '${dag.dagId}'` : `task '${deadline.taskId}' of DAG '${dag.dagId}'`;
  const runtime = deadline.taskId === null ? dag.runtime : dag.runtime.tasks.get(deadline.taskId);
  const callback = runtime?.deadlines[deadline.alertIndex];
  if (callback === undefined) throw new Error(`${where} no longer declares deadline ${deadline.alertIndex}: was the DAG file changed since the run started?`);
  const context: CallbackContext = {
    ...base,
    taskId: deadline.taskId,
    mapIndex: deadline.mapIndex,
    state: deadline.subjectState,
    deadline: {
      id: deadline.id,
      deadlineTime: new Date(deadline.deadlineTime),
      lateMs: deadline.lateMs,
      reference: deadline.reference,
      intervalMs: deadline.intervalMs,
    },
  };
  base.log.info(`Running the deadline callback of ${where} for run ${base.runId}: ${base.reason}`);
  try {
    await callback(context);
  } catch (error) {
    base.log.error(`The deadline callback failed: ${error instanceof Error ? error.message : String(error)}`, error);
    throw error;
  }
  base.log.info('The deadline callback finished');
}
