/**
 * The task process's entry (forked by the local executor): runs one try at a
 * time and stays alive for the next, so a try costs an IPC round trip and a
 * cached DAG import instead of a `node` boot.
 *
 *   ready --run--> running --done--> ready ...
 *                     |--cancel / SIGTERM--> (abort the try) --done--> exit
 *
 * The parent owns every hard limit: it kills this process on a timeout that
 * synchronous code ignores, on cancel, and on shutdown; nothing here relies on
 * being able to run once the task's code misbehaves. Whatever the task prints
 * goes to its log file, masked, line by line.
 */
import { transform } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { loadDagFile } from '../../processor/load-dag-file.js';
import { locateOwnModule } from '../../processor/own-module.js';
import { runTaskCallback } from '../../runner/callbacks.js';
import { connectionAccess } from '../../runner/connection-access.js';
import { openLogFile } from '../../runner/log-file.js';
import { runTaskAttempt, type AttemptOutcome } from '../../runner/run-task-attempt.js';
import { SecretMasker } from '../../runner/secret-masker.js';
import { createTaskLogger } from '../../runner/task-logger.js';
import type { TaskServices } from '../../runner/task-services.js';
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskWorkload } from '../executor.js';
import type { AuthoringDefaults } from '../../sdk/authoring-defaults.js';
import { decodeWorkload } from '../workload-codec.js';
import type { ChildMessage, ParentMessage, ServiceMethod } from './task-protocol.js';

interface Pending {
  resolve(value: JsonValue): void;
  reject(error: Error): void;
}

const pending = new Map<number, Pending>();
let nextRequestId = 1;
let current: { readonly tryId: number; readonly controller: AbortController } | null = null;
let exitAfterTry = false;
/** Process group of the bash command now running, killed with us if the executor goes away. */
let bashGroup: number | null = null;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function call(tryId: number, method: ServiceMethod, args: JsonValue[]): Promise<JsonValue> {
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: 'service', tryId, id, method, args });
  });
}

function servicesOverIpc(tryId: number): TaskServices {
  return {
    readXComs: async (taskId, key) => (await call(tryId, 'readXComs', [taskId, key])) as never,
    writeXCom: async (taskId, mapIndex, key, value) => {
      await call(tryId, 'writeXCom', [taskId, mapIndex, key, value]);
    },
    recordRenderedFields: async (taskId, mapIndex, fields) => {
      await call(tryId, 'recordRenderedFields', [taskId, mapIndex, fields]);
    },
    getVariable: async (key) => (await call(tryId, 'getVariable', [key])) as string | null,
    getVariableEntry: async (key) => (await call(tryId, 'getVariableEntry', [key])) as never,
    getConnection: async (connId) => (await call(tryId, 'getConnection', [connId])) as never,
    observeExternalTasks: async (query) => (await call(tryId, 'observeExternalTasks', [query as unknown as JsonValue])) as never,
    assetUpdates: async (uri, since) => (await call(tryId, 'assetUpdates', [uri, since])) as never,
    triggerDagRun: async (request) => (await call(tryId, 'triggerDagRun', [request as unknown as JsonValue])) as never,
    setDefaultVariable: async (taskId, variable) => (await call(tryId, 'setDefaultVariable', [taskId, variable as unknown as JsonValue])) as string,
    setDefaultConnection: async (taskId, connection) => (await call(tryId, 'setDefaultConnection', [taskId, connection as unknown as JsonValue])) as boolean,
    setDefaultPool: async (taskId, pool) => (await call(tryId, 'setDefaultPool', [taskId, pool as unknown as JsonValue])) as boolean,
  };
}

