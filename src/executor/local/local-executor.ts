/**
 * The local executor: runs tries in a warm pool of task processes on this
 * machine, at most `parallelism` at once, so task code never runs in the
 * scheduler's process and a start costs an IPC message, not a `node` boot.
 *
 * A try:
 *
 *   queued --slot free--> booting (its process starts) --ready--> running --done--> finished
 *     |                      |                                      |--process exits----------> finished (crash / OOM)
 *     +----cancel / stop-----+--> finished                          |--timeout: SIGKILL --exit--> finished (timed out)
 *                                                                   +--cancel: SIGTERM, SIGKILL after grace --exit--> finished
 *
 * Every submitted try gets exactly one `finished`. When this process decides how
 * a try ends (crash, timeout, cancel, shutdown) it also writes the reason to the
 * try's log file and kills the try's bash process group, which outlives a killed
 * task process otherwise.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { formatDuration } from '../../core/duration.js';
import { taskInstanceKeyOf, taskInstanceKeyText, type TaskInstanceKey } from '../../core/run-model.js';
import type { AttemptOutcome } from '../../runner/run-task-attempt.js';
import { formatLogLine } from '../../runner/task-logger.js';
import type { TaskServices } from '../../runner/task-services.js';
import type { AuthoringDefaults } from '../../sdk/authoring-defaults.js';
import type { Executor, ExecutorContext, ExecutorEvent, TaskWorkload } from '../executor.js';
import { callTaskService } from '../task-service-call.js';
import { encodeWorkload } from '../workload-codec.js';
import { TaskChild, taskExecArgv, type TaskChildExit } from './task-child.js';
import type { ChildMessage } from './task-protocol.js';

export interface LocalExecutorOptions {
  /** Tries running at once (and task processes kept). */
  readonly parallelism: number;
  /** Where task processes write DAG bundles (shared with the DAG processor is fine: content-addressed). */
  readonly cacheDir: string;
  /** The configured defaults for what DAG files leave unset, so a task process loads a file as the DAG processor did (default: the SDK's built-in ones). */
  readonly authoringDefaults?: AuthoringDefaults;
  readonly context: ExecutorContext;
  /** Heap limit of each task process (`--max-old-space-size`); default 1024. */
  readonly maxOldSpaceMb?: number;
  /** After SIGTERM (cancel), how long a try may take to stop before SIGKILL; default 5000. */
  readonly killGraceMs?: number;
  readonly clock?: () => Date;
  /** Task processes started by `start()` and kept alive; default min(2, parallelism). */
  readonly prefork?: number;
  /** Tries a process runs before it is replaced (a bound on slow leaks in task code); default 2000. */
  readonly maxTriesPerProcess?: number;
  /**
   * Distinct DAG bundles (file and version) a process imports before it is replaced:
   * imported modules are never freed, so this is what grows its memory (a bundle is its
   * DAG file's own code, tens of KB; node_modules are shared); default 200. At 20, a
   * scheduler running 100 DAGs replaced its processes every few tries: 100 DAGs x 100
   * tasks took 52 s, mostly booting processes.
   */
  readonly maxBundlesPerProcess?: number;
  /** How long past `executionTimeoutMs` a try that ignores its timeout (synchronous code) lives; default 2000. */
  readonly timeoutGraceMs?: number;
}

type Failed = Extract<AttemptOutcome, { state: 'failed' }>;

interface TryRecord {
  readonly id: number;
  readonly keyText: string;
  readonly workload: TaskWorkload;
  phase: 'queued' | 'booting' | 'running';
  child: TaskChild | null;
  /** Set once this process decided how the try ends: its task process is being killed. */
  ending: Failed | null;
  /** The ending was decided by `stop`: the task did nothing wrong and will run again. */
  interrupted: boolean;
  /** Process group of the try's bash shell, if it started one. */
  pgid: number | null;
  services: TaskServices | null;
  timers: NodeJS.Timeout[];
  finished: boolean;
}

const SHUTDOWN_BEFORE_START = 'shut down before the task started';
const SHUTDOWN = 'shut down before the task finished';

export class LocalExecutor implements Executor {
  private readonly parallelism: number;
  private readonly maxOldSpaceMb: number;
  private readonly killGraceMs: number;
  private readonly timeoutGraceMs: number;
  private readonly prefork: number;
  private readonly maxTriesPerProcess: number;
  private readonly maxBundlesPerProcess: number;
  private readonly clock: () => Date;
  private readonly execArgv: string[];
  private readonly host = hostname();

