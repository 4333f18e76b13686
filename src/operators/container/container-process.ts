/**
 * Runs `<tool> run …` as a child process and follows it: each line the
 * container writes goes to the task log as it comes, the last non-blank line
 * of standard output is kept (the XCom), and on abort (timeout, clear, mark)
 * the container is killed and removed before this resolves, while the task
 * process still lives (container-stop.ts covers the case where it does not).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TaskLogger } from '../../sdk/context.js';
import type { RunInvocation } from './container-command.js';
import type { ContainerTool } from './container-runtime.js';
import { stopContainer, trackContainer, untrackContainer } from './container-stop.js';

export interface ContainerRun {
  readonly tool: ContainerTool;
  readonly name: string;
  readonly invocation: RunInvocation;
  readonly signal: AbortSignal;
  readonly log: TaskLogger;
}

export interface ContainerExit {
  /** The `run` client's exit code: the container's own, or 125-127 for the tool's errors. */
  readonly exitCode: number | null;
  readonly killedBy: NodeJS.Signals | null;
  readonly lastStdoutLine: string | null;
  /** The last few lines of output, both streams, for the failure message. */
  readonly lastLines: readonly string[];
}

const KEPT_LINES = 3;

export function runContainerProcess(run: ContainerRun): Promise<ContainerExit> {
  const { tool, name, invocation, signal, log } = run;
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, [...invocation.args], { env: invocation.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    trackContainer(tool, name);
    let stopping: Promise<void> | null = null;
    const onAbort = () => {
      const why: unknown = signal.reason;
      log.info(`Stopping container ${name} (${why instanceof Error ? why.message : String(why)}): ${tool.name} kill ${name}, then ${tool.name} rm -f ${name}`);
      stopping = stopContainer(tool, name).then((steps) => {
        for (const step of steps) log.info(`${tool.name} ${step.command}: ${step.status === 0 ? 'done' : `exit code ${step.status ?? 'none'}`}${step.output ? `: ${step.output}` : ''}`);
        // A client still waiting had not started the container yet (an image pull, say): it must not start it now.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });

    let lastStdoutLine: string | null = null;
    const lastLines: string[] = [];
    const onLine = (line: string, stdout: boolean) => {
      if (stdout && line.trim() !== '') lastStdoutLine = line;
      if (line.trim() !== '') lastLines.push(line);
      if (lastLines.length > KEPT_LINES) lastLines.shift();
      log.info(line);
    };
    createInterface({ input: child.stdout }).on('line', (line) => onLine(line, true));
    createInterface({ input: child.stderr }).on('line', (line) => onLine(line, false));

    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      untrackContainer(name);
      reject(new Error(`could not start ${tool.path}: ${error.message}`));
    });
    child.on('close', (exitCode, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      if (stopping === null) untrackContainer(name);
      void Promise.resolve(stopping).then(() => resolve({ exitCode, killedBy, lastStdoutLine, lastLines }));
    });
  });
}