async function runTry(tryId: number, workload: TaskWorkload, cacheDir: string, authoringDefaults: AuthoringDefaults | undefined): Promise<AttemptOutcome> {
  const masker = new SecretMasker();
  const clock = () => new Date();
  const logFile = openLogFile(workload.logPath);
  const logSink = logFile.sink;
  const log = createTaskLogger(logSink, masker, clock);
  const controller = new AbortController();
  current = { tryId, controller };
  const restore = captureOutput((line) => log.write('INFO', line));
  try {
    const { ti, dagFile } = workload;
    const services = servicesOverIpc(tryId);
    let loaded;
    try {
      // The file's parse-time variable() reads go where the try's own reads go (the store, or a worker's API server).
      loaded = await loadDagFile(dagFile.absPath, {
        dagsFolder: dagFile.dagsFolder,
        cacheDir,
        fileloc: dagFile.fileloc,
        readVariable: services.getVariable,
        ...(authoringDefaults ? { authoringDefaults } : {}),
      });
    } catch (error) {
      return failedBeforeStart(log, `cannot load the DAG file ${dagFile.fileloc}: ${message(error)}`);
    }
    const dag = loaded.dags.find((d) => d.dagId === ti.dagId);
    if (dag === undefined) {
      return failedBeforeStart(log, `DAG '${ti.dagId}' is no longer declared in ${dagFile.fileloc}: was the file changed since this run started?`);
    }
    const task = dag.spec.tasks.find((t) => t.taskId === ti.taskId);
    if (task === undefined) {
      return failedBeforeStart(log, `DAG '${ti.dagId}' has no task '${ti.taskId}' any more: was ${dagFile.fileloc} changed since this run started?`);
    }
    const outcome = await runTaskAttempt({
      dag,
      // The workload's timeout is the one the scheduler resolved; the parent enforces it too.
      task: { ...task, executionTimeoutMs: workload.executionTimeoutMs },
      run: workload.run,
      ti,
      params: workload.params,
      services,
      logSink,
      masker,
      clock,
      signal: controller.signal,
      maxXcomBytes: workload.maxXcomBytes,
      isLatestRun: workload.isLatestRun,
      onBashSpawn: (pgid) => {
        bashGroup = pgid;
        send({ type: 'spawned', tryId, pgid });
      },
    });
    if (!controller.signal.aborted) {
      const connections = connectionAccess(services.getConnection, masker);
      await runTaskCallback({ dag, ti, outcome, logicalDate: workload.run.logicalDate, log, connections });
    }
    return outcome;
  } finally {
    restore();
    logFile.close();
    current = null;
  }
}

function failedBeforeStart(log: ReturnType<typeof createTaskLogger>, reason: string): AttemptOutcome {
  log.error(`Task failed: ${reason}`);
  return { state: 'failed', reason, timedOut: false };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Write = typeof process.stdout.write;

/** Sends what the task prints (console.*, process.stdout/stderr.write) to its log, line by line, until restored. */
function captureOutput(onLine: (line: string) => void): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  const partial = ['', ''];
  streams.forEach((stream, index) => {
    const write = (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
      const text = partial[index] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const lines = text.split('\n');
      partial[index] = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    };
    stream.write = write as Write;
  });
  return () => {
    streams.forEach((stream, index) => {
      stream.write = originals[index] as Write;
      if (partial[index] !== '') onLine(partial[index] as string);
    });
  };
}

function onMessage(msg: ParentMessage): void {
  switch (msg.type) {
    case 'run': {
      const { tryId, cacheDir, authoringDefaults } = msg;
      let workload: TaskWorkload;
      try {
        workload = decodeWorkload(msg.workload);
      } catch (error) {
        send({ type: 'done', tryId, outcome: { state: 'failed', reason: message(error), timedOut: false } });
        return;
      }
      runTry(tryId, workload, cacheDir, authoringDefaults)
        .catch((error: unknown): AttemptOutcome => ({ state: 'failed', reason: `the task process failed: ${message(error)}`, timedOut: false }))
        .then((outcome) => {
          bashGroup = null;
          // The parent retires a process whose try timed out: code abandoned by the timeout may still be running.
          process.send?.({ type: 'done', tryId, outcome } satisfies ChildMessage, () => {
            if (exitAfterTry) process.exit(0);
          });
        });
      return;
    }
    case 'cancel':
      stopCurrent(msg.reason);
      return;
    case 'service-reply': {
      const waiting = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.ok) waiting?.resolve(msg.value);
      else waiting?.reject(new Error(msg.error));
      return;
    }
  }
}

function stopCurrent(reason: string): void {
  exitAfterTry = true;
  if (current === null) process.exit(0);
  if (!current.controller.signal.aborted) current.controller.abort(new Error(reason));
}

if (process.send === undefined) {
  console.error('task-process is started by the local executor (child_process.fork), not by hand');
  process.exit(2);
}
process.on('message', onMessage);
process.on('SIGTERM', () => stopCurrent('the task process was asked to stop (SIGTERM)'));
// The executor is gone (its process crashed or was killed with -9): nobody will record this
// try, so stop its work, bash process group included, rather than leave orphans behind.
process.on('disconnect', () => {
  if (bashGroup !== null) {
    try {
      process.kill(-bashGroup, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(0);
});
await warmUp();
send({ type: 'ready' });

/**
 * Pays before `ready` what the first try would otherwise pay: the SDK that DAG bundles import
 * and esbuild's service process (started by its first call).
 */
async function warmUp(): Promise<void> {
  await import(pathToFileURL(locateOwnModule(import.meta.url, '../../sdk/index')).href);
  await transform('export {}', { loader: 'ts' });
}
