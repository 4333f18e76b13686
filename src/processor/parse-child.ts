/**
 * One parse child process, as the parent sees it.
 *
 *   starting --ready--> idle --parse()--> busy --reply--> idle
 *       |                 |                 |--timeout--> (SIGKILL) dead
 *       +--exit-----------+-----exit--------+-----------> dead
 *
 * A dead child is never reused: the pool starts a new one for the next file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { locateOwnModule } from './own-module.js';
import type { ParseReply, ParseRequest, VariableAnswer, VariableQuestion } from './parse-protocol.js';

export type ParseOutcome =
  | { readonly kind: 'result'; readonly reply: Extract<ParseReply, { type: 'result' }> }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderrTail: string };

export interface ParseChildOptions {
  /** Each line the child (that is, a DAG file) prints. */
  readonly onOutput?: (line: string) => void;
  /** How long the child may take to boot (default 60 s: a cold tsx start can be slow on a busy machine). */
  readonly bootTimeoutMs?: number;
  /** Answers the parse-time `variable()` reads of DAG files (default: none is set). */
  readonly readVariable?: (key: string) => Promise<string | null>;
}

type State = 'starting' | 'idle' | 'busy' | 'dead';

const workerPath = locateOwnModule(import.meta.url, './parse-worker');
const STDERR_TAIL_CHARS = 4000;

/**
 * The parent's flags, minus those that would turn the child into something else
 * (a test runner, a watcher, an inspector on a taken port, an eval), plus source maps
 * so stack traces show the DAG file's own lines. Under tsx this keeps `--import tsx`
 * when the worker is TypeScript source; a built worker (`.js`) needs no loader, and
 * dropping it saves ~30% per file (DAG files are bundled by us, never by tsx).
 */
export function childExecArgv(parentArgv: readonly string[] = process.execArgv, workerIsBuilt = workerPath.endsWith('.js')): string[] {
  const out: string[] = [];
  for (let i = 0; i < parentArgv.length; i++) {
    const arg = parentArgv[i] as string;
    if (/^--(test|watch|inspect|debug)/.test(arg)) continue;
    if (['-e', '--eval', '-p', '--print'].includes(arg)) {
      i += 1; // and its code
      continue;
    }
    if (/^--(eval|print)=/.test(arg) || arg === '-i' || arg === '--interactive') continue;
    if (workerIsBuilt && isTsxHook(arg, parentArgv[i + 1])) {
      if (!arg.includes('=')) i += 1;
      continue;
    }
    out.push(arg);
  }
  if (!out.includes('--enable-source-maps')) out.push('--enable-source-maps');
  return out;
}

function isTsxHook(arg: string, next: string | undefined): boolean {
  const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
  if (!['--import', '--loader', '--experimental-loader', '--require', '-r'].includes(flag)) return false;
  return /(^|[/\\])tsx([/\\]|$)/.test(inline ?? next ?? '');
}

export class ParseChild {
  private state: State = 'starting';
  private stderrTail = '';
  private onReply: ((reply: ParseReply) => void) | null = null;
  private onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | null = null;
  private readonly exited: Promise<void>;
  /** Files this child has parsed (its ESM cache grows with each; the pool recycles it). */
  filesParsed = 0;

  private constructor(
    private readonly child: ChildProcess,
    onOutput: (line: string) => void,
    private readonly readVariable: (key: string) => Promise<string | null>,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.state = 'dead';
        this.onExit?.(code, signal);
        resolve();
      });
    });
    child.on('message', (reply: ParseReply) => {
      if (reply.type === 'variable') this.answer(reply);
      else this.onReply?.(reply);
    });
    child.on('error', () => undefined); // surfaced as 'exit'
    forwardLines(child.stdout, onOutput, () => undefined);
    forwardLines(child.stderr, onOutput, (text) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
  }

  static async start(options: ParseChildOptions = {}): Promise<ParseChild> {
    const child = fork(workerPath, [], {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const handle = new ParseChild(child, options.onOutput ?? (() => undefined), options.readVariable ?? (async () => null));
    const bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        handle.kill();
        reject(new Error(`The DAG parse process did not start within ${bootTimeoutMs / 1000}s`));
      }, bootTimeoutMs);
      handle.onReply = (reply) => {
        if (reply.type !== 'ready') return;
        clearTimeout(timer);
        handle.state = 'idle';
        resolve();
      };
      handle.onExit = (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The DAG parse process exited while starting (${describeExit(code, signal)}):\n${handle.stderrTail}`));
      };
    });
    handle.onReply = null;
    handle.onExit = null;
    return handle;
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  /** Sends one file and waits for its reply, the timeout, or the child's death. */
  parse(request: ParseRequest, timeoutMs: number): Promise<ParseOutcome> {
    if (this.state !== 'idle') throw new Error(`ParseChild.parse called while ${this.state}`);
    this.state = 'busy';
    this.stderrTail = '';
    this.filesParsed += 1;
    return new Promise<ParseOutcome>((resolve) => {
      const finish = (outcome: ParseOutcome) => {
        clearTimeout(timer);
        this.onReply = null;
        this.onExit = null;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.kill();
        finish({ kind: 'timeout' });
      }, timeoutMs);
      this.onReply = (reply) => {
        if (reply.type !== 'result' || reply.id !== request.id) return;
        this.state = 'idle';
        finish({ kind: 'result', reply });
      };
      this.onExit = (code, signal) => {
        // Let the last stderr chunks arrive: they usually hold the reason.
        setImmediate(() => finish({ kind: 'exit', code, signal, stderrTail: this.stderrTail }));
      };
      this.child.send(request);
    });
  }

  private answer(question: VariableQuestion): void {
    const send = (answer: Omit<VariableAnswer, 'type' | 'id'>) => {
      if (this.child.connected) this.child.send({ type: 'variable', id: question.id, ...answer } satisfies VariableAnswer);
    };
    this.readVariable(question.key).then(
      (value) => send({ value }),
      (error: unknown) => send({ value: null, error: `cannot read variable '${question.key}': ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  /** SIGKILL: a file stuck in a loop never gets to run a handler. */
  kill(): void {
    this.state = 'dead';
    this.child.kill('SIGKILL');
  }

  /** Lets the child finish and exit on its own; kills it if it lingers. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal !== null ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
}

function forwardLines(
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string) => void,
  onText: (text: string) => void,
): void {
  if (stream === null) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    onText(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}