  private readonly children = new Set<TaskChild>();
  /** Retired processes not yet gone. */
  private readonly closing = new Set<TaskChild>();
  private readonly queue: TryRecord[] = [];
  private readonly byId = new Map<number, TryRecord>();
  private readonly byKey = new Map<string, TryRecord>();
  private readonly idleWaiters: (() => void)[] = [];
  private nextTryId = 1;
  private accepting = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: LocalExecutorOptions) {
    if (!Number.isInteger(options.parallelism) || options.parallelism < 1) {
      throw new Error(`parallelism must be a whole number of at least 1, got ${options.parallelism}`);
    }
    this.parallelism = options.parallelism;
    this.maxOldSpaceMb = options.maxOldSpaceMb ?? 1024;
    this.killGraceMs = options.killGraceMs ?? 5000;
    this.timeoutGraceMs = options.timeoutGraceMs ?? 2000;
    this.prefork = Math.min(options.prefork ?? 2, this.parallelism);
    // Replacing a process costs a `node` boot (~0.3 s of CPU here): at the old limit of 100
    // tries, a 10,000-task fan-out of one DAG spent most of the machine's CPU booting them.
    this.maxTriesPerProcess = options.maxTriesPerProcess ?? 2000;
    this.maxBundlesPerProcess = options.maxBundlesPerProcess ?? 200;
    this.clock = options.clock ?? (() => new Date());
    this.execArgv = taskExecArgv(this.maxOldSpaceMb);
  }

  get freeSlots(): number {
    if (!this.accepting) return 0;
    return Math.max(0, this.parallelism - this.activeCount() - this.queue.length);
  }

  /** Starts the warm processes and waits until they are ready, so the first tries do not pay a boot. */
  async start(): Promise<void> {
    if (this.accepting || this.stopping) throw new Error('the local executor was already started');
    this.accepting = true;
    const booting = Array.from({ length: this.prefork }, () => this.spawn());
    const booted = await Promise.all(booting.map((child) => child.booted));
    const failed = booting.find((_, index) => !booted[index]);
    if (failed) {
      await this.stop(0);
      throw new Error(`the local executor could not start a task process: ${failed.exitSummary()}`);
    }
  }

  submit(workload: TaskWorkload): void {
    if (!this.accepting) throw new Error('the local executor is not running (not started yet, or stopped): cannot submit tries');
    const keyText = taskInstanceKeyText(workload.ti);
    if (this.byKey.has(keyText)) {
      throw new Error(`${describeKey(workload.ti)} is already submitted to the local executor and not finished`);
    }
    const record: TryRecord = {
      id: this.nextTryId++,
      keyText,
      workload,
      phase: 'queued',
      child: null,
      ending: null,
      interrupted: false,
      pgid: null,
      services: null,
      timers: [],
      finished: false,
    };
    this.byId.set(record.id, record);
    this.byKey.set(keyText, record);
    this.queue.push(record);
    this.pump();
  }

  cancel(key: TaskInstanceKey, reason: string): void {
    const record = this.byKey.get(taskInstanceKeyText(key));
    if (record) this.endTry(record, { state: 'failed', reason, timedOut: false }, 'term');
  }

  running(): readonly TaskInstanceKey[] {
    return [...this.byId.values()].map((record) => taskInstanceKeyOf(record.workload.ti));
  }

  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.accepting = false;
    for (const record of [...this.byId.values()]) {
      if (record.phase !== 'running') this.endTry(record, { state: 'failed', reason: SHUTDOWN_BEFORE_START, timedOut: false }, 'kill', true);
    }
    await this.waitIdle(graceMs);
    for (const record of [...this.byId.values()]) this.endTry(record, { state: 'failed', reason: SHUTDOWN, timedOut: false }, 'kill', true);
    await this.waitIdle(Number.POSITIVE_INFINITY);
    await Promise.all([...this.children, ...this.closing].map((child) => child.close()));
  }

  // --- the pool ----------------------------------------------------------------------------

  private activeCount(): number {
    let count = 0;
    for (const record of this.byId.values()) if (record.phase !== 'queued') count += 1;
    return count;
  }

  private spawn(): TaskChild {
    const child = new TaskChild(this.execArgv, {
      onReady: (c) => this.onReady(c),
      onMessage: (c, message) => this.onMessage(c, message),
      onExit: (c, exit) => this.onExit(c, exit),
    });
    this.children.add(child);
    return child;
  }

  /** Starts queued tries while slots and processes allow, oldest first. */
  private pump(): void {
    // A try bound to a process still booting moves to a warm one that became free: a boot
    // costs ~1-2 s on this 2-core machine when several start at once, a warm start ~10 ms.
    // (Seen end to end: a burst of 6 tries left one waiting 2.3 s while warm processes sat idle.)
    // The booting process joins the pool when ready.
    for (const record of this.byId.values()) {
      if (record.phase !== 'booting') continue;
      const idle = this.idleChild();
      if (idle === null) break;
      (record.child as TaskChild).tryId = null;
      record.child = idle;
      idle.tryId = record.id;
      this.dispatch(record);
    }
    while (this.accepting && this.queue.length > 0 && this.activeCount() < this.parallelism) {
      const child = this.freeChild();
      if (child === null) return;
      const record = this.queue.shift() as TryRecord;
      record.child = child;
      child.tryId = record.id;
      if (child.state === 'idle') this.dispatch(record);
      else record.phase = 'booting';
    }
  }

  private idleChild(): TaskChild | null {
    for (const child of this.children) if (child.tryId === null && child.state === 'idle') return child;
    return null;
  }

  /** A ready process with no try, else one still starting, else a new one if the pool has room. */
  private freeChild(): TaskChild | null {
    let starting: TaskChild | null = null;
    for (const child of this.children) {
      if (child.tryId !== null) continue;
      if (child.state === 'idle') return child;
      if (child.state === 'starting') starting ??= child;
    }
    if (starting) return starting;
    return this.children.size < this.parallelism ? this.spawn() : null;
  }

  /** Keeps the warm processes after one died or was retired. */
  private replenish(): void {
    while (this.accepting && this.children.size < this.prefork) this.spawn();
  }

  private retire(child: TaskChild): void {
    this.children.delete(child);
    this.closing.add(child);
    void child.close();
    this.replenish();
  }

  private dispatch(record: TryRecord): void {
    const child = record.child as TaskChild;
    record.phase = 'running';
    child.state = 'busy';
    child.triesRun += 1;
    child.bundles.add(`${record.workload.dagFile.absPath}\u0000${record.workload.ti.dagVersionId}`);
    child.resetStderr();
    const { cacheDir, authoringDefaults } = this.options;
    child.send({ type: 'run', tryId: record.id, workload: encodeWorkload(record.workload), cacheDir, ...(authoringDefaults ? { authoringDefaults } : {}) });
    const limitMs = record.workload.executionTimeoutMs;
    if (limitMs !== null) {
      // The process enforces the timeout itself; this catches code that never yields (a synchronous loop).
      const reason = `timed out after ${formatDuration(limitMs)} (executionTimeout): the task did not stop by itself, so its process was killed`;
      record.timers.push(setTimeout(() => this.endTry(record, { state: 'failed', reason, timedOut: true }, 'kill'), limitMs + this.timeoutGraceMs));
    }
    const { ti } = record.workload;
    this.emit({ kind: 'started', key: taskInstanceKeyOf(ti), tryNumber: ti.tryNumber, hostname: this.host, pid: child.pid, at: this.clock() });
  }

  // --- events from task processes ------------------------------------------------------------

  private onReady(child: TaskChild): void {
    const record = child.tryId === null ? undefined : this.byId.get(child.tryId);
    if (record && record.child === child && record.phase === 'booting') this.dispatch(record);
    else this.pump();
  }

  /** The try `child` runs now, if the message is about it (not about one already ended). */
  private currentTry(child: TaskChild, tryId: number): TryRecord | null {
    const record = this.byId.get(tryId);
    return record && record.child === child && record.phase === 'running' ? record : null;
  }

  private onMessage(child: TaskChild, message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'spawned': {
        const record = this.currentTry(child, message.tryId);
        if (record) record.pgid = message.pgid;
        return;
      }
      case 'service':
        void this.serve(child, message);
        return;
      case 'done': {
        const record = this.currentTry(child, message.tryId);
        // A try being killed ends when its process is gone, with the reason decided here.
        if (!record || record.ending) return;
        child.tryId = null;
        child.state = 'idle';
        this.finishTry(record, message.outcome, false);
        // Code abandoned at a timeout may still run in that process: do not give it another try.
        const abandoned = message.outcome.state === 'failed' && message.outcome.timedOut;
        const worn = child.triesRun >= this.maxTriesPerProcess || child.bundles.size >= this.maxBundlesPerProcess;
        if (this.accepting && (abandoned || worn)) this.retire(child);
        this.pump();
        return;
      }
    }
  }

  private async serve(child: TaskChild, request: Extract<ChildMessage, { type: 'service' }>): Promise<void> {
    const record = this.currentTry(child, request.tryId);
    if (!record || record.ending) {
      child.send({ type: 'service-reply', id: request.id, ok: false, error: 'this try has ended: its task code can no longer read or write XComs, variables or connections' });
      return;
    }
    try {
      record.services ??= this.options.context.servicesFor(record.workload.run, record.workload);
      const value = await callTaskService(record.services, request.method, request.args);
      child.send({ type: 'service-reply', id: request.id, ok: true, value });
    } catch (error) {
      child.send({ type: 'service-reply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private onExit(child: TaskChild, exit: TaskChildExit): void {
    this.children.delete(child);
    this.closing.delete(child);
    const record = child.tryId === null ? undefined : this.byId.get(child.tryId);
    if (record && record.child === child && !record.finished) {
      const reason = child.bootTimedOut ? 'the task process did not start within 60s' : this.crashReason(exit, record.phase === 'booting');
      this.finishTry(record, record.ending ?? { state: 'failed', reason, timedOut: false }, true);
    }
    if (child.wasReady) this.replenish();
    this.pump();
  }

  private crashReason(exit: TaskChildExit, whileStarting: boolean): string {
    if (/heap out of memory|Reached heap limit/i.test(exit.stderrTail)) {
      return `the task process ran out of memory (limit ${this.maxOldSpaceMb} MB)`;
    }
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
    if (!whileStarting) return `the task process ${how}`;
    return `the task process ${how} while starting: ${exit.stderrTail.trim().split('\n').slice(-5).join('\n') || '(no output)'}`;
  }

  // --- ending tries ---------------------------------------------------------------------------

  /** Ends a try from here: at once if it is not running yet, else by killing its process ('term': SIGTERM first). */
  private endTry(record: TryRecord, outcome: Failed, how: 'term' | 'kill', interrupted = false): void {
    if (record.finished) return;
    if (record.ending === null) {
      record.ending = outcome;
      record.interrupted = interrupted;
    }
    if (record.phase === 'queued') {
      this.queue.splice(this.queue.indexOf(record), 1);
      this.finishTry(record, record.ending, true);
      return;
    }
    const child = record.child as TaskChild;
    if (record.phase === 'booting') {
      child.tryId = null; // the process is innocent: it joins the pool when ready
      this.finishTry(record, record.ending, true);
      return;
    }
    if (how === 'kill') {
      child.signal('SIGKILL');
      killGroup(record.pgid, 'SIGKILL');
      return;
    }
    child.send({ type: 'cancel', tryId: record.id, reason: outcome.reason });
    child.signal('SIGTERM');
    killGroup(record.pgid, 'SIGTERM');
    record.timers.push(
      setTimeout(() => {
        child.signal('SIGKILL');
        killGroup(record.pgid, 'SIGKILL');
      }, this.killGraceMs),
    );
  }

  /** `byParent`: the reason was decided here, so it goes to the log and any bash group is killed. */
  private finishTry(record: TryRecord, outcome: AttemptOutcome, byParent: boolean): void {
    if (record.finished) return;
    record.finished = true;
    for (const timer of record.timers) clearTimeout(timer);
    this.byId.delete(record.id);
    this.byKey.delete(record.keyText);
    if (byParent) {
      killGroup(record.pgid, 'SIGKILL');
      if (outcome.state === 'failed') this.appendLog(record.workload.logPath, `Task failed: ${outcome.reason}`);
    }
    const { ti } = record.workload;
    const interrupted = record.interrupted && record.ending !== null;
    this.emit({ kind: 'finished', key: taskInstanceKeyOf(ti), tryNumber: ti.tryNumber, outcome, at: this.clock(), ...(interrupted ? { interrupted } : {}) });
    if (this.byId.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private appendLog(path: string, text: string): void {
    try {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${formatLogLine({ at: this.clock(), level: 'ERROR', text })}\n`);
    } catch {
      // The outcome still reaches the scheduler through `finished`; a missing log line must not stop that.
    }
  }

  private waitIdle(ms: number): Promise<void> {
    if (this.byId.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : null;
      this.idleWaiters.push(() => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  private emit(event: ExecutorEvent): void {
    this.options.context.onEvent(event);
  }
}

/** Kills a bash task's whole process group; it may be gone already. */
function killGroup(pgid: number | null, signal: NodeJS.Signals): void {
  if (pgid === null || pgid <= 1) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function describeKey(key: TaskInstanceKey): string {
  return `${key.dagId}.${key.taskId}${key.mapIndex >= 0 ? `[${key.mapIndex}]` : ''} (run ${key.runId})`;
}
