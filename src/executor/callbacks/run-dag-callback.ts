/**
 * Runs one DAG callback in a process of its own, with a deadline: a callback
 * that hangs or crashes is killed and reported, and the scheduler carries on.
 * Runs end far less often than tasks, so a fresh process per callback is fine.
 */
import { fork } from 'node:child_process';
import { childExecArgv } from '../../processor/parse-child.js';
import { locateOwnModule } from '../../processor/own-module.js';
import type { TaskServices } from '../../runner/task-services.js';
import type { ConnectionAnswer, ConnectionQuery, DagCallbackRequest, VariableAnswer, VariableQuery } from './dag-callback-request.js';

const entryPath = locateOwnModule(import.meta.url, './dag-callback-process');

/** Where the callback process's lookups go: connections for notifiers, variables for the DAG file's parse-time reads. */
export type CallbackLookups = Pick<TaskServices, 'getConnection' | 'getVariable'>;

const NO_LOOKUPS: CallbackLookups = { getConnection: async () => null, getVariable: async () => null };

/**
 * Resolves with null when the callback ran, or with what went wrong.
 * `lookups` answer the callback's connection and variable lookups (none: every lookup finds nothing).
 */
export function runDagCallback(request: DagCallbackRequest, timeoutMs = 60_000, lookups: CallbackLookups = NO_LOOKUPS): Promise<string | null> {
  return new Promise((resolve) => {
    const child = fork(entryPath, [], { execArgv: childExecArgv(process.execArgv, entryPath.endsWith('.js')), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`the ${request.state} callback of DAG ${request.dagId} did not finish within ${Math.round(timeoutMs / 1000)} s and was killed`);
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(null);
      else resolve(`the ${request.state} callback of DAG ${request.dagId} failed (${signal ?? `exit code ${code}`}): ${stderr.trim().split('\n')[0] ?? ''}`);
    });
    const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
    child.on('message', (message: ConnectionQuery | VariableQuery) => {
      if (message?.type === 'getConnection') {
        const answer = (reply: Omit<ConnectionAnswer, 'type' | 'id'>) => {
          if (child.connected) child.send({ type: 'connection', id: message.id, ...reply } satisfies ConnectionAnswer);
        };
        lookups.getConnection(message.connId).then(
          (connection) => answer({ connection }),
          (error: unknown) => answer({ connection: null, error: reason(error) }),
        );
      } else if (message?.type === 'variable') {
        const answer = (reply: Omit<VariableAnswer, 'type' | 'id'>) => {
          if (child.connected) child.send({ type: 'variable', id: message.id, ...reply } satisfies VariableAnswer);
        };
        lookups.getVariable(message.key).then(
          (value) => answer({ value }),
          (error: unknown) => answer({ value: null, error: reason(error) }),
        );
      }
    });
    child.send(request);
  });
}
