/**
 * Entry of the short-lived process that runs a DAG's `onSuccess` / `onFailure`
 * when one of its runs ends (Airflow runs these in its DAG processor): user
 * code never runs in the scheduler. It receives one request over IPC, writes
 * what the callback logs to the run's callback log, and exits.
 */
import { loadDagFile } from '../../processor/load-dag-file.js';
import { invokeCallback } from '../../runner/callbacks.js';
import { connectionAccess } from '../../runner/connection-access.js';
import { openLogFile } from '../../runner/log-file.js';
import { SecretMasker } from '../../runner/secret-masker.js';
import { createTaskLogger } from '../../runner/task-logger.js';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionAnswer, ConnectionQuery, DagCallbackRequest } from './dag-callback-request.js';

process.once('message', (request: DagCallbackRequest) => {
  void run(request).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});

// Connection lookups go to the parent, which reads them through the secrets backends.
const pendingLookups = new Map<number, { resolve(connection: ConnectionInfo | null): void; reject(error: Error): void }>();
let nextLookup = 1;
process.on('message', (message: ConnectionAnswer) => {
  if (message?.type !== 'connection') return;
  const pending = pendingLookups.get(message.id);
  pendingLookups.delete(message.id);
  if (message.error !== undefined) pending?.reject(new Error(message.error));
  else pending?.resolve(message.connection);
});

function lookUpConnection(connId: string): Promise<ConnectionInfo | null> {
  const id = nextLookup++;
  return new Promise((resolve, reject) => {
    pendingLookups.set(id, { resolve, reject });
    process.send?.({ type: 'getConnection', id, connId } satisfies ConnectionQuery);
  });
}

async function run(request: DagCallbackRequest): Promise<void> {
  const logFile = openLogFile(request.logPath);
  const masker = new SecretMasker();
  const log = createTaskLogger(logFile.sink, masker, () => new Date());
  try {
    const { dagFile } = request;
    const loaded = await loadDagFile(dagFile.absPath, { dagsFolder: dagFile.dagsFolder, cacheDir: request.cacheDir, fileloc: dagFile.fileloc });
    const dag = loaded.dags.find((d) => d.dagId === request.dagId);
    if (!dag) throw new Error(`DAG '${request.dagId}' is no longer declared in ${dagFile.fileloc}`);
    const name = request.state === 'success' ? 'onSuccess' : 'onFailure';
    log.info(`Running the DAG's ${name} callback for run ${request.runId} (${request.state}: ${request.reason})`);
    await invokeCallback(name, request.state === 'success' ? dag.runtime.onSuccess : dag.runtime.onFailure, {
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
    }, log);
  } finally {
    logFile.close();
  }
}
