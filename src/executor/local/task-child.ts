/**
 * One task process, as the local executor sees it.
 *
 *   starting --ready--> idle --run--> busy --done--> idle ...
 *       |                 |             |--kill--> (SIGKILL)
 *       +--exit-----------+----exit-----+--------> dead
 *
 * It only moves messages and records how the process ended; which try it runs,
 * timeouts and what a death means for a try are the executor's business.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { childExecArgv } from '../../processor/parse-child.js';
import { locateOwnModule } from '../../processor/own-module.js';
import type { ChildMessage, ParentMessage } from './task-protocol.js';

export type TaskChildState = 'starting' | 'idle' | 'busy' | 'dead';

export interface TaskChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of what the process wrote to stderr itself (V8's fatal errors land here). */
  readonly stderrTail: string;
}

export interface TaskChildHandlers {
  readonly onReady: (child: TaskChild) => void;
  readonly onMessage: (child: TaskChild, message: ChildMessage) => void;
  readonly onExit: (child: TaskChild, exit: TaskChildExit) => void;
}

const entryPath = locateOwnModule(import.meta.url, './task-process');
const STDERR_TAIL_CHARS = 8000;
/** After 'exit', how long to wait for the last stderr chunks (the OOM message) before reporting. */
const STDERR_SETTLE_MS = 500;

/** The flags a task process starts with: the parent's (see childExecArgv) and its own heap limit. */
export function taskExecArgv(maxOldSpaceMb: number): string[] {
  const inherited = childExecArgv(process.execArgv, entryPath.endsWith('.js')).filter((arg) => !arg.startsWith('--max-old-space-size'));
  return [...inherited, `--max-old-space-size=${maxOldSpaceMb}`];
}

export class TaskChild {
  state: TaskChildState = 'starting';
  /** Whether it ever became ready: a process that dies while starting is not replaced in a loop. */
  wasReady = false;
  /** It did not become ready in time and was killed. */
  bootTimedOut = false;
  /** Tries this process has been given (its module cache grows with each DAG version; the executor retires it). */
  triesRun = 0;
  /** DAG bundles (file and version) its tries imported: each stays in its module cache for good. */
  readonly bundles = new Set<string>();
  /** The try it runs or is reserved for, owned by the executor. */
  tryId: number | null = null;
  readonly pid: number;
  private stderrTail = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** True once ready; false if the process died while starting. */
  readonly booted: Promise<boolean>;
  private lastExit: TaskChildExit | null = null;

  constructor(execArgv: readonly string[], handlers: TaskChildHandlers, bootTimeoutMs = 60_000) {
    this.child = fork(entryPath, [], { execArgv: [...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.pid = this.child.pid ?? -1;
    this.child.stdout?.resume(); // task output is captured into its log inside the process; drain the rest
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.child.on('error', () => undefined); // surfaced as 'exit'
    let setBooted: (ok: boolean) => void = () => undefined;
    this.booted = new Promise((resolve) => (setBooted = resolve));
    // A process stuck while starting (a machine out of memory, a broken install) must not hold a try forever.
    const bootTimer = setTimeout(() => {
      this.bootTimedOut = true;
      this.signal('SIGKILL');
    }, bootTimeoutMs);
    void this.booted.then(() => clearTimeout(bootTimer));
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        if (this.state !== 'starting') return;
        this.state = 'idle';
        this.wasReady = true;
        setBooted(true);
        handlers.onReady(this);
        return;
      }
      handlers.onMessage(this, message);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.state = 'dead';
        let reported = false;
        const report = () => {
          if (reported) return;
          reported = true;
          clearTimeout(settle);
          this.lastExit = { code, signal, stderrTail: this.stderrTail };
          setBooted(false);
          handlers.onExit(this, this.lastExit);
          resolve();
        };
        const settle = setTimeout(report, STDERR_SETTLE_MS);
        this.child.once('close', report);
      });
    });
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  /** How the process ended, for error messages. */
  exitSummary(): string {
    if (this.lastExit === null) return 'it is still running';
    const { code, signal, stderrTail } = this.lastExit;
    const how = signal !== null ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
    return `${how}${stderrTail.trim() === '' ? '' : `:\n${stderrTail.trim()}`}`;
  }

  /** Clears the stderr tail so a crash is judged by what the current try printed. */
  resetStderr(): void {
    this.stderrTail = '';
  }

  send(message: ParentMessage): void {
    if (!this.child.connected) return;
    // A failed send means the process is dying: its 'exit' reports that.
    this.child.send(message, (error) => void error);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Lets an idle process exit by itself (it exits when the channel closes); kills it if it lingers. */
  async close(lingerMs = 2000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      if (this.child.connected) this.child.disconnect();
      const timer = setTimeout(() => this.signal('SIGKILL'), lingerMs);
      await this.exited;
      clearTimeout(timer);
      return;
    }
    await this.exited;
  }
}
